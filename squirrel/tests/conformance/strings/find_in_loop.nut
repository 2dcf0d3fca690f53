// Checks: finding every occurrence with the start parameter
local s = "a,b,,c";
local idx = s.find(",");
local found = [];
while (idx != null) {
    found.push(idx);
    idx = s.find(",", idx + 1);
}
foreach (v in found) print(v + " ");
print("\n");
