/*
 * connectivity/sleepy/device.c - test-only device (suites/targets): counts
 * its boots in the nv table, observes the count (nv_boots) and the wake
 * reason, sends a tick, and deep-sleeps for 60 s.
 */
#include <impchaos/device.h>

void device_main(void)
{
	json_t *nv = nv_table();
	json_int_t boots = json_integer_value(json_object_get(nv, "boots")) + 1;

	json_object_set_new(nv, "boots", json_integer(boots));
	impchaos_observe("nv_boots", (double)boots);
	impchaos_observe("wakereason", hardware_wakereason());
	agent_send("tick", NULL);
	imp_deepsleepfor(60);
}
