// Checks: rstrip() removes only trailing whitespace
print("[" + rstrip("  right \n\t") + "]\n");
