// Checks: converting a float within integer range to integer
print(1.0e9.tointeger() + "\n");
print((-2.0e9).tointeger() + "\n");
