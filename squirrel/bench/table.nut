// 10^6 table inserts and lookups with string keys (1000 distinct keys).
local keys = [];
for (local i = 0; i < 1000; i++) keys.append("key" + i);
local t = {};
local hits = 0;
for (local r = 0; r < 500; r++) {
    foreach (k in keys) t[k] <- r;
    foreach (k in keys) hits += t[k];
}
print(hits + "\n");
