// Checks: string.find() returns the index of the first occurrence
local s = "hello world";
print(s.find("o") + "\n");
print(s.find("world") + "\n");
print(s.find("h") + "\n");
