// Checks: math.rand() returns integers between 0 and math.RAND_MAX
local ok = true;
for (local i = 0; i < 100; i++) {
    local r = math.rand();
    if (typeof r != "integer" || r < 0 || r > math.RAND_MAX) ok = false;
}
print(ok + " " + (math.RAND_MAX > 0) + "\n");
