// Checks: an uncaught throw at top level prints ERROR lines to stderr and exits 1
print("before\n");
throw "fatal";
print("after\n");
