// Checks: string.len() returns the number of bytes
print("hello".len() + "\n");
print("".len() + "\n");
print("a\nb".len() + "\n");
