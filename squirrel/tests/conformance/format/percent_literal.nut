// Checks: %% prints a single percent sign
print(format("100%%") + "\n");
print(format("%d%%", 50) + "\n");
