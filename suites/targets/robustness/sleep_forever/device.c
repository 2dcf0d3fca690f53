/*
 * sleep_forever/device.c - test-only device (suites/targets/robustness,
 * runs in imp-device) that deep-sleeps for 1e300 s at its first boot. The
 * host must clamp the sleep to the platform's 28 days as a target error,
 * and the run must end on time.
 */
#include <impchaos/device.h>

void device_main(void)
{
	agent_send("hello", NULL);
	imp_deepsleepfor(1e300);
}
