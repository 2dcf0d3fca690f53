// Checks: map over an empty array gives an empty array
local r = [].map(function(v) { return v; });
print(r.len() + "\n");
