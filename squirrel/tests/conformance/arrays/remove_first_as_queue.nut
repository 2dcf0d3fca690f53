// Checks: remove(0) works as a queue (first in, first out)
local q = [1, 2, 3];
local out = "";
while (q.len()) out += q.remove(0);
print(out + "\n");
