// Checks: a local function can call itself
local function countdown(n) {
    if (n == 0) return "go";
    return n + " " + countdown(n - 1);
}
print(countdown(3) + "\n");
