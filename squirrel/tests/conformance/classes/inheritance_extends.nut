// Checks: a derived class inherits members and methods
class Animal {
    name = null;
    constructor(n) { name = n; }
    function describe() { return name + " makes " + sound(); }
    function sound() { return "a sound"; }
}
class Dog extends Animal {
    function sound() { return "woof"; }
}
local d = Dog("Rex");
print(d.describe() + "\n");
print(Animal("Generic").describe() + "\n");
