// Checks: for loops with empty init/condition/step and break
local i = 0;
for (;;) {
    if (i >= 3) break;
    i++;
}
print(i + "\n");
