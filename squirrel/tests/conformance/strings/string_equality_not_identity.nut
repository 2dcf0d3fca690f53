// Checks: strings built at runtime are equal to literals
local parts = ["he", "llo"];
local s = parts[0] + parts[1];
print((s == "hello") + "\n");
