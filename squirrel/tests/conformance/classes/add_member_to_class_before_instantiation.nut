// Checks: <- adds a member to a class that has not yet been instantiated
class A {}
A.added <- "yes";
A.method <- function() { return "m"; };
local a = A();
print(a.added + " " + a.method() + "\n");
