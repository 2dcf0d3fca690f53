// Checks: enum values are plain integers that compare normally
enum Pri { Low, High }
print((Pri.High > Pri.Low) + " " + typeof Pri.Low + "\n");
