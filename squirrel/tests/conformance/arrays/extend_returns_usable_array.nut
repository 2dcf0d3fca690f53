// Checks: extending with an empty array changes nothing
local a = [1];
a.extend([]);
print(a.len() + "\n");
