// Checks: a constant keeps its value across the program
const K = 7;
local total = 0;
for (local i = 0; i < K; i++) total++;
print(total + "\n");
