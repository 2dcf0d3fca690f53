// Checks: constructors accept default parameters
class P {
    a = null; b = null;
    constructor(x, y = "def") { a = x; b = y; }
}
local p = P(1);
print(p.a + " " + p.b + "\n");
