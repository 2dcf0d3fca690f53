// Checks: array elements may be separated by newlines
local a = [
    1
    2
    3
];
print(a.len() + "\n");
