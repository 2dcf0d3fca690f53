// Checks: nested table access and creation
local t = { inner = { deeper = { v = "deep" } } };
print(t.inner.deeper.v + "\n");
t.inner.extra <- 1;
print(t.inner.len() + "\n");
