// Checks: ++ and += work on table slots
local t = { n = 0 };
t.n++;
t.n += 10;
++t.n;
print(t.n + "\n");
