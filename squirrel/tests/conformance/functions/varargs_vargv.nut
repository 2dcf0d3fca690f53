// Checks: ... collects extra arguments into the vargv array
function count(...) { return vargv.len(); }
print(count() + " " + count(1) + " " + count(1, 2, 3) + "\n");
