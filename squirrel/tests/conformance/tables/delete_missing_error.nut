// Checks: deleting a missing slot throws "the index 'nope' does not exist"
local t = {};
try {
    delete t.nope;
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
