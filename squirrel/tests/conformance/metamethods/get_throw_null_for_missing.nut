// Checks: _get that throws null makes the access fail as a missing index
class Strict {
    function _get(key) { if (key == "ok") return 1; throw null; }
}
local s = Strict();
print(s.ok + "\n");
try {
    local v = s.bad;
    print("no error\n");
} catch (e) {
    print("caught\n");
}
