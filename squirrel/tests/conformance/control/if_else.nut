// Checks: if / else if / else
function classify(n) {
    if (n < 0) return "neg";
    else if (n == 0) return "zero";
    else return "pos";
}
print(classify(-1) + " " + classify(0) + " " + classify(5) + "\n");
