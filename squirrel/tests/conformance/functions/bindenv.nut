// Checks: bindenv(env) returns a function whose this is always env
local obj = { v = "bound" };
local plain = function() { return this.v; };
local f = plain.bindenv(obj);
local other = { v = "other", f = f };
print(f() + "\n");
print(other.f() + "\n");
