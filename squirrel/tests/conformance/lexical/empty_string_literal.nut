// Checks: the empty string literal has length 0
local s = "";
print(s.len() + "\n");
print("[" + s + "]\n");
