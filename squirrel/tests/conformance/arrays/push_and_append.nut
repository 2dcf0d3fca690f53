// Checks: push() and append() both add to the end
local a = [];
a.push(1);
a.append(2);
a.push("three");
print(a.len() + " " + a[0] + a[1] + a[2] + "\n");
