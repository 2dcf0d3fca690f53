// Checks: bitwise & binds looser than == (so parentheses are needed)
local x = 6;
print(((x & 2) == 2) + "\n");
