// Checks: metamethods are inherited by derived classes
class A { function _tostring() { return "A-like"; } }
class B extends A {}
print(B() + "\n");
