// Checks: error() writes to stderr, not stdout
error("to stderr");
print("to stdout\n");
