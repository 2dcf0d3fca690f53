// Checks: a bindenv'ed callback stored elsewhere still sees its object as this
local Counter = {
    n = 0,
    function tick() { n++; }
};
local callbacks = [];
callbacks.push(Counter.tick.bindenv(Counter));
callbacks[0](); callbacks[0]();
print(Counter.n + "\n");
