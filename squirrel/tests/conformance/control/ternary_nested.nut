// Checks: nested ternary expressions
function sign(n) { return n > 0 ? 1 : n < 0 ? -1 : 0; }
print(sign(5) + " " + sign(-5) + " " + sign(0) + "\n");
