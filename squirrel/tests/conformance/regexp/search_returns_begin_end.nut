// Checks: regexp.search() returns a table with begin and end of the first match
local r = regexp("[0-9]+");
local m = r.search("abc 123 def 45");
print(m.begin + " " + m.end + "\n");
