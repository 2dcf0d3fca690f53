// Checks: calling a method that does not exist throws "the index 'nomethod' does not exist"
class C {}
try {
    C().nomethod();
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
