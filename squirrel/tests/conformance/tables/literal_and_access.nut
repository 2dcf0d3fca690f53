// Checks: table literal slots accessed with . and []
local t = { a = 1, b = "two" };
print(t.a + "\n");
print(t["b"] + "\n");
