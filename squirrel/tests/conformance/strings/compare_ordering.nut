// Checks: < and > on strings compare lexicographically by character code
print(("apple" < "banana") + "\n");
print(("b" > "abc") + "\n");
print(("abc" < "abcd") + "\n");
print(("Z" < "a") + "\n");
