-- 10^6 table inserts and lookups with string keys (1000 distinct keys).
local keys = {}
for i = 0, 999 do keys[#keys + 1] = "key" .. i end
local t = {}
local hits = 0
for r = 0, 499 do
  for _, k in ipairs(keys) do t[k] = r end
  for _, k in ipairs(keys) do hits = hits + t[k] end
end
print(hits)
