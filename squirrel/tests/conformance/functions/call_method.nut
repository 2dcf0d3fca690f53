// Checks: func.call(env, args...) calls with the given this
function show(suffix) { return this.name + suffix; }
local env = { name = "env" };
print(show.call(env, "!") + "\n");
