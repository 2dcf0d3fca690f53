// Checks: switch on strings
local cmd = "stop";
switch (cmd) {
    case "go": print("going\n"); break;
    case "stop": print("stopping\n"); break;
}
