// Checks: return inside a loop exits the function
function firstEven(arr) {
    foreach (v in arr) if (v % 2 == 0) return v;
    return null;
}
print(firstEven([1, 3, 4, 6]) + " " + firstEven([1]) + "\n");
