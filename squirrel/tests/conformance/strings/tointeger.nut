// Checks: string.tointeger() parses decimal integers, including negative ones
print("123".tointeger() + "\n");
print("-45".tointeger() + "\n");
print(typeof "7".tointeger() + "\n");
print(("10".tointeger() + 5) + "\n");
