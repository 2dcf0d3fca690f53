/*
 * quiet/device.c - test-only device (suites/targets/http_out, runs in
 * imp-device): does nothing, so the agent's outbound HTTP is all a test
 * observes.
 */
#include <impchaos/device.h>

void device_main(void)
{
}
