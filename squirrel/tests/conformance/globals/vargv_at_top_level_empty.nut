// Checks: vargv at top level holds the (absent) command-line arguments
print(vargv.len() + "\n");
