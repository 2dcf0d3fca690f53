// Checks: clone of a table shares nested containers
local t = { list = [1], n = 1 };
local c = clone t;
c.list.push(2);
c.n = 5;
print(t.list.len() + " " + t.n + "\n");
