// Checks: try/catch inside a loop catches every iteration's error
local count = 0;
for (local i = 0; i < 3; i++) {
    try { throw i; } catch (e) { count += e; }
}
print(count + "\n");
