// Checks: foreach over a string visits each index and character code
foreach (i, c in "abc") {
    print(i + ":" + c + " ");
}
print("\n");
