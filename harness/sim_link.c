/*
 * sim_link.c - the device's connection to the cloud, as both sides see it.
 * Harness side.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim_int.h"

void sim_link_set(struct sim *s, int up)
{
	enum side sd;

	if (s->link == up)
		return;
	s->link = up;
	sim_emit(s, up ? "link.up" : "link.down", NULL);
	/* A stale duplicate agent (sim_dup.c) is told too: it is a live process. */
	for (sd = AGENT; sd < NSIDES && !s->rc; sd++)
		sim_dispatch(s, sd, json_pack("{s:s, s:b}", "t", "link", "up", up));
}
