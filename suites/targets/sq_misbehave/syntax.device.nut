// syntax.device.nut - test-only device (suites/targets/sq_misbehave): does
// not compile, so `impchaos run` must stop before simulating anything.
function broken( {
    return 1;
}
