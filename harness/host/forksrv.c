/*
 * forksrv.c - the hosts' fork server (see forksrv.h): `imp-agent
 * --fork-server` and `imp-device --fork-server`, started once per run by
 * the harness (harness/sim/proc.c), fork a fresh host for every agent or
 * device start instead of the harness spawning and exec'ing one.
 *
 * DESIGN
 * An exec of a host costs the dynamic loading of every library it links
 * (jansson, libfiu, libev, pcre2, libcrypto, the Squirrel VM); a fork of a
 * process that has done it once costs a copy of its page tables. The
 * server does nothing else before a fork: no allocation, no target code,
 * so each child starts as a spawned host would, and what rt_main() does
 * from there (dlopen of the target, its Squirrel code, the init frame) is
 * the same code in the same order: runs are deterministic as before.
 *
 * Requests on fd 3 (a SOCK_SEQPACKET socketpair with the harness), one per
 * datagram: the target's path, with the new host's two ends of its control
 * pipes (read, then write) passed as SCM_RIGHTS; the child puts them on
 * PROTO_HOST_RFD and PROTO_HOST_WFD. Answers: struct forksrv_msg, FORKSRV_STARTED with the
 * child's pid, and FORKSRV_EXITED with its wait status once it is reaped
 * (the children are the server's, not the harness's: the harness learns of
 * a death from the end of the control stream and of its status from here).
 * The server ends when the harness closes its end; its children die with
 * it (PR_SET_PDEATHSIG), as spawned hosts die with the harness.
 */
#include "forksrv.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define FORKSRV_FD 3

static int chld_pipe[2] = { -1, -1 };

static void on_chld(int sig)
{
	int e = errno;

	(void)sig;
	if (write(chld_pipe[1], "c", 1) < 0) {
		/* Full: a wake-up is already pending. */
	}
	errno = e;
}

static void reply(int kind, pid_t pid, int status)
{
	struct forksrv_msg m = { kind, pid, status };

	send(FORKSRV_FD, &m, sizeof(m), MSG_NOSIGNAL);
}

static void reap(void)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		reply(FORKSRV_EXITED, pid, status);
}

/* One request: fork a host for target on the control pipes fds (read,
 * write). */
static void start(const struct rt_role *role, const char *argv0, const char *target,
		  const int fds[2])
{
	pid_t pid = fork();
	int e = errno;

	if (pid == 0) {
		char *cargv[] = { (char *)argv0, (char *)"--target", (char *)target, NULL };
		struct sigaction sa;

		/* The child is a host like a spawned one: its own process group
		 * (the harness kills the group), default SIGCHLD, the control
		 * pipes on PROTO_HOST_RFD and _WFD, nothing of the server's.
		 * The passed descriptors may sit on either number: each is
		 * moved up first (dup2 then clears close-on-exec). */
		int r = fcntl(fds[0], F_DUPFD, 10), w = fcntl(fds[1], F_DUPFD, 10);

		setpgid(0, 0);
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = SIG_DFL;
		sigaction(SIGCHLD, &sa, NULL);
		close(chld_pipe[0]);
		close(chld_pipe[1]);
		if (r < 0 || w < 0)
			_exit(2);
		close(fds[0]);
		close(fds[1]);
		if (dup2(r, PROTO_HOST_RFD) < 0 || dup2(w, PROTO_HOST_WFD) < 0)
			_exit(2);
		close(r);
		close(w);
		exit(rt_main(role, 3, cargv));
	}
	close(fds[0]);
	close(fds[1]);
	reply(pid < 0 ? FORKSRV_FAILED : FORKSRV_STARTED, pid < 0 ? 0 : pid, pid < 0 ? e : 0);
}

int forksrv_main(const struct rt_role *role, const char *argv0)
{
	struct sigaction sa;

	/* The harness may die without a word: the server goes with it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (pipe2(chld_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return 2;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_chld;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	for (;;) {
		struct pollfd pfd[2] = { { FORKSRV_FD, POLLIN, 0 }, { chld_pipe[0], POLLIN, 0 } };
		char target[4096], cbuf[CMSG_SPACE(2 * sizeof(int))], drain[64];
		struct iovec iov = { target, sizeof(target) - 1 };
		struct msghdr mh = { 0 };
		struct cmsghdr *cm;
		ssize_t n;
		int fds[2] = { -1, -1 };

		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			return 2;
		while (read(chld_pipe[0], drain, sizeof(drain)) > 0)
			;
		reap();
		if (!(pfd[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		n = recvmsg(FORKSRV_FD, &mh, MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;       /* the harness is done with it */
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
				size_t k, nfd = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);

				for (k = 0; k < nfd; k++) {
					int fd;

					memcpy(&fd, CMSG_DATA(cm) + k * sizeof(int), sizeof(int));
					if (k < 2 && fds[k] < 0)
						fds[k] = fd;
					else
						close(fd);
				}
			}
		target[n] = '\0';
		if (fds[0] < 0 || fds[1] < 0) {
			if (fds[0] >= 0)
				close(fds[0]);
			reply(FORKSRV_FAILED, 0, EBADF);
			continue;
		}
		start(role, argv0, target, fds);
	}
}
