// Checks: getroottable() returns the table of globals
g_value <- 99;
local root = getroottable();
print(root.g_value + "\n");
print(("g_value" in root) + "\n");
print(typeof root + "\n");
