// Checks: _nexti drives foreach over an instance: it returns the next key, null to stop
class Ordered {
    a = "A"; b = "B"; c = "C";
    static order = ["c", "a", "b"];
    function _nexti(prev) {
        if (prev == null) return order[0];
        local i = order.find(prev) + 1;
        return i < order.len() ? order[i] : null;
    }
}
foreach (k, v in Ordered()) print(k + "=" + v + " ");
print("\n");
