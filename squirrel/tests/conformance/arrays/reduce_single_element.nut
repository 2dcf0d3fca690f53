// Checks: reduce on a one-element array returns that element
print([42].reduce(function(p, c) { return p + c; }) + "\n");
