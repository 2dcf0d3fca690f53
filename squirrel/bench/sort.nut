// Sorting 10^5 integers with a comparator (a seeded linear congruential sequence).
local a = array(100000);
local x = 12345;
for (local i = 0; i < 100000; i++) { x = (x * 1103515245 + 12345) & 0x7fffffff; a[i] = x % 1000000; }
a.sort(function(p, q) { return p <=> q; });
print(a[0] + " " + a[50000] + " " + a[99999] + "\n");
