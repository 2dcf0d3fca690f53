// quiet.device.nut - test-only device (suites/targets/sq_api): does nothing.
