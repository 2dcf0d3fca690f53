/*
 * proc.h - one child process of the harness (an imp-agent or imp-device
 * instance): spawning, the control pipes, waiting with a wall-clock
 * watchdog, and reaping. Harness side; libev underneath.
 *
 * States:  RUNNING --(EOF and exit status seen)--> EXITED [proc_next == 0]
 *          RUNNING --(watchdog)--> caller kills it [proc_kill] --> EXITED
 */
#ifndef IMPCHAOS_PROC_H
#define IMPCHAOS_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

struct proc;

/* Starts exe with argv (argv[0] included, NULL-terminated) and envp (NULL:
 * the harness's environment), its stdin from /dev/null, stdout and stderr
 * appended to log_path, and its ends of the control pipes on
 * PROTO_HOST_RFD and PROTO_HOST_WFD (core/proto.h). watchdog_s bounds every
 * wait on this child. 0 or negative errno with err filled. */
int proc_spawn(struct proc **out, const char *exe, char *const argv[], char *const envp[],
	       const char *log_path, double watchdog_s, char *err, size_t errlen);

/* The same, forked by a fork server (forksrv.h) as exe --target target
 * would be spawned: in its own process group, its output where the
 * server's goes. The exit status comes from the server. */
struct forksrv;
int proc_spawn_forked(struct proc **out, struct forksrv *srv, const char *target,
		      double watchdog_s, char *err, size_t errlen);

/* The two pipes of a child's control channel, close-on-exec: mine[0]
 * reads what the child writes, mine[1] writes what it reads; the child's
 * ends are child[0] (it reads) and child[1] (it writes), numbered 10 or
 * up so that they can be moved to PROTO_HOST_RFD and _WFD. 0 or negative
 * errno with err filled. */
int proc_pipes(int mine[2], int child[2], char *err, size_t errlen);

/* Sends one frame and restarts the watchdog for the wait that follows.
 * The child answers an event with all its frames in one write, read here
 * with one poll and one read.
 * 0 or -EPIPE when the child is gone (SIGPIPE must be ignored). */
int proc_send(struct proc *p, const json_t *frame);

/* Next frame from the child: 1 and a new reference in *out; 0 when the child
 * has exited (its status is then known); -ETIMEDOUT when the watchdog fired
 * (also while frames keep coming: a flood does not hold the watchdog off),
 * once the frames the child had queued are in (up to one second more);
 * -ETIME when the run's budget is used up (proc_set_run_budget); -EINTR
 * after a stop signal (proc_catch_stop_signals);
 * -EPROTO with err filled when the child sent bytes that are not a frame. */
int proc_next(struct proc *p, json_t **out, char *err, size_t errlen);

/* SIGINT, SIGTERM and SIGHUP kill every live child's process group at once
 * and are remembered; proc_next() then returns -EINTR. For the length of a
 * run (sim_run); restore puts the previous handlers back. */
void proc_catch_stop_signals(void);
void proc_restore_stop_signals(void);

/* The stop signal that came, or 0. */
int proc_stop_signal(void);

/* The run's wall-clock budget, from now (0: none): past it, proc_next()
 * returns -ETIME instead of waiting on. */
/* Makes libev's default loop once, after checking that the descriptors it
 * needs are there (libev aborts otherwise). 0, or -EMFILE/-ENFILE. Call it
 * before anything else here. */
int proc_loop_ready(void);

void proc_set_run_budget(double seconds);

/* Whether the run's budget is used up. */
bool proc_run_expired(void);

/* Header flags (PROTO_FLAG_*) of the frame proc_next() returned last: a
 * frame flagged PROTO_FLAG_OUTSIDE was sent between events. */
unsigned proc_flags(const struct proc *p);

/* Whether the child sent anything since the frame that ended its last
 * event: between events a child has nothing to say, so bytes there are a
 * protocol violation (target code calling the API from a thread of its own,
 * say). Looks only at what came in the same read as that frame (what
 * comes later is flagged, see proc_flags); 1 with the first frame's type
 * in type ("?" when the bytes are not a frame yet), or 0. */
int proc_unsolicited(struct proc *p, char *type, size_t typelen);

/* SIGKILLs the child and waits for its exit status. */
void proc_kill(struct proc *p);

/* Waits for the child to exit on its own (after "stop"); kills it when the
 * watchdog fires first. 0, or -ETIMEDOUT when it had to be killed. */
int proc_wait_exit(struct proc *p);

/* Raw wait status; valid once the child has exited. */
int proc_status(const struct proc *p);
/* The child's process id (never for a trace: it differs run to run). */
long proc_pid(const struct proc *p);
bool proc_exited(const struct proc *p);

void proc_free(struct proc *p);

#endif
