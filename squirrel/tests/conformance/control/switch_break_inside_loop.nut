// Checks: break inside a switch leaves the switch, not the enclosing loop
local s = "";
for (local i = 0; i < 3; i++) {
    switch (i) {
        case 1: s += "one"; break;
        default: s += i;
    }
}
print(s + "\n");
