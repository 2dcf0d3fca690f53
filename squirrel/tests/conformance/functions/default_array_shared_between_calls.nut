// Checks: a default parameter is evaluated once, so a default [] is shared between calls
function collect(v, list = []) {
    list.push(v);
    return list.len();
}
print(collect(1) + "\n");
print(collect(2) + "\n");
print(collect(3, []) + "\n");
print(collect(4) + "\n");
