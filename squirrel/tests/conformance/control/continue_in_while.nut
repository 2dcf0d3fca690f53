// Checks: continue in a while loop re-evaluates the condition
local i = 0;
local s = "";
while (i < 5) {
    i++;
    if (i == 3) continue;
    s += i;
}
print(s + "\n");
