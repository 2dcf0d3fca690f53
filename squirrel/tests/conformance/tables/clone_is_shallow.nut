// Checks: clone of a table copies slots but shares nested objects
local inner = [1];
local t = { a = 1, arr = inner };
local c = clone t;
c.a = 2;
c.arr.push(2);
print(t.a + " " + c.a + " " + t.arr.len() + "\n");
