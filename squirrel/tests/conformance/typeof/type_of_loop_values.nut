// Checks: typeof in a loop over mixed values
foreach (v in [0, 0.0, "", null, false]) print(typeof v + ",");
print("\n");
