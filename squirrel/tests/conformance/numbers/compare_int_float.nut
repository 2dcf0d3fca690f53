// Checks: integers and floats compare by value
print((1 == 1.0) + "\n");
print((2 < 2.5) + "\n");
print((3.0 > 2) + "\n");
print((0.1 == 0.1) + "\n");
