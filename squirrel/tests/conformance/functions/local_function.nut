// Checks: local function declarations
local function square(x) { return x * x; }
print(square(7) + "\n");
print(("square" in getroottable()) + "\n");
