// Checks: functions are first-class values
function apply(f, x) { return f(x); }
print(apply(function(v) { return v + 100; }, 1) + "\n");
