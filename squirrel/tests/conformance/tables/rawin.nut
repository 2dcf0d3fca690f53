// Checks: rawin tests for a key without consulting delegates
local d = { inherited = 1 };
local t = { own = 2 };
t.setdelegate(d);
print(t.rawin("own") + "\n");
print(t.rawin("inherited") + "\n");
print(t.inherited + "\n");
