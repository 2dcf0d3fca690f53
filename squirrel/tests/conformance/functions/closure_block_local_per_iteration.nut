// Checks: a local declared inside the loop body is a fresh variable each iteration
local fns = [];
for (local i = 0; i < 3; i++) {
    local j = i;
    fns.push(function() { return j; });
}
foreach (f in fns) print(f());
print("\n");
