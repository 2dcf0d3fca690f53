// Checks: hex formatting of character codes
local s = "AZ";
local out = "";
foreach (c in s) out += format("%02x", c);
print(out + "\n");
