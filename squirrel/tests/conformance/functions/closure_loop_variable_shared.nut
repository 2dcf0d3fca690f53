// Checks: closures capturing the for-loop variable itself all see its final value
local fns = [];
for (local i = 0; i < 3; i++) {
    fns.push(function() { return i; });
}
foreach (f in fns) print(f());
print("\n");
