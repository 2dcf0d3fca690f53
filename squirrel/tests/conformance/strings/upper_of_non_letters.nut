// Checks: toupper leaves digits and punctuation unchanged
print("a1-b2_c!".toupper() + "\n");
