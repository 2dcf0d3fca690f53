// Checks: concatenating an integral float uses its %g form
print(("x" + 2.0) + " " + ("y" + 10.5) + "\n");
