// Checks: an error in a constructor is reported in the frame named "constructor"
class A {
    constructor() {
        throw "ctor failed";
    }
}
A();
