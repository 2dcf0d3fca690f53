/*
 * proc.c - child processes of the harness (see proc.h).
 *
 * DESIGN
 * Children are started with posix_spawn (fork from a large parent is slow:
 * 25 ms at 512 MB, against 0.7 ms for posix_spawn) and reaped by libev's ev_child on the default loop: libev reaps
 * every child itself, so nothing here calls waitpid. The control channel
 * is two pipes, one each way (a pipe round trip costs about half of a
 * socketpair's). Waiting for an event's frames is a poll() of the read end
 * bounded by the watchdog, then one read: the child writes all of them at
 * once (rt_out.c), so the usual event costs one poll and one read. The
 * watchdog is on the wall clock, the one place the harness uses real time;
 * its deadline is set by every proc_send() and checked at every frame, so
 * it bounds the whole of one event's handling. A watchdog
 * that fires asks the child for what it has queued (PROC_FLUSH_SIGNAL) and
 * waits PROC_FLUSH_GRACE for it, so that a hanging handler's effects are
 * seen. The end of the stream is a death; its status comes from libev's
 * ev_child, waited for with an ev_timer, or for a host forked by a fork
 * server (proc_spawn_forked, forksrv.c), which is not the harness's child,
 * from the server.
 *
 * Each child leads a process group of its own, and the group is killed when
 * the child exits or is killed: whatever target code started goes with its
 * host. The hosts ask the kernel to kill them when the harness dies
 * (PR_SET_PDEATHSIG, rt.c), whatever kills it.
 */
#include "proc.h"

#include <errno.h>
#include <ev.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/proto.h"
#include "forksrv.h"

extern char **environ;

struct proc {
	pid_t pid;
	int rfd, wfd;            /* the child's frames come on rfd; ours go on wfd */
	ev_child child;
	ev_timer watchdog;
	struct proto_reader rd;
	struct proto_reuse ru;   /* the last frame of each type, refilled */
	struct proto_writer wr;
	double watchdog_s, deadline;
	bool eof, exited, timed_out;
	bool flush_asked;        /* the watchdog fired: RT_FLUSH_SIGNAL sent */
	int flush_rc;            /* what proc_next returns once it is flushed */
	unsigned flags;          /* header flags of the last frame */
	int status;
	struct forksrv *srv;     /* forked by this fork server, or spawned */
};

/* How long a child whose event overran the watchdog gets to send what it
 * queued (rt.c's flush signal) before the harness gives up on it. */
#define PROC_FLUSH_GRACE 1.0

/* The signal that asks a child to send its queued frames (rt.c). */
#define PROC_FLUSH_SIGNAL SIGUSR2

/* The children alive, by process group, for the stop-signal handler; and
 * the signal that stopped the harness (0: none). */
#define PROC_MAX_LIVE 8
static volatile pid_t live[PROC_MAX_LIVE];
static volatile sig_atomic_t stop_signal;
static struct sigaction saved_actions[3];
static const int stop_signals[3] = { SIGINT, SIGTERM, SIGHUP };

/* Async-signal-safe: kill() only. The children go first; the harness then
 * notices the signal at its next wait and ends the run in order. */
static void on_stop_signal(int sig)
{
	int i;

	if (!stop_signal)
		stop_signal = sig;
	for (i = 0; i < PROC_MAX_LIVE; i++)
		if (live[i] > 0)
			kill(-live[i], SIGKILL);
}

void proc_catch_stop_signals(void)
{
	struct sigaction sa;
	int i;

	stop_signal = 0;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop_signal;
	for (i = 0; i < 3; i++)
		sigaction(stop_signals[i], &sa, &saved_actions[i]);
}

void proc_restore_stop_signals(void)
{
	int i;

	for (i = 0; i < 3; i++)
		sigaction(stop_signals[i], &saved_actions[i], NULL);
}

int proc_stop_signal(void)
{
	return stop_signal;
}

static void live_set(pid_t old, pid_t pid)
{
	int i;

	for (i = 0; i < PROC_MAX_LIVE; i++)
		if (live[i] == old) {
			live[i] = pid;
			return;
		}
}

/* The run's wall-clock budget, as an ev_now() time (0: none). One run at a
 * time per harness process, so one deadline serves every child. */
static double run_deadline;

/* Whether proc_loop_ready() made the loop: nothing else here may ask
 * libev for it before (it would abort without descriptors). */
static int loop_ready;

int proc_loop_ready(void)
{
	int fds[4], rc = 0;

	if (loop_ready)
		return 0;
	/* libev makes its backend (epoll) and a pipe or eventfd for signals
	 * when the default loop is first made, and aborts the process when it
	 * cannot: check that four descriptors are free before asking for the
	 * loop, so that a process out of them gets an error it can report. */
	if (pipe(fds) < 0)
		return -errno;
	if (pipe(fds + 2) < 0)
		rc = -errno;
	else {
		close(fds[2]);
		close(fds[3]);
	}
	close(fds[0]);
	close(fds[1]);
	if (rc < 0)
		return rc;
	ev_default_loop(0);
	loop_ready = 1;
	return 0;
}

void proc_set_run_budget(double seconds)
{
	struct ev_loop *loop;

	if (!loop_ready) {
		run_deadline = 0;
		return;
	}
	loop = ev_default_loop(0);
	ev_now_update(loop);
	run_deadline = seconds > 0 ? ev_now(loop) + seconds : 0;
}

bool proc_run_expired(void)
{
	struct ev_loop *loop;

	if (!loop_ready)
		return false;
	loop = ev_default_loop(0);
	ev_now_update(loop);
	return run_deadline > 0 && ev_now(loop) >= run_deadline;
}

/* The child's exit status is known (p->status). */
static void gone(struct proc *p)
{
	p->exited = true;
	/* What the child started is in its process group and dies with it:
	 * a process the target forked would otherwise outlive the run, and
	 * hold the control pipe open so that its end is never seen. */
	kill(-p->pid, SIGKILL);
}

static void on_child(struct ev_loop *loop, ev_child *w, int revents)
{
	struct proc *p = w->data;

	(void)revents;
	p->status = w->rstatus;
	ev_child_stop(loop, w);
	gone(p);
}

static void on_watchdog(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct proc *p = w->data;

	(void)loop;
	(void)revents;
	p->timed_out = true;
}

int proc_pipes(int mine[2], int child[2], char *err, size_t errlen)
{
	int down[2], up[2], rc;

	if (pipe2(down, O_CLOEXEC) < 0) {
		rc = -errno;
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return rc;
	}
	if (pipe2(up, O_CLOEXEC) < 0) {
		rc = -errno;
		close(down[0]);
		close(down[1]);
		snprintf(err, errlen, "pipe: %s", strerror(-rc));
		return rc;
	}
	mine[0] = up[0];
	mine[1] = down[1];
	/* The child's ends must be above the numbers they go to: dup2(3, 3)
	 * would keep the close-on-exec flag, and a read end on 4 would be
	 * closed by the dup2 that puts the write end there. */
	child[0] = fcntl(down[0], F_DUPFD_CLOEXEC, 10);
	child[1] = child[0] < 0 ? -1 : fcntl(up[1], F_DUPFD_CLOEXEC, 10);
	rc = child[1] < 0 ? (errno == EINVAL ? -EMFILE : -errno) : 0;
	close(down[0]);
	close(up[1]);
	if (rc < 0) {
		/* F_DUPFD fails with EINVAL when its lowest number is past the
		 * open files limit: that is the limit, not a bad argument. */
		if (child[0] >= 0)
			close(child[0]);
		close(mine[0]);
		close(mine[1]);
		snprintf(err, errlen, "no file descriptor from 10 up for a child's channel: %s",
			 strerror(-rc));
	}
	return rc;
}

int proc_spawn(struct proc **out, const char *exe, char *const argv[], char *const envp[],
	       const char *log_path, double watchdog_s, char *err, size_t errlen)
{
	struct ev_loop *loop = ev_default_loop(0);
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	struct proc *p;
	int mine[2], child[2], rc;

	if ((rc = proc_pipes(mine, child, err, errlen)) < 0)
		return rc;
	p = calloc(1, sizeof(*p));
	if (!p) {
		close(mine[0]);
		close(mine[1]);
		close(child[0]);
		close(child[1]);
		return -ENOMEM;
	}
	p->rfd = mine[0];
	p->wfd = mine[1];
	p->watchdog_s = watchdog_s;
	proto_reader_init(&p->rd);
	proto_writer_init(&p->wr);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawn_file_actions_adddup2(&fa, child[0], PROTO_HOST_RFD);
	posix_spawn_file_actions_adddup2(&fa, child[1], PROTO_HOST_WFD);
	/* A process group of its own, led by the child: see on_child. */
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	rc = posix_spawn(&p->pid, exe, &fa, &attr, argv, envp ? envp : environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	close(child[0]);
	close(child[1]);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start '%s': %s", exe, strerror(rc));
		close(p->rfd);
		close(p->wfd);
		proto_reader_release(&p->rd);
		proto_writer_release(&p->wr);
		free(p);
		return -rc;
	}
	live_set(0, p->pid);
	/* A stop signal that came while it was being started. */
	if (stop_signal)
		kill(-p->pid, SIGKILL);
	ev_child_init(&p->child, on_child, p->pid, 0);
	p->child.data = p;
	ev_child_start(loop, &p->child);
	ev_timer_init(&p->watchdog, on_watchdog, 0., 0.);
	p->watchdog.data = p;
	ev_now_update(loop);
	p->deadline = ev_now(loop) + p->watchdog_s;
	*out = p;
	return 0;
}

int proc_spawn_forked(struct proc **out, struct forksrv *srv, const char *target,
		      double watchdog_s, char *err, size_t errlen)
{
	struct ev_loop *loop = ev_default_loop(0);
	struct proc *p = calloc(1, sizeof(*p));
	int rc;

	if (!p)
		return -ENOMEM;
	rc = forksrv_fork(srv, target, &p->rfd, &p->wfd, &p->pid, err, errlen);
	if (rc < 0) {
		free(p);
		return rc;
	}
	p->srv = srv;
	p->watchdog_s = watchdog_s;
	proto_reader_init(&p->rd);
	proto_writer_init(&p->wr);
	live_set(0, p->pid);
	if (stop_signal)
		kill(-p->pid, SIGKILL);
	ev_timer_init(&p->watchdog, on_watchdog, 0., 0.);
	p->watchdog.data = p;
	ev_now_update(loop);
	p->deadline = ev_now(loop) + p->watchdog_s;
	*out = p;
	return 0;
}

int proc_send(struct proc *p, const json_t *frame)
{
	struct ev_loop *loop = ev_default_loop(0);
	int rc;

	/* A blocking write of the whole frame: frames are small and the child
	 * is always reading when it is sent one. */
	rc = proto_append(&p->wr, frame, 0);
	if (rc == 0)
		rc = proto_flush(p->wfd, &p->wr);
	ev_now_update(loop);
	p->deadline = ev_now(loop) + p->watchdog_s;
	p->flush_asked = false;
	return rc;
}

/* Runs the loop once, bounded by the deadline, and by the run's budget
 * when run_bound is set (waits for an event's effects; not the waits of a
 * kill or a stop, which must see the child go). */
static void wait_once(struct proc *p, bool run_bound)
{
	struct ev_loop *loop = ev_default_loop(0);
	double left, limit = p->deadline;

	if (run_bound && run_deadline > 0 && run_deadline < limit)
		limit = run_deadline;
	ev_now_update(loop);
	left = limit - ev_now(loop);
	if (left <= 0) {
		p->timed_out = true;
		return;
	}
	if (p->srv) {
		/* Not the harness's child: the fork server has its status. */
		int rc = forksrv_status(p->srv, p->pid, left, &p->status);

		if (rc == 1)
			gone(p);
		else if (rc < 0) {
			/* The server died: nobody can say how; a kill it was. */
			p->status = SIGKILL;
			gone(p);
		}
		return;
	}
	ev_timer_set(&p->watchdog, left, 0.);
	ev_timer_start(loop, &p->watchdog);
	ev_run(loop, EVRUN_ONCE);
	ev_timer_stop(loop, &p->watchdog);
}

/* The watchdog or the run's budget ran out while waiting for frames: the
 * first time, the child is asked to send what it queued and given
 * PROC_FLUSH_GRACE; the second, the wait is over. 1 to go on reading. */
static int overrun(struct proc *p, int rc)
{
	if (p->flush_asked)
		return p->flush_rc;
	p->flush_asked = true;
	p->flush_rc = rc;
	kill(p->pid, PROC_FLUSH_SIGNAL);
	p->deadline = ev_now(ev_default_loop(0)) + PROC_FLUSH_GRACE;
	return 1;
}

int proc_next(struct proc *p, json_t **out, char *err, size_t errlen)
{
	struct ev_loop *loop = ev_default_loop(0);

	for (;;) {
		struct pollfd pfd;
		double limit, left;
		long got;
		int rc, ready;

		if (stop_signal)
			return -EINTR;
		rc = proto_reader_next_reuse(&p->rd, &p->ru, out, err, errlen);
		if (rc == 1) {
			p->flags = p->rd.flags;
			if (p->flush_asked && !strcmp(json_string_value(json_object_get(*out, "t")),
						      "flushed")) {
				json_decref(*out);
				*out = NULL;
				return p->flush_rc;
			}
			return 1;
		}
		if (rc < 0)
			return rc;
		if (p->eof && proto_reader_pending(&p->rd)) {
			snprintf(err, errlen, "the stream ended inside a frame");
			return -EPROTO;
		}
		if (p->eof) {
			/* Gone: its exit status comes from libev's ev_child. */
			if (p->exited)
				return 0;
			p->timed_out = false;
			wait_once(p, true);
			if (p->timed_out)
				return proc_run_expired() ? -ETIME : -ETIMEDOUT;
			continue;
		}
		/* The frames one read brought are handed on first; the deadlines
		 * are checked before every read, so a child that never stops
		 * sending never holds them off (one read's worth of frames at
		 * most), and the clock is read once a read, not once a frame. */
		ev_now_update(loop);
		limit = p->deadline;
		if (!p->flush_asked && run_deadline > 0 && run_deadline < limit)
			limit = run_deadline;
		left = limit - ev_now(loop);
		if (left <= 0) {
			rc = overrun(p, limit == run_deadline ? -ETIME : -ETIMEDOUT);
			if (rc != 1)
				return rc;
			continue;
		}
		/* The wait is bounded by the deadline (rounded up: a poll that
		 * times out leaves nothing of it, and the next check sees that). */
		pfd.fd = p->rfd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		ready = poll(&pfd, 1, left > 1e6 ? 1000000000 : (int)(left * 1000) + 1);
		if (ready == 0 || (ready < 0 && errno == EINTR))
			continue;
		got = ready < 0 ? -errno : proto_reader_fill(&p->rd, p->rfd);
		if (got == 0 || (got < 0 && got != -EAGAIN && got != -EINTR))
			p->eof = true;
	}
}

unsigned proc_flags(const struct proc *p)
{
	return p->flags;
}

int proc_unsolicited(struct proc *p, char *type, size_t typelen)
{
	char err[64];
	json_t *f = NULL;

	/* Frames a child sends between events come with PROTO_FLAG_OUTSIDE and
	 * are caught as they are read (proc_flags); here only what came in the
	 * same read as the last "done". */
	if (!proto_reader_pending(&p->rd))
		return 0;
	snprintf(type, typelen, "?");
	if (proto_reader_next(&p->rd, &f, err, sizeof(err)) == 1)
		snprintf(type, typelen, "%s", json_string_value(json_object_get(f, "t")) ?: "?");
	json_decref(f);
	return 1;
}

void proc_kill(struct proc *p)
{
	if (p->exited)
		return;
	kill(-p->pid, SIGKILL);
	/* SIGKILL cannot be ignored: the exit comes, but bound the wait anyway
	 * so a wedged kernel state cannot hang the harness. */
	p->deadline = ev_now(ev_default_loop(0)) + 5.0;
	while (!p->exited) {
		p->timed_out = false;
		wait_once(p, false);
		if (p->timed_out)
			break;
	}
}

int proc_wait_exit(struct proc *p)
{
	while (!p->exited) {
		p->timed_out = false;
		wait_once(p, false);
		if (p->timed_out) {
			proc_kill(p);
			return -ETIMEDOUT;
		}
	}
	/* Frames sent after "stop" are of no interest any more. */
	p->rd.len = 0;
	return 0;
}

int proc_status(const struct proc *p)
{
	return p->status;
}

long proc_pid(const struct proc *p)
{
	return (long)p->pid;
}

bool proc_exited(const struct proc *p)
{
	return p->exited;
}

void proc_free(struct proc *p)
{
	struct ev_loop *loop = ev_default_loop(0);

	if (!p)
		return;
	if (!p->exited)
		proc_kill(p);
	live_set(p->pid, 0);
	if (!p->srv)
		ev_child_stop(loop, &p->child);
	ev_timer_stop(loop, &p->watchdog);
	close(p->rfd);
	close(p->wfd);
	proto_reader_release(&p->rd);
	proto_reuse_release(&p->ru);
	proto_writer_release(&p->wr);
	free(p);
}
