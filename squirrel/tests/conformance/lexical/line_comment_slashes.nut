// Checks: // starts a comment that runs to the end of the line
local x = 1; // x = 2;
print(x + "\n"); // print("no\n");
