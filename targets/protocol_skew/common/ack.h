/*
 * protocol_skew/common/ack.h - the "ack" half of protocol_skew's agents,
 * shared by every agent variant and version (target code, compiled into
 * agent.so; not part of the harness).
 *
 * The agent acknowledges each reading it accepts with "ack" {"n": count},
 * and the device handles "ack" from its boot on. An ack must still go
 * only to the process that sent the reading: a reading on its way when
 * the agent migrates is held and delivered once the new instance is up
 * (agent/migrate inflight=late), and if the device rebooted meanwhile (a
 * slow boot), an ack would reach the new process before its handler
 * exists. Each reading carries the time it was sent ("at", imp_time(),
 * the clock device and agent share); a reading sent before the connection
 * the agent knows of began (ack_since: its latest device_onconnect, or
 * agent_main() when the device connected earlier) is still accepted, but
 * not acknowledged. A reboot takes at least a second (power-on, then the
 * connect), so in whole seconds a reading from the connected process is
 * stamped at or after ack_since. A reading the device held while offline
 * (SUSPEND_ON_ERROR) is stamped before its reconnect and goes unacked too;
 * the next one, a minute later at most, is acked.
 *
 * Message:
 *   agent -> device  "ack"  {"n": readings accepted by this agent instance}
 */
#ifndef PROTOCOL_SKEW_ACK_H
#define PROTOCOL_SKEW_ACK_H

#include <impchaos/agent.h>

static int64_t ack_since;
static json_int_t ack_accepted;

static void ack_on_connect(void *ud)
{
	(void)ud;
	ack_since = imp_time();
}

/* Called from agent_main(). */
static inline void ack_start(void)
{
	ack_since = imp_time();
	device_onconnect(ack_on_connect, NULL);
}

/* Counts an accepted reading and acknowledges it when it comes from the
 * process connected now. A reading without an integer "at" is a target
 * error (every version sends one). */
static inline void ack_reading(json_t *reading)
{
	json_t *at = json_object_get(reading, "at");
	json_t *ack;

	ack_accepted++;
	if (!json_is_integer(at)) {
		server_error("reading without an integer 'at'");
		return;
	}
	if (json_integer_value(at) < ack_since) {
		server_log("not acknowledging a reading sent at %lld, before the connection began "
			   "(%lld)", (long long)json_integer_value(at), (long long)ack_since);
		return;
	}
	ack = json_pack("{s:I}", "n", ack_accepted);
	if (!ack)
		return;
	device_send("ack", ack);
	json_decref(ack);
}

#endif
