// Checks: typeof a blob is "blob"
print(typeof blob(4) + "\n");
