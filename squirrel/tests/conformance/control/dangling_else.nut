// Checks: else binds to the nearest if
local r = "none";
if (true)
    if (false) r = "inner-if";
    else r = "inner-else";
print(r + "\n");
