// Checks: typeof of a method read from a class
class C { function m() {} }
print(typeof C.m + "\n");
