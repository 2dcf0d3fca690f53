// Checks: an uncaught error inside a generator is reported with the generator's frame
function gen() {
    yield 1;
    throw "gen error";
}
local g = gen();
resume g;
resume g;
