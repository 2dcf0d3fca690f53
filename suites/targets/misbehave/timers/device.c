/*
 * timers/device.c - test-only device (suites/targets, runs in imp-device)
 * that asks for 25 timers at boot and publishes how many it was refused:
 * the device's timer limit is 20, so 5.
 */
#include <impchaos/device.h>

static void noop(void *ud)
{
	(void)ud;
}

void device_main(void)
{
	int i, refused = 0;

	for (i = 0; i < 25; i++)
		if (!imp_wakeup(3600, noop, NULL))
			refused++;
	impchaos_observe("refused", refused);
}
