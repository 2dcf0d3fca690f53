// Checks: calling a constructor with the wrong number of arguments throws
class P { constructor(x) {} }
try {
    P();
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
