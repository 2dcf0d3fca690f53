// Checks: without break, execution falls through into the next case
local s = "";
switch (2) {
    case 1: s += "1";
    case 2: s += "2";
    case 3: s += "3"; break;
    case 4: s += "4";
}
print(s + "\n");
