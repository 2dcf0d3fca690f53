// Checks: returning this allows method chaining
class B {
    s = "";
    function add(x) { s += x; return this; }
}
print(B().add("a").add("b").add("c").s + "\n");
