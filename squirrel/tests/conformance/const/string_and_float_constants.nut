// Checks: const works with strings and floats
const NAME = "imp";
const RATIO = 0.5;
print(NAME + " " + RATIO + "\n");
