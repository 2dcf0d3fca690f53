-- 10^5 string concatenations, in chunks so each string stays short.
local total = 0
for r = 0, 99 do
  local s = ""
  for i = 0, 999 do s = s .. "ab" end
  total = total + #s
end
print(total)
