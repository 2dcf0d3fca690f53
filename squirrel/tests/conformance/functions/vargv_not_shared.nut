// Checks: each call gets its own vargv
function f(...) { vargv.push("extra"); return vargv.len(); }
print(f(1) + " " + f(1) + "\n");
