/*
 * segv/device.c - test-only device (suites/targets/robustness, runs in
 * imp-device) whose timer handler writes through a NULL pointer 10 s after
 * each boot. The cloud reboots it; the run must fail no-target-crash.
 */
#include <impchaos/device.h>

static void crash(void *ud)
{
	volatile int *p = ud;

	*p = 1;
}

void device_main(void)
{
	imp_wakeup(10, crash, NULL);
}
