// Checks: % works on floats (fmod semantics)
print((7.5 % 2) + "\n");
print((-7.5 % 2) + "\n");
print(typeof (7.5 % 2) + "\n");
