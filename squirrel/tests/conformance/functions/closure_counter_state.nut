// Checks: a closure keeps and updates captured state across calls
function makeCounter() {
    local count = 0;
    return function() { count++; return count; };
}
local c = makeCounter();
c(); c();
print(c() + "\n");
local d = makeCounter();
print(d() + "\n");
