// Checks: regexp2.search() returns begin and end of the first match
local m = regexp2("[0-9]+").search("abc 123 def");
print(m.begin + " " + m.end + "\n");
print((regexp2("z").search("abc") == null) + "\n");
