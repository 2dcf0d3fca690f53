// clock.device.nut - the test-only device of sq_clock: logs time() once.
server.log("device time=" + time());
