// Checks: enum members may have string values
enum Mode { Fast = "fast", Slow = "slow" }
print(Mode.Fast + "/" + Mode.Slow + "\n");
