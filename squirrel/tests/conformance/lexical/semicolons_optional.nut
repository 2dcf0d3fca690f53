// Checks: statements may be separated by newlines without semicolons
local a = 1
local b = 2
print((a + b) + "\n")
