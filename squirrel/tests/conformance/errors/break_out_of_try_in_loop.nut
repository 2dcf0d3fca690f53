// Checks: break inside a try block inside a loop
local n = 0;
while (true) {
    try {
        n++;
        if (n == 3) break;
    } catch (e) {}
}
print(n + "\n");
