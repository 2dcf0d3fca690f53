// Checks: /* ... */ comments, also spanning several lines and inside an expression
local x = 1 /* + 100 */ + 2;
/* print("hidden\n");
   print("also hidden\n"); */
print(x + "\n");
