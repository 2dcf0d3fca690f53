// Checks: function declarations inside a table literal become slots
local t = {
    n = 2,
    function double(x) { return x * n; }
};
print(t.double(21) + "\n");
