// Checks: ::name = value updates a global; ::name <- value creates one
counter <- 1;
function bump() { ::counter = ::counter + 1; }
bump(); bump();
print(counter + "\n");
::created <- "yes";
print(created + "\n");
