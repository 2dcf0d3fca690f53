// Checks: && and || return one of their operands, not just true/false
print((1 && 2) + "\n");
print((0 && 2) + "\n");
print((null || "default") + "\n");
print(("first" || "second") + "\n");
print((false || 0) + "\n");
