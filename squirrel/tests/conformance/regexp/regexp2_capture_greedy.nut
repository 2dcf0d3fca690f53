// Checks: regexp2 captures greedily: (b+)(bbb) on bbbbbbb gives bbbb and bbb (regexp page, known issues)
local es = "(b+)(bbb)";
local cs = "bbbbbbb";
local rs2 = regexp2(es).capture(cs);
foreach (index, value in rs2) {
    print(format("  Match number %02d: %s", index + 1, cs.slice(value.begin, value.end)) + "\n");
}
