// Checks: ! gives a boolean
print((!null) + " " + (!0) + " " + (!1) + " " + (!"") + "\n");
