// Checks: tables are passed by reference (table page: two arrays share one table)
local arrayOne = [];
local arrayTwo = [];
local tableOne = {};
arrayOne.push(tableOne);
arrayTwo.push(tableOne);
arrayOne[0].x <- 1;
print(arrayTwo[0].x + "\n");
print((arrayOne[0] == arrayTwo[0]) + "\n");
