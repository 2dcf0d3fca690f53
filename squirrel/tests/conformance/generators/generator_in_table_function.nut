// Checks: a generator created from a table's function sees the table as this
local t = {
    limit = 3,
    function gen() { for (local i = 0; i < limit; i++) yield i; }
};
local n = 0;
foreach (v in t.gen()) n += v;
print(n + "\n");
