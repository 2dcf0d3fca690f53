// Checks: bindenv does not change the original function
local f = function() { return this.tag; };
local a = { tag = "A", f = f };
local g = f.bindenv({ tag = "B" });
print(a.f() + " " + g() + "\n");
