// Checks: = updates an existing slot
local t = { count = 1 };
t.count = 5;
t.count += 2;
print(t.count + "\n");
