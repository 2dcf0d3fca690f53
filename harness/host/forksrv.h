/*
 * forksrv.h - the hosts' fork server: a host started with --fork-server
 * forks a fresh host for each agent or device start the harness asks for
 * (forksrv.c). Its answers (struct forksrv_msg) are in core/proto.h, shared
 * with the harness (harness/sim/proc.c).
 */
#ifndef IMPCHAOS_FORKSRV_H
#define IMPCHAOS_FORKSRV_H

#include "rt.h"
#include "core/proto.h"

/* The server's loop on fd 3; returns the process's exit code when the
 * harness closes its end. */
int forksrv_main(const struct rt_role *role, const char *argv0);

#endif
