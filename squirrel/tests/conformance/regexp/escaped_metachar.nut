// Checks: a backslash quotes a metacharacter
print(regexp("1\\+1").match("1+1") + " " + regexp("1\\+1").match("11") + "\n");
