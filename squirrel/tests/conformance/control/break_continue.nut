// Checks: break and continue in loops
local s = "";
for (local i = 0; i < 10; i++) {
    if (i % 2 == 1) continue;
    if (i > 6) break;
    s += i;
}
print(s + "\n");
