// Checks: each character of split()'s second argument is a separator
local parts = split("1 2;3", " ;");
print(parts.len() + "\n");
print(parts[0] + parts[1] + parts[2] + "\n");
