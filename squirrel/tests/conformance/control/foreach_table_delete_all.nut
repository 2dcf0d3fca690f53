// Checks: deleting every slot while iterating a table leaves it empty
local t = { a = 1, b = 2, c = 3 };
local visited = 0;
foreach (k, v in t) { visited++; delete t[k]; }
print(visited + " " + t.len() + "\n");
