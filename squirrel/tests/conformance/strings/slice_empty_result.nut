// Checks: slice with start == end gives an empty string
local s = "abc";
print("[" + s.slice(1, 1) + "]\n");
print("[" + s.slice(3) + "]\n");
