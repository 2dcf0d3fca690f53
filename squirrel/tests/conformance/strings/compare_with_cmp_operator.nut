// Checks: <=> on strings gives a negative, zero or positive result
print((("a" <=> "b") < 0) + "\n");
print((("b" <=> "a") > 0) + "\n");
print(("a" <=> "a") + "\n");
