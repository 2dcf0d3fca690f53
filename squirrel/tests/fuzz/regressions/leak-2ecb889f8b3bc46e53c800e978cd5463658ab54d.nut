// Checks: break leaves only the innermost loop
local s = "";
for (local i = 0; i < 3; i++) {
    for (local j = 0; j < 3; j++) {
        if (j == 1) break;
 [3, 2, 1];
local b = a;
a.sort(   }
}
print(s + "\n");
