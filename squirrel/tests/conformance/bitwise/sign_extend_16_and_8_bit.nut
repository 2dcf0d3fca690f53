// Checks: sign-extending with a left then right shift (knowledgebase: load an x-bit integer and retain the sign)
local value = 0xC123;
print(((value << 16) >> 16) + "\n");
value = 0xFF;
print(((value << 24) >> 24) + "\n");
