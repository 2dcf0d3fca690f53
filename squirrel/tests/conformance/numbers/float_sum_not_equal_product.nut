// Checks: adding 0.1 ten times differs from 0.1 * 10 in single precision, though both print as 1
local f = 0.1;
local sum = 0.0;
for (local i = 0; i < 10; ++i) sum += f;
local product = f * 10.0;
print("sum = " + sum + "\n");
print("product = " + product + "\n");
print((sum == product ? "Equal" : "Not equal") + "\n");
