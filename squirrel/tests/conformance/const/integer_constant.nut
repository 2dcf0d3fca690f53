// Checks: const declares a named integer constant
const MAX = 10;
print(MAX + "\n");
print((MAX * 2) + "\n");
