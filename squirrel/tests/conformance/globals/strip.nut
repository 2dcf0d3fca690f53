// Checks: strip() removes leading and trailing whitespace
print("[" + strip("  hello world \t\n") + "]\n");
print("[" + strip("none") + "]\n");
print("[" + strip("   ") + "]\n");
