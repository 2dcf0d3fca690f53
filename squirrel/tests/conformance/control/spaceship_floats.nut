// Checks: <=> on floats and mixed numbers
print((1.5 <=> 2.5) + " " + (2.0 <=> 2) + " " + (3 <=> 2.5) + "\n");
