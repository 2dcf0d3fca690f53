// Checks: resume returns successive yielded values
function counter() {
    yield 1;
    yield 2;
    yield 3;
}
local g = counter();
print(resume g);
print(resume g);
print(resume g);
print("\n");
