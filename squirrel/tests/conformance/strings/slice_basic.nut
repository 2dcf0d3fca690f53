// Checks: string.slice(start, end) returns characters start..end-1
local s = "Hello World";
print(s.slice(0, 5) + "\n");
print(s.slice(6) + "\n");
print(s.slice(2, 3) + "\n");
