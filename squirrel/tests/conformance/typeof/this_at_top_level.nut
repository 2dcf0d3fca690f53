// Checks: typeof this at top level is "table" (the root table)
print(typeof this + "\n");
