// 10^6 method calls on a class instance.
class Counter {
    n = 0;
    function add(k) { n += k; return this; }
}
local c = Counter();
for (local i = 0; i < 1000000; i++) c.add(1);
print(c.n + "\n");
