// Checks: concatenating null and booleans with strings uses "null", "true", "false"
print(("x" + null) + "\n");
print(("x" + true) + "\n");
print((false + "y") + "\n");
print((null + "y") + "\n");
