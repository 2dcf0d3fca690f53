// Checks: constants are visible inside functions declared after them
const LIMIT = 3;
function over(n) { return n > LIMIT; }
print(over(2) + " " + over(4) + "\n");
