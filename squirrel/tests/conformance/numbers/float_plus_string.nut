// Checks: float + string concatenates using the float's string form
print(("v=" + 0.25) + "\n");
print((1.5 + "!") + "\n");
