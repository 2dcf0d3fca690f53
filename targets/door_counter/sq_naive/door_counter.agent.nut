// door_counter.agent.nut - door_counter agent in Squirrel, naive variant:
// target -> runs in imp-agent's Squirrel VM. The same story as
// naive/agent.c.
//
// The agent keeps the running count of door openings in server.save()
// storage and publishes it (impchaos.observe: what a dashboard would show).
//
// THE BUG (deliberate, keep it): server.save()'s result is ignored. While
// the store fails (disk full, I/O errors) the agent keeps publishing a
// count that lives only in memory; when the agent then restarts, it
// reloads the last count that was stored, and the published count goes
// backwards (counter-monotonic:count). sq_robust checks the result.
//
// Persisted table: {count}.

count <- 0;

local saved = server.load();
if ("count" in saved) count = saved.count;

device.on("openings", function(data) {
    count += data.openings;
    server.save({ count = count });
    impchaos.observe("count", count);
});
