// Checks: a switch with no matching case and no default does nothing
local s = "unchanged";
switch (5) {
    case 1: s = "one"; break;
}
print(s + "\n");
