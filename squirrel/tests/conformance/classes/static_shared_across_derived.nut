// Checks: a derived class sees the base class's static member
class A { static K = "k"; }
class B extends A {}
print(B.K + "\n");
