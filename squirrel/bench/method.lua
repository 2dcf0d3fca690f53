-- 10^6 method calls on a class instance.
local Counter = {}
Counter.__index = Counter
function Counter.new() return setmetatable({n = 0}, Counter) end
function Counter:add(k) self.n = self.n + k; return self end
local c = Counter.new()
for i = 0, 1000000 - 1 do c:add(1) end
print(c.n)
