// Checks: an error thrown inside a generator reaches the resume caller
function g() {
    yield 1;
    throw "gen failed";
}
local it = g();
print((resume it) + "\n");
try {
    resume it;
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
