// Checks: table literal slots may be separated by newlines instead of commas
local t = {
    a = 1
    b = 2
    c = 3
}
print((t.a + t.b + t.c) + "\n");
