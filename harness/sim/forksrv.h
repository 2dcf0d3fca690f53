/*
 * forksrv.h - the harness's side of a host fork server (the host's side is
 * harness/host/forksrv.c, the answers' layout in core/proto.h): one
 * `imp-agent --fork-server` or `imp-device --fork-server` per side and run,
 * which forks a fresh host for each start. Used by proc.c.
 */
#ifndef IMPCHAOS_SIM_FORKSRV_H
#define IMPCHAOS_SIM_FORKSRV_H

#include <stddef.h>
#include <sys/types.h>

struct forksrv;

/* Starts exe --fork-server with envp (NULL: the harness's), its output
 * appended to log_path (the hosts it forks write there too). 0 or negative
 * errno with err filled. */
int forksrv_start(struct forksrv **out, const char *exe, char *const envp[],
		  const char *log_path, char *err, size_t errlen);

/* Ends the server (closing its socket ends it; its hosts are gone by then
 * or die with it). NULL is fine. */
void forksrv_stop(struct forksrv *f);

/* A new host for target: 0 with its pid and the harness's ends of its
 * control pipes, *rfd to read what the host writes and *wfd to write what
 * it reads (blocking, close-on-exec); negative errno with err filled. */
int forksrv_fork(struct forksrv *f, const char *target, int *rfd, int *wfd, pid_t *pid,
		 char *err, size_t errlen);

/* Waits at most wait_s seconds for the exit status of pid, one of its
 * hosts: 1 with *status, 0 when it did not come in time (or a signal came
 * first), -EPIPE when the server is gone. */
int forksrv_status(struct forksrv *f, pid_t pid, double wait_s, int *status);

#endif
