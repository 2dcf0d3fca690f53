// ack.nut - the "ack" half of protocol_skew's Squirrel agents, @included by
// every Squirrel agent variant and version (target code; the same as
// common/ack.h).
//
// The agent acknowledges each reading it accepts with "ack" {"n": count},
// and the device handles "ack" from its boot on. An ack must still go only
// to the process that sent the reading: a reading on its way when the agent
// migrates is delivered once the new instance is up, and if the device
// rebooted meanwhile (a slow boot), an ack would reach the new process
// before its handler exists. Each reading carries the time it was sent
// ("at"); a reading sent before the connection the agent knows of began
// (its latest device.onconnect, or its start when the device connected
// earlier) is still accepted, but not acknowledged. A reboot takes at least
// a second, so in whole seconds a reading from the connected process is
// stamped at or after ackSince. A reading the device held while offline is
// stamped before its reconnect and goes unacked too; the next one, a
// minute later at most, is acked.

class Acker {
    _since = 0;         // when the connection this agent knows of began
    _accepted = 0;      // readings accepted by this agent instance

    constructor() {
        _since = time();
        device.onconnect(function() {
            _since = time();
        }.bindenv(this));
    }

    // Counts an accepted reading and acknowledges it when it comes from the
    // process connected now. A reading without an integer "at" is an
    // error: every version sends one.
    function accepted(reading) {
        _accepted++;
        if (!("at" in reading) || typeof reading.at != "integer") {
            server.error("reading without an integer 'at'");
            return;
        }
        if (reading.at < _since) {
            server.log(format("not acknowledging a reading sent at %d, before the connection " +
                              "began (%d)", reading.at, _since));
            return;
        }
        device.send("ack", { n = _accepted });
    }
}
