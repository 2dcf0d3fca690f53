// Checks: typeof of a class is "class", of an instance "instance"
class A {}
print(typeof A + " " + typeof A() + "\n");
