// Checks: assert(true) does nothing
assert(true);
assert(1 == 1);
print("ok\n");
