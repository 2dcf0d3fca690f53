// Checks: finding every match by searching from the previous end
local s = "a1b22c333";
local r = regexp("[0-9]+");
local pos = 0;
local found = [];
local m;
while ((m = r.search(s, pos)) != null) {
    found.push(s.slice(m.begin, m.end));
    pos = m.end;
}
foreach (f in found) print(f + " ");
print("\n");
