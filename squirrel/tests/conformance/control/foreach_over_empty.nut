// Checks: foreach over empty containers does not run the body
local n = 0;
foreach (v in []) n++;
foreach (k, v in {}) n++;
foreach (c in "") n++;
print(n + "\n");
