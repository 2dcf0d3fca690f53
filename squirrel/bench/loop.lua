-- 10^7 integer additions in a loop (wrapped to 32 bits at the end, as Squirrel does).
local s = 0
for i = 0, 10000000 - 1 do s = s + i end
s = s & 0xffffffff
if s >= 0x80000000 then s = s - 0x100000000 end
print(s)
