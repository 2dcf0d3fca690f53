// Checks: _inherited is called on the base class when another class extends it
class Base {
    function _inherited(attributes) { print("inherited\n"); }
}
print("before\n");
class Derived extends Base {}
print("after\n");
