// Checks: reading more than remains throws
local b = blob();
b.writen(1, 'b');
b.seek(0);
try {
    b.readn('i');
    print("no error\n");
} catch (e) {
    print("caught\n");
}
