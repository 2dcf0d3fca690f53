// Checks: class.getbase() returns the base class or null
class A {}
class B extends A {}
print((B.getbase() == A) + " " + (A.getbase() == null) + "\n");
