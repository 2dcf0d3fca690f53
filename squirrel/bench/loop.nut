// 10^7 integer additions in a loop.
local s = 0;
for (local i = 0; i < 10000000; i++) s += i;
print(s + "\n");
