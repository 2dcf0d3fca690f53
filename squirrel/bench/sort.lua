-- Sorting 10^5 integers with a comparator (the same seeded sequence, 32-bit wrap).
local a = {}
local x = 12345
for i = 1, 100000 do
  x = (x * 1103515245 + 12345) & 0xffffffff
  x = x & 0x7fffffff
  a[i] = x % 1000000
end
table.sort(a, function(p, q) return p < q end)
print(a[1] .. " " .. a[50001] .. " " .. a[100000])
