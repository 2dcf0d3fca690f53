// Checks: breaking out of a foreach over an infinite generator
function naturals() { local n = 1; while (true) yield n++; }
local sum = 0;
foreach (v in naturals()) {
    if (v > 4) break;
    sum += v;
}
print(sum + "\n");
