// Checks: a function declared inside another is a local closure of it
function outer() {
    local function inner(x) { return x * 3; }
    return inner(4);
}
print(outer() + "\n");
