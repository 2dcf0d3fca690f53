// Checks: building a comma-separated list
local s = "";
for (local i = 1; i <= 4; i++) {
    if (s.len() > 0) s += ",";
    s += i;
}
print(s + "\n");
