/*
 * rt.h - the runtime shared by the two child hosts (imp-agent, imp-device).
 * Internal to harness/host; targets never see it.
 *
 * DESIGN
 * A child never acts on its own: it blocks on the control channel (a pipe
 * read on RT_FD) for the next event frame from the harness, runs the target code that the event
 * calls for, reports the effects of that code as frames while it runs, and
 * ends the event with a "done" frame. Because the harness delivers one event
 * at a time and waits for "done", the whole simulation is a deterministic
 * sequence however the OS schedules the processes.
 *
 * Frames harness -> child (all carry "now", simulated microseconds):
 *   init  {seed, inc, workload, epoch, arm, store, sync, mem_quota,
 *          timer_limit}       first frame; child answers "ready" or "fatal"
 *   start {}                      run agent_main()/device_main()
 *   timer {id}                    a timer set with imp_wakeup() fired
 *   msg   {id, name, data}        a message from the other side
 *   link  {up}                    device side: own connection changed;
 *                                 agent side: the device's connection changed
 *   arm   {spec} / disarm {name}  a fault point (hfault.c)
 *   shutdown {reason}             device: the cloud asks it to restart (new code)
 *   connected {reason}            device: the outcome of server_connect()
 *   resume {}                     device: the link is back; a suspended
 *                                 agent_send() goes on (no "done" before it)
 *   http  {id, method, path, query, body}  agent only: an HTTP request
 *   httpdone {id, status, body, headers}   agent only: the answer to its
 *                                 asynchronous request id (httpout)
 *   httpreply {id, status, body, headers}  agent only: the answer to a
 *                                 synchronous request, while it waits
 *   stop  {}                      exit cleanly now (no "done")
 * A child's frames for one event go out in one write on RT_WFD (rt_flush); SIGUSR2
 * from the harness (a watchdog that fired) makes it send what it holds and
 * a "flushed" frame.
 * Frames child -> harness while an event runs (effects):
 *   send {name, data}, sendfail {name, rc}, wakeup {id, after}, cancel {id},
 *   nowakeup {limit}, log {level, text}, observe {name, value},
 *   saving {table}, save {rc, table}, load {table}, nohandler {name, id},
 *   fired {name, call, errno}, fired-lost {count}, oom {name} (then the child
 *   exits), crashpoint {name} (then it kills itself), restart {why} (then it
 *   exits), fatal {msg}, done {};
 *   agent only: respond {id, status, body} (an HTTP answer, now or in any
 *   later event), nohttp {id} (a request came with no HTTP handler),
 *   httpout {id, method, url, headers, body, timeout, sync} (a request to
 *   a web service; with sync the child waits for "httpreply");
 *   device only: policy {policy}, suspend {name} (then it waits for
 *   "resume"), connect {timeout}, disconnect {}, sleep {for, nv} (then it
 *   exits)
 */
#ifndef IMPCHAOS_RT_H
#define IMPCHAOS_RT_H

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>

#include "impchaos/imp.h"
#include "core/proto.h"

/* The control channel is two pipes: the host reads the harness's frames
 * on RT_FD (3) and writes its own on RT_WFD (4). The harness puts them
 * there with posix_spawn_file_actions_adddup2, or the fork server with
 * dup2 (forksrv.c). Both are read and written with raw system calls
 * (core/proto.h), never through libfiu's POSIX preload; SIGPIPE is
 * ignored (rt_main), so a write to a harness that is gone fails with EPIPE
 * and the host exits with status 3, as when its read sees the end. */
#define RT_FD PROTO_HOST_RFD
#define RT_WFD PROTO_HOST_WFD

/* Called once after "init", before any event: the role's own set-up (the
 * agent opens its store). Returns 0 or fills err. */
typedef int (*rt_setup_cb)(const json_t *init, char *err, size_t errlen);

/* Called once the target's code is loaded (a relative path to it is
 * resolved from the working directory the host started in), before any
 * fault point is armed and before any target code runs: the agent moves
 * into its store's directory here. */
typedef void (*rt_loaded_cb)(void);

/* A frame only one role knows (the device's "shutdown"): 0 when handled,
 * -ENOENT when the role does not know the type. */
typedef int (*rt_frame_cb)(const char *type, const json_t *ev);

struct sq_vm;

/* Registers the role's imp API for Squirrel code in a new VM (the agent's
 * device/http/server.save, the device's agent/nv/hardware): sq_agent.c,
 * sq_device.c. The shared part is sq_host.c's. */
typedef void (*rt_sq_api_cb)(struct sq_vm *vm);

struct rt_role {
	const char *name;          /* "agent" or "device" */
	const char *entry;         /* "agent_main" or "device_main" */
	rt_setup_cb setup;
	rt_loaded_cb loaded;
	rt_frame_cb frame;
	rt_sq_api_cb sq_api;
	size_t sq_default_quota;   /* the VM's memory when the scenario sets none */
};

/* Runs the child: parses argv (--target SO, or a Squirrel FILE.nut: see
 * sq_host.h), speaks the protocol on RT_FD and RT_WFD until "stop". Returns the process
 * exit code. */
int rt_main(const struct rt_role *role, int argc, char **argv);

/* Queues an effect frame for the harness; steals msg. A harness that is gone
 * ends the process (there is nobody left to report to). */
void rt_effect(json_t *msg);

/* The hot effects (observations, messages, saves, sensor readings) are
 * written straight into the queue, with no jansson object of the frame:
 * rt_effect_begin takes the queue (as rt_effect does: points that fired
 * are reported first) and starts the frame, the proto_build_* calls add
 * its members, rt_effect_end queues it and gives the queue back. A frame
 * over PROTO_MAX_FRAME is dropped and reported as rt_effect reports one
 * (an error log line with the frame's size); other failures end the
 * process as rt_effect's do. type must outlive the frame (a literal). */
struct proto_build;
struct proto_build *rt_effect_begin(const char *type, size_t members);
void rt_effect_end(struct proto_build *b);

/* Sends the frames queued so far (rt_effect queues an event's frames and
 * they go out in one write at its end). The hosts call it before a death
 * they cause themselves (a crash point); exit() and fatal signals send the
 * queue on their own. rt_flush_raw is the version for a malloc hook or a
 * signal handler: no allocation, no lock, raw system calls. */
void rt_flush(void);
void rt_flush_raw(void);

/* The output queue (rt_out.c): set up once, first thing in rt_main (exit
 * and signal handlers); idle sends what is queued before the host waits
 * for the next event, busy marks the event's start. */
void rt_out_setup(void);
void rt_out_idle(void);
void rt_out_busy(void);

/* Counts one message sent in this event against the per-event message rate
 * limit: false when it is over, and the message must be dropped (the host
 * reports how many at the end of the event). */
bool rt_send_allowed(void);

/* A copy of s with every byte that is not part of valid UTF-8 replaced by
 * U+FFFD (malloc'd, the caller frees), or NULL when s is valid as it is.
 * JSON strings, and so frames, hold UTF-8 only. */
char *rt_utf8(const char *s);

/* The message handler table (agent: device_on; device: agent_on). */
void rt_on(const char *name, imp_msg_cb cb, void *ud);

/* Connection state as last told by the harness, and its callbacks. */
bool rt_linked(void);
void rt_onlink(bool up, imp_event_cb cb, void *ud);

/* A target-visible error: logged with level "error" and counted by the
 * harness as a target error. */
void rt_target_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The init frame (borrowed), for role-specific settings. */
const json_t *rt_init(void);

/* Runs target code from a role's frame handler, in the target scope. */
void rt_target_call(imp_event_cb cb, void *ud);

/* Blocks in the middle of an event for the next frame from the harness,
 * which must be of `type` (a suspended agent_send() waits for "resume").
 * "stop" ends the process cleanly. Returns the frame (a new reference). */
json_t *rt_await(const char *type);

/* Sets the connection state without calling the link callbacks (the
 * harness's "resume" says the link is back). */
void rt_set_linked(bool up);

/* The simulated clock: seconds since the Unix epoch with the fraction, and
 * microseconds since this process started. */
double rt_clock_s(void);
int64_t rt_uptime_us(void);

/* Out of memory, as the platform handles it: reports "oom" and exits (the
 * harness restarts the side). */
void rt_oom(const char *name, size_t used) __attribute__((noreturn));

/* Restarts this process on the harness's behalf (why: "restart",
 * "new-code", "squirrel-error"). Does not return. */
void rt_restart(const char *why) __attribute__((noreturn));

#endif
