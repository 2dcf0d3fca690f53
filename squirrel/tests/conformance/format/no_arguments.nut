// Checks: a format string without conversions is returned unchanged
print(format("plain text") + "\n");
