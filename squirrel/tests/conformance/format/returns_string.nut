// Checks: format() returns a string value
local s = format("%d", 10);
print(typeof s + "\n");
print(s.len() + "\n");
