// Checks: time() returns an integer number of seconds (time() page)
local t = time();
print(typeof t + "\n");
print((t > 1000000000) + "\n");
