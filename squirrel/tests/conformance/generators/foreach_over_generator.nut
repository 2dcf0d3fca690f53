// Checks: foreach over a generator visits each yielded value (and not the final return value)
function range(n) {
    for (local i = 0; i < n; i++) yield i;
    return 99;
}
foreach (v in range(4)) print(v + " ");
print("\n");
