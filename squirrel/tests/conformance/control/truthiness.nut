// Checks: null, false, 0 and 0.0 are false; everything else, including "" and [], is true
local vals = [null, false, 0, 0.0, 1, -1, "", "0", [], {}];
foreach (v in vals) print((v ? "T" : "F"));
print("\n");
