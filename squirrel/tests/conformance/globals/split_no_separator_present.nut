// Checks: split() of a string without separators returns a one-element array
local parts = split("abc", ",");
print(parts.len() + " " + parts[0] + "\n");
