// Checks: string.find(sub, start) searches from the given index
local s = "abcabc";
print(s.find("b", 2) + "\n");
print(s.find("a", 1) + "\n");
