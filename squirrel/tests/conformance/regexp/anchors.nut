// Checks: ^ and $ anchor to the beginning and end
print(regexp("^abc$").match("abc") + " " + (regexp("^b").search("abc") == null) + "\n");
