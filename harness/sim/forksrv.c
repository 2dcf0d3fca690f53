/*
 * forksrv.c - the harness's side of a host fork server (see forksrv.h).
 *
 * DESIGN
 * A request is one datagram on a SOCK_SEQPACKET socketpair: the target's
 * path, and the new host's ends of a fresh pair of control pipes (the one
 * it reads, the one it writes) as SCM_RIGHTS. The server answers STARTED with the pid, or FAILED; the
 * exits of its hosts come on the same socket whenever they happen, so
 * every answer read while waiting for something else is kept (exits[])
 * until proc.c asks for that pid. The hosts are the server's children,
 * not the harness's: libev's ev_child never sees them, and a death is
 * known from the end of the control stream plus the status from here.
 */
#include "forksrv.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/proto.h"
#include "proc.h"

extern char **environ;

#define FORKSRV_EXITS 64        /* exits kept until asked for */

struct forksrv {
	pid_t pid;
	int fd;
	struct {
		pid_t pid;
		int status;
	} exits[FORKSRV_EXITS];
	size_t nexits;
};

int forksrv_start(struct forksrv **out, const char *exe, char *const envp[],
		  const char *log_path, char *err, size_t errlen)
{
	char *argv[] = { (char *)exe, (char *)"--fork-server", NULL };
	posix_spawn_file_actions_t fa;
	struct forksrv *f;
	int sv[2], child_fd, rc;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		rc = -errno;
		snprintf(err, errlen, "socketpair: %s", strerror(errno));
		return rc;
	}
	/* Not fd 3 already (dup2(3, 3) would keep close-on-exec). */
	child_fd = fcntl(sv[1], F_DUPFD_CLOEXEC, 10);
	close(sv[1]);
	if (child_fd < 0 || !(f = calloc(1, sizeof(*f)))) {
		rc = child_fd < 0 ? (errno == EINVAL ? -EMFILE : -errno) : -ENOMEM;
		if (child_fd >= 0)
			close(child_fd);
		close(sv[0]);
		snprintf(err, errlen, "no descriptor or memory for a fork server: %s", strerror(-rc));
		return rc;
	}
	f->fd = sv[0];
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawn_file_actions_adddup2(&fa, child_fd, 3);
	rc = posix_spawn(&f->pid, exe, &fa, NULL, argv, envp ? envp : environ);
	posix_spawn_file_actions_destroy(&fa);
	close(child_fd);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start '%s': %s", exe, strerror(rc));
		close(f->fd);
		free(f);
		return -rc;
	}
	*out = f;
	return 0;
}

void forksrv_stop(struct forksrv *f)
{
	struct timespec step = { 0, 1000000 };
	int i, status;

	if (!f)
		return;
	/* The end of its socket ends the server. It is waited for here (libev
	 * reaps children only inside its loop, so the pid is still ours), so
	 * that no process of the run outlives it; one that does not end within
	 * two seconds is killed. */
	close(f->fd);
	for (i = 0; i < 2000; i++) {
		pid_t w = waitpid(f->pid, &status, WNOHANG);

		if (w != 0)
			break;
		nanosleep(&step, NULL);
	}
	if (i == 2000) {
		kill(f->pid, SIGKILL);
		waitpid(f->pid, &status, 0);
	}
	free(f);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One answer, waiting at most wait_s: 1 with *m, 0 on timeout or a
 * signal, -EPIPE when the server is gone. Exits are kept. */
static int next_msg(struct forksrv *f, double wait_s, struct forksrv_msg *m)
{
	struct pollfd pfd = { f->fd, POLLIN, 0 };
	int ms = wait_s <= 0 ? 0 : wait_s > 1e6 ? 1000000000 : (int)(wait_s * 1000) + 1;
	ssize_t n;

	if (poll(&pfd, 1, ms) <= 0)
		return 0;
	n = recv(f->fd, m, sizeof(*m), MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n != (ssize_t)sizeof(*m))
		return -EPIPE;
	if (m->kind == FORKSRV_EXITED && f->nexits < FORKSRV_EXITS) {
		f->exits[f->nexits].pid = m->pid;
		f->exits[f->nexits].status = m->status;
		f->nexits++;
	}
	return 1;
}

int forksrv_fork(struct forksrv *f, const char *target, int *rfd, int *wfd, pid_t *pid,
		 char *err, size_t errlen)
{
	char cbuf[CMSG_SPACE(2 * sizeof(int))];
	struct iovec iov = { (void *)target, strlen(target) };
	struct msghdr mh = { 0 };
	struct cmsghdr *cm;
	double until = now_s() + 10;
	int mine[2], child[2], rc;

	if ((rc = proc_pipes(mine, child, err, errlen)) < 0)
		return rc;
	memset(cbuf, 0, sizeof(cbuf));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(2 * sizeof(int));
	memcpy(CMSG_DATA(cm), child, 2 * sizeof(int));
	rc = sendmsg(f->fd, &mh, MSG_NOSIGNAL) < 0 ? -errno : 0;
	close(child[0]);
	close(child[1]);
	if (rc < 0) {
		close(mine[0]);
		close(mine[1]);
		snprintf(err, errlen, "the fork server is gone: %s", strerror(-rc));
		return rc == -EPIPE || rc == -ECONNRESET ? -EIO : rc;
	}
	for (;;) {
		struct forksrv_msg m;
		double left = until - now_s();

		rc = left > 0 ? next_msg(f, left, &m) : -ETIMEDOUT;
		if (rc == 1 && m.kind == FORKSRV_EXITED)
			continue;
		if (rc == 1 && m.kind == FORKSRV_STARTED) {
			*rfd = mine[0];
			*wfd = mine[1];
			*pid = m.pid;
			return 0;
		}
		if (rc == 0)
			continue;
		close(mine[0]);
		close(mine[1]);
		if (rc == 1) {
			snprintf(err, errlen, "the fork server could not fork: %s", strerror(m.status));
			return -m.status;
		}
		snprintf(err, errlen, "the fork server %s", rc == -ETIMEDOUT ? "did not answer" :
			 "is gone");
		return -EIO;
	}
}

int forksrv_status(struct forksrv *f, pid_t pid, double wait_s, int *status)
{
	double until = now_s() + wait_s;

	for (;;) {
		struct forksrv_msg m;
		size_t i;
		int rc;

		for (i = 0; i < f->nexits; i++)
			if (f->exits[i].pid == pid) {
				*status = f->exits[i].status;
				f->exits[i] = f->exits[--f->nexits];
				return 1;
			}
		if (now_s() >= until)
			return 0;
		rc = next_msg(f, until - now_s(), &m);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return 0;
	}
}
