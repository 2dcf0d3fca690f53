/*
 * boot_race/common/settings.h - the agent half of boot_race's settings
 * protocol, shared by every agent variant and version (target code,
 * compiled into agent.so; not part of the harness).
 *
 * The display's brightness follows the time of day (bright by day, dim at
 * night), so the device asks for its settings every few minutes by saying
 * "ready" (common/device.c) and the agent computes them afresh each time.
 * BOOT_RACE_VERSION is the code version of the agent that includes this
 * header (1, or 2 in the *_v2 agents that deploy/code installs): version 2
 * dims the night setting and reports less often, so a trace shows which
 * agent configured the device.
 *
 * A "ready" is current when it was sent at or after conn_since, the time
 * the agent's latest device_onconnect fired, or its agent_main() ran (the
 * device may have connected before the instance started). An older one
 * may come from a process that has rebooted since: a "ready" on its way
 * when the agent migrates is held and delivered once the new instance is
 * up (agent/migrate inflight=late), and if the device rebooted meanwhile
 * (slow boot, power cycle), an answer would reach the new process before
 * its handler exists. A reboot takes at least a second (power-on, then the
 * connect), so in whole seconds a "ready" from the connected process is
 * stamped at or after conn_since and one from an earlier process before it.
 *
 * Messages:
 *   device -> agent  "ready"     {"at": imp_time() when sent}
 *   agent -> device  "settings"  {"version": 1|2, "brightness": 0..100,
 *                                 "report_every": seconds > 0}
 */
#ifndef BOOT_RACE_SETTINGS_H
#define BOOT_RACE_SETTINGS_H

#include <impchaos/agent.h>

#ifndef BOOT_RACE_VERSION
#define BOOT_RACE_VERSION 1
#endif

#define DAY_START_HOUR 7  /* Day brightness from 07:00 UTC... */
#define DAY_END_HOUR   21 /* ...until 21:00 UTC. */

/* The settings for the current simulated time: a new reference, or NULL
 * when out of memory (the caller then sends nothing). */
static inline json_t *settings_now(void)
{
	int hour = (int)((imp_time() / 3600) % 24);
	int day = hour >= DAY_START_HOUR && hour < DAY_END_HOUR;
	int night_brightness = BOOT_RACE_VERSION >= 2 ? 10 : 25;
	int report_every = BOOT_RACE_VERSION >= 2 ? 600 : 300;

	return json_pack("{s:i, s:i, s:i}", "version", BOOT_RACE_VERSION, "brightness",
			 day ? 80 : night_brightness, "report_every", report_every);
}

/* Whether a "ready" (its message body) comes from the process connected
 * now, as far as conn_since can tell (see above). A malformed one is a
 * target error; a stale one is logged and refused: the device says
 * "ready" again within 10 minutes. */
static inline bool ready_is_current(json_t *ready, int64_t conn_since)
{
	json_t *at = json_object_get(ready, "at");

	if (!json_is_integer(at)) {
		server_error("'ready' without an integer 'at'");
		return false;
	}
	if (json_integer_value(at) < conn_since) {
		server_log("ignoring a 'ready' sent at %lld, before the connection began (%lld): "
			   "its sender may have rebooted since", (long long)json_integer_value(at),
			   (long long)conn_since);
		return false;
	}
	return true;
}

/* Sends the current settings. */
static inline void settings_send(void)
{
	json_t *s = settings_now();

	if (!s)
		return;
	device_send("settings", s);
	json_decref(s);
}

#endif
