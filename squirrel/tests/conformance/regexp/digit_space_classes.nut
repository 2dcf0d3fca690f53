// Checks: \d, \s and \w classes
print(regexp("\\d+\\s\\w+").match("12 abc") + " " + regexp("\\d+").match("12a") + "\n");
