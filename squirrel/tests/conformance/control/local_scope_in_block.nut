// Checks: a local declared in a block shadows and does not leak
local x = "outer";
{
    local x = "inner";
    print(x + "\n");
}
print(x + "\n");
