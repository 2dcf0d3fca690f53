// Checks: generator functions take parameters
function stepper(from, step, n) {
    for (local i = 0; i < n; i++) yield from + i * step;
}
local out = [];
foreach (v in stepper(10, 5, 3)) out.push(v);
print(out[0] + " " + out[1] + " " + out[2] + "\n");
