// Checks: _tostring defined in a derived class overrides the base one
class A { function _tostring() { return "A"; } }
class B extends A { function _tostring() { return "B"; } }
print(A() + " " + B() + "\n");
