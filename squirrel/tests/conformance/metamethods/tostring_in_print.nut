// Checks: print() of an instance uses _tostring
class V { function _tostring() { return "printed"; } }
print(V());
print("\n");
