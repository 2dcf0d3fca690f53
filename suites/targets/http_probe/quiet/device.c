/*
 * quiet/device.c - test-only device (suites/targets, runs in imp-device):
 * does nothing, so the agent's HTTP traffic is all a test observes.
 */
#include <impchaos/device.h>

void device_main(void)
{
}
