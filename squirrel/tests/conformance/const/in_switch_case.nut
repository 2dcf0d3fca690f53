// Checks: constants as switch case labels
const A = 1;
const B = 2;
local s = "";
switch (2) {
    case A: s = "A"; break;
    case B: s = "B"; break;
}
print(s + "\n");
