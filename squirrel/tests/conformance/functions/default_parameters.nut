// Checks: default parameter values are used when arguments are omitted
function greet(name, greeting = "Hello") { return greeting + ", " + name; }
print(greet("Bob") + "\n");
print(greet("Ann", "Hi") + "\n");
