// Checks: class methods can read locals captured when the class was declared inside a function
function makeClass(prefix) {
    return class {
        function tag(x) { return prefix + x; }
    };
}
local K = makeClass("id-");
print(K().tag(5) + "\n");
