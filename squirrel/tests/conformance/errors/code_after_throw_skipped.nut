// Checks: statements after a throw in the try block do not run
local s = "";
try {
    s += "a";
    throw "x";
    s += "b";
} catch (e) {
    s += "c";
}
s += "d";
print(s + "\n");
