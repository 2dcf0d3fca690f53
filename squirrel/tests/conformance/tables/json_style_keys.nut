// Checks: JSON-style "key": value slots in a table literal
local t = { "name": "imp", "count": 3, "nested": { "ok": true } };
print(t.name + " " + t.count + " " + t.nested.ok + "\n");
