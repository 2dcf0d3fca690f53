// Checks: a while loop whose condition starts false does not run
local n = 0;
while (false) n++;
print(n + "\n");
