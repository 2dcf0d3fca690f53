// Checks: a top-level named function is stored in the root table
function topLevel() { return 1; }
print(("topLevel" in getroottable()) + "\n");
print(typeof ::topLevel + "\n");
