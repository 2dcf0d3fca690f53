/*
 * protocol_skew/common/device.c - target device code, version 1 (runs in
 * imp-device under the harness; both variants): a thermometer that reports
 * every minute in version 1's format.
 *
 * DESIGN
 * ------
 * The "ack" handler is registered before the first reading goes out, so
 * the agent's answer always finds it. A reading is taken at boot and then
 * every REPORT_EVERY_S; the timer is re-armed before the send, because
 * while the device is offline agent_send() suspends the code
 * (SUSPEND_ON_ERROR) until the link is back: that reading then goes as soon
 * as the device has reconnected, and a tick that came due meanwhile runs
 * right after it. After a deploy made while the device was offline, those
 * version 1 readings reach the version 2 agent (the version-skew window).
 *
 * The target's liveness:ack,5m,12m rests on this cadence: the agent acks
 * each reading it accepts from the connected process (common/ack.h), so a
 * connected device hears one every minute.
 * The 12-minute grace after a disturbance covers what no code can help:
 * an agent away for up to 10 minutes (restart, crash, migration or deploy
 * outages as chaos campaigns draw them) and a slow boot that starts the
 * device's code up to 10 minutes after it connected; a first campaign with
 * a 5-minute grace failed 30 of 40 runs on exactly those.
 *
 * Messages:
 *   device -> agent  "reading"  {"temp": number, "at": imp_time() when sent}
 *                               (Celsius)
 *   agent -> device  "ack"      {"n": integer}       (see common/ack.h)
 */
#include <impchaos/device.h>

#define REPORT_EVERY_S 60

static void on_ack(json_t *data, void *ud)
{
	(void)ud;
	if (!json_is_integer(json_object_get(data, "n")))
		server_error("ack without an integer 'n'");
}

static void report(void *ud)
{
	json_t *msg;

	(void)ud;
	if (!imp_wakeup(REPORT_EVERY_S, report, NULL))
		server_error("cannot arm the report timer");
	msg = json_pack("{s:f, s:I}", "temp", hardware_read("temp"), "at",
			(json_int_t)imp_time());
	if (!msg)
		return;
	agent_send("reading", msg);
	json_decref(msg);
}

void device_main(void)
{
	agent_on("ack", on_ack, NULL);
	report(NULL);
}
