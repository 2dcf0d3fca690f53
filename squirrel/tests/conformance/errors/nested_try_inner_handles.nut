// Checks: the innermost try handles the error; the outer catch does not run
local log = "";
try {
    try { throw "x"; } catch (e) { log += "inner "; }
    log += "after-inner ";
} catch (e) {
    log += "outer";
}
print(log + "\n");
