// device_error.device.nut - test-only device (suites/targets/sq_misbehave):
// 10 s after its first boot it reads a slot that does not exist, an
// uncaught Squirrel error. The platform logs it and restarts the device,
// whose next boot says WAKEREASON_SQUIRREL_ERROR.
agent.send("boot", hardware.wakereason());

function explode() {
    local settings = {};
    return settings.missing;
}

if (hardware.wakereason() != WAKEREASON_SQUIRREL_ERROR) {
    imp.wakeup(10, explode);
}
