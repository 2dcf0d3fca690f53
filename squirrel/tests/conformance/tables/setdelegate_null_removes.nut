// Checks: setdelegate(null) removes the delegate
local t = {};
t.setdelegate({ x = 1 });
print(t.x + "\n");
t.setdelegate(null);
try { print(t.x + "\n"); } catch (e) { print(e + "\n"); }
