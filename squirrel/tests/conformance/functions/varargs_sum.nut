// Checks: iterating vargv by index
function sum(...) {
    local t = 0;
    for (local i = 0; i < vargv.len(); i++) t += vargv[i];
    return t;
}
print(sum(1, 2, 3, 4) + "\n");
