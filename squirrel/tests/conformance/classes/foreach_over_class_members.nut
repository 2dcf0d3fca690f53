// Checks: foreach over a class visits its members (variables with their declared values, and methods)
class A { x = 1; y = 2; function f() {} }
local sum = 0;
local n = 0;
foreach (k, v in A) {
    if (typeof v == "integer") { sum += v; n++; }
}
print(n + " " + sum + "\n");
