// Checks: break and continue inside foreach
local s = "";
foreach (v in [1, 2, 3, 4, 5]) {
    if (v == 2) continue;
    if (v == 4) break;
    s += v;
}
print(s + "\n");
