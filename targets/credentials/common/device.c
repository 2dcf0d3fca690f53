/*
 * device.c - credentials device code, shared by every variant: target ->
 * runs in imp-device under the harness.
 *
 * The device takes no part in the credentials; as in the user's report, it only says
 * "hello" when it boots (the message the naive agent restores its state
 * on). A hello that cannot be sent is not retried: a boot the agent misses
 * is part of the story.
 *
 * Messages:
 *   device -> agent  "hello"  null, once per boot
 */
#include <impchaos/device.h>

void device_main(void)
{
	agent_send("hello", NULL);
}
