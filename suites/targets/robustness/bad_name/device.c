/*
 * bad_name/device.c - test-only device (suites/targets/robustness, runs in
 * imp-device): sends the agent a message whose name is not UTF-8, then
 * records an observation, so a test sees the host repair the name and
 * live on.
 */
#include <impchaos/device.h>

void device_main(void)
{
	json_t *v = json_integer(1);

	agent_send("na\xffme", v);
	json_decref(v);
	impchaos_observe("alive", 1);
}
