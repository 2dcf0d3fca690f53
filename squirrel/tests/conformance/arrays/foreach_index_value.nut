// Checks: foreach with index and value
foreach (i, v in ["a", "b", "c"]) print(i + "=" + v + " ");
print("\n");
