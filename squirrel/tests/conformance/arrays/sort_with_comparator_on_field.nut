// Checks: sorting tables by a field with a comparator returning -1/0/1
local people = [{ n = "c", age = 30 }, { n = "a", age = 20 }, { n = "b", age = 25 }];
people.sort(function(p, q) {
    if (p.age > q.age) return 1;
    if (p.age < q.age) return -1;
    return 0;
});
foreach (p in people) print(p.n);
print("\n");
