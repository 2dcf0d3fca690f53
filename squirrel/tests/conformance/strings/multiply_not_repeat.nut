// Checks: there is no string repetition operator; build repeats with a loop
local s = "";
for (local i = 0; i < 3; i++) s += "ab";
print(s + "\n");
