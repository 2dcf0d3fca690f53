// Checks: at top level, this is the root table
top_value <- 3;
print(this.top_value + "\n");
print((this == getroottable()) + "\n");
