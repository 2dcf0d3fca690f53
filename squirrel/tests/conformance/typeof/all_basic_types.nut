// Checks: typeof of every basic type
print(typeof null + "\n");
print(typeof 1 + "\n");
print(typeof 1.0 + "\n");
print(typeof true + "\n");
print(typeof "s" + "\n");
print(typeof {} + "\n");
print(typeof [] + "\n");
print(typeof function() {} + "\n");
