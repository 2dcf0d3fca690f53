// Checks: math.floor and math.ceil round down and up
print(math.floor(2.7) + " " + math.floor(-2.3) + " " + math.ceil(2.1) + " " + math.ceil(-2.7) + "\n");
