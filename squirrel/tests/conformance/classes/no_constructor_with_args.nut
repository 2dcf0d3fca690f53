// Checks: a class without a constructor can be instantiated with no arguments
class E { v = 3; }
print(E().v + "\n");
