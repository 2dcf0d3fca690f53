// Checks: [expr] = value slots in a table literal
local k = "dyn";
local t = { [1] = "one", [k] = "dynamic", ["with space"] = 3 };
print(t[1] + " " + t.dyn + " " + t["with space"] + "\n");
