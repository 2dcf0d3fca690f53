// Checks: ? makes the previous item optional
local r = regexp("colou?r");
print(r.match("color") + " " + r.match("colour") + "\n");
