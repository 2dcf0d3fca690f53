// 10^5 string concatenations, in chunks so each string stays short.
local total = 0;
for (local r = 0; r < 100; r++) {
    local s = "";
    for (local i = 0; i < 1000; i++) s += "ab";
    total += s.len();
}
print(total + "\n");
