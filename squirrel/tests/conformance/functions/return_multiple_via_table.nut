// Checks: returning a table to give several results
function divmod(a, b) { return { q = a / b, r = a % b }; }
local res = divmod(17, 5);
print(res.q + " " + res.r + "\n");
