/*
 * protocol_skew/v2/device.c - target device code, version 2 (runs in
 * imp-device under the harness once deploy/code has installed it; both
 * variants): the thermometer of common/device.c with version 2's reading,
 * which names its unit.
 *
 * The protocol change: "reading" {"temp": 21.5, "at": T} becomes
 * {"temp_c": 21.5, "unit": "C", "at": T}. Everything else is version 1's.
 *
 * Messages:
 *   device -> agent  "reading"  {"temp_c": number, "unit": "C", "at": integer}
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
	msg = json_pack("{s:f, s:s, s:I}", "temp_c", hardware_read("temp"), "unit", "C", "at",
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
