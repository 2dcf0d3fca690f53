// Checks: while(true) with break
local n = 0;
while (true) {
    n++;
    if (n == 7) break;
}
print(n + "\n");
