// Checks: regexp.capture() returns null when there is no match
local r = regexp("(\\d+)");
print((r.capture("none here") == null) + "\n");
