// require_missing.agent.nut - test-only agent (suites/targets/sq_misbehave):
// requires a library that no folder of IMPCHAOS_LIB_PATH holds.
#require "NoSuchThing.lib.nut:1.0.0"

device.on("boot", function(reason) {});
