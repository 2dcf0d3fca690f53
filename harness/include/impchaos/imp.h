/*
 * imp.h - the part of the impchaos target API shared by agent and device code.
 *
 * Targets (the application under test) are shared objects built from plain C
 * against these headers: agent.so is loaded by the agent host (imp-agent),
 * device.so by the device emulator (imp-device). Both hosts export every
 * function declared here, so a target needs nothing but
 *
 *     cc -shared -fPIC -I harness/include agent.c -o agent.so
 *
 * The names follow Electric Imp's Squirrel API (imp.wakeup -> imp_wakeup) so
 * that porting application logic is mechanical. Values are jansson json_t.
 *
 * Ownership: every json_t passed INTO the API is borrowed (the caller keeps
 * its reference). Every json_t handed to a callback is borrowed for the
 * duration of the callback. Functions documented as returning "a new
 * reference" hand ownership to the caller (json_decref it).
 *
 * Time is simulated: nothing here reads the wall clock. imp_time() and
 * imp_millis() advance only as the harness's virtual clock does.
 */
#ifndef IMPCHAOS_IMP_H
#define IMPCHAOS_IMP_H

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A message handler: `data` is the message body (never NULL; json null when
 * the sender sent no data), borrowed for the duration of the call. */
typedef void (*imp_msg_cb)(json_t *data, void *ud);

/* A plain notification (timer fired, connected, disconnected). */
typedef void (*imp_event_cb)(void *ud);

typedef struct imp_timer imp_timer;

/* Calls cb(ud) after `seconds` of simulated time. Returns a handle for
 * imp_cancelwakeup(), or NULL when no timer can be created (as on the
 * platform, where imp.wakeup() returns null past its timer limit: the
 * device allows 20 pending timers, the agent has no limit). A duration that
 * is not a number or longer than ten years is a target error and gives
 * NULL; a negative one is a target error and is taken as 0. */
imp_timer *imp_wakeup(double seconds, imp_event_cb cb, void *ud);

/* Cancels a pending timer. Cancelling a timer that already fired or was
 * cancelled, or NULL, does nothing. */
void imp_cancelwakeup(imp_timer *t);

/* Simulated seconds since the Unix epoch, UTC: the scenario's start
 * (2026-01-01T00:00:00Z unless `--start` or a chaos campaign chose another)
 * plus simulated time. For a calendar date, gmtime_r() of it. */
int64_t imp_time(void);

/* Simulated milliseconds since this process started, like imp.millis(). */
uint64_t imp_millis(void);

/* server.log / server.error: a line in the run's trace. printf-style. */
void server_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void server_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Restarts this side (agent or device) as server.restart() does. Does not
 * return. */
void server_restart(void) __attribute__((noreturn));

/* Bytes the code may still allocate before it runs out of memory, like
 * imp.getmemoryfree(). Without a memory quota in the scenario, a large
 * constant. Exceeding the quota restarts this side, as on the platform. */
size_t imp_getmemoryfree(void);

/* Records a named value in the trace (for example the kWh total the agent
 * would publish). Invariants such as counter-monotonic:NAME read these. */
void impchaos_observe(const char *name, double value);

#ifdef __cplusplus
}
#endif

#endif
