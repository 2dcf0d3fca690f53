// Checks: default runs only when no case matches
local s = "";
switch ("b") {
    case "a": s += "A"; break;
    case "b": s += "B"; break;
    default: s += "D";
}
print(s + "\n");
