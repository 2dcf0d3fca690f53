// Checks: indexing a string returns the integer character code
local s = "ABC";
print(s[0] + "\n");
print(s[2] + "\n");
print(typeof s[1] + "\n");
