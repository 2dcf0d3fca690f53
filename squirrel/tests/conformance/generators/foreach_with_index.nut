// Checks: foreach over a generator with a key variable counts from 0
function letters() { yield "a"; yield "b"; }
foreach (i, v in letters()) print(i + v + " ");
print("\n");
