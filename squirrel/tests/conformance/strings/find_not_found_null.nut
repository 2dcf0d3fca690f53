// Checks: string.find() returns null when the substring is absent
local r = "hello".find("z");
print((r == null) + "\n");
print(typeof r + "\n");
