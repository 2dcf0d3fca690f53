// Checks: constants with negative and hexadecimal values
const NEG = -5;
const MASK = 0xFF;
print(NEG + " " + MASK + "\n");
