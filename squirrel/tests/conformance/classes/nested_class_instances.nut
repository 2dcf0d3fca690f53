// Checks: instances holding instances
class Node {
    val = null; next = null;
    constructor(v, n = null) { val = v; next = n; }
}
local list = Node(1, Node(2, Node(3)));
local s = "";
for (local n = list; n != null; n = n.next) s += n.val;
print(s + "\n");
