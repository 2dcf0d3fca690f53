// Checks: += and ++ on array elements
local a = [1, 2];
a[0] += 10;
a[1]++;
print(a[0] + " " + a[1] + "\n");
