// Checks: a character literal is the integer Ascii code (Squirrel Programming Guide: '*' displays 42)
local c = '*';
print(c + "\n");
print(typeof 'a' + "\n");
print(('a' + 1) + "\n");
