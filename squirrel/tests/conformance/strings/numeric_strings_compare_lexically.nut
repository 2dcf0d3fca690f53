// Checks: strings of digits compare as text, not as numbers
print(("10" < "9") + " " + (10 < 9) + "\n");
