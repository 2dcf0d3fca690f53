// Checks: {n,m} repetition
local r = regexp("a{2,3}");
print(r.match("a") + " " + r.match("aa") + " " + r.match("aaa") + " " + r.match("aaaa") + "\n");
