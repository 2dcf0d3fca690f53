// Checks: float.tointeger() truncates toward zero, it does not round
print(3.9.tointeger() + "\n");
print((-3.9).tointeger() + "\n");
print(0.5.tointeger() + "\n");
print(typeof 2.0.tointeger() + "\n");
