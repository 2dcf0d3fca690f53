// door_counter.device.nut - door_counter device code in Squirrel, shared by
// the Squirrel variants: target -> runs in imp-device's Squirrel VM. The
// same story as common/device.c, written as the imp product would be.
//
// A reed switch on the door is wired to pin1, configured as a pulse
// counter: each read gives the openings counted since the last read (the
// workload's "pin1" sensor). Every minute the device reports them to the
// agent; openings that could not be sent (offline) ride along with the
// next report, so the device never loses one. The story is the agent's.
//
// Messages:
//   device -> agent  "openings"  {"openings": integer >= 0}

const REPORT_PERIOD = 60;   // seconds between reports

doorPin <- hardware.pin1;
doorPin.configure(PULSE_COUNTER);

unsent <- 0;                // openings counted but not yet handed to the link

function report() {
    unsent += doorPin.read();
    if (agent.send("openings", { openings = unsent }) == 0) {
        unsent = 0;
    } else {
        server.log("openings not sent (offline), carrying " + unsent + " forward");
    }
    imp.wakeup(REPORT_PERIOD, report);
}

imp.wakeup(REPORT_PERIOD, report);
