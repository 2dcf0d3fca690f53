// Checks: case labels can be expressions
local base = 10;
local r = "";
switch (12) {
    case base + 1: r = "eleven"; break;
    case base + 2: r = "twelve"; break;
}
print(r + "\n");
