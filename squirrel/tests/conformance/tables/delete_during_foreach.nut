// Checks: deleting slots of the table being iterated does not crash and removes them
local t = { a = 1, b = 2, c = 3, d = 4 };
foreach (k, v in t) {
    if (v % 2 == 0) delete t[k];
}
local keys = [];
foreach (k, v in t) keys.push(k);
keys.sort();
foreach (k in keys) print(k);
print("\n");
