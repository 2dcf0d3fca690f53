// Checks: lstrip() removes only leading whitespace
print("[" + lstrip("  \tleft  ") + "]\n");
