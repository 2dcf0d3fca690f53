// Checks: _newmember is called for each member declared in a derived class body
class Base {
    function _newmember(index, value, attributes, isstatic) {
        print("member " + index + "\n");
    }
}
class Derived extends Base {
    a = 1;
    function m() {}
}
