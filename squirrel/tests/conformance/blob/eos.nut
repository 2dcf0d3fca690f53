// Checks: eos() becomes true when the position reaches the end
local b = blob();
b.writen(7, 'b');
b.seek(0);
print((b.eos() ? "end" : "more") + " ");
b.readn('b');
print((b.eos() ? "end" : "more") + "\n");
