// Checks: several conversions of different kinds in one format string
print(format("%s is %d years and %.1f%% done (0x%02X)", "Bob", 30, 12.5, 10) + "\n");
