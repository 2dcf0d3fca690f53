/*
 * uplink/naive/device.c - batching sensor uplink, device side, naive: a
 * reading every minute into the current batch, the batch to the agent
 * every 5 minutes, and its own reconnecting under RETURN_ON_ERROR.
 *
 * The bug: when the connection is lost, lost() frees the pending batch
 * ("it will be sent again from scratch") but leaves `cur` pointing at it.
 * Until connected() allocates a new one, every sample() writes into the
 * freed batch and every flush() reads it: a use-after-free that no
 * invariant sees (the freed memory is usually still there, and the
 * readings taken offline are lost either way), but valgrind's memcheck
 * reports as invalid reads and writes. Platform events reach it: any
 * lost connection that lasts past the next minute's reading.
 */
#include <stdlib.h>

#include "../common/batch.h"

static struct batch *cur;
static int made;

static struct batch *batch_new(void)
{
	struct batch *b = calloc(1, sizeof(*b));

	if (b)
		snprintf(b->label, sizeof(b->label), "b%d", ++made);
	return b;
}

static void connected(int reason, void *ud);

static void reconnect(void *ud)
{
	(void)ud;
	server_connect(connected, NULL, 30);
}

static void connected(int reason, void *ud)
{
	(void)ud;
	if (reason != SERVER_CONNECTED) {
		imp_wakeup(10, reconnect, NULL);
		return;
	}
	cur = batch_new();
}

static void lost(int reason, void *ud)
{
	(void)ud;
	server_log("connection lost (reason %d): dropping the pending batch", reason);
	free(cur);                          /* BUG: cur still points at it */
	reconnect(NULL);
}

static void sample(void *ud)
{
	(void)ud;
	if (cur && cur->n < BATCH_MAX)
		cur->v[cur->n++] = hardware_read("level");
	imp_wakeup(SAMPLE_S, sample, NULL);
}

static void flush(void *ud)
{
	(void)ud;
	if (cur && cur->n > 0 && batch_send(cur) == 0)
		cur->n = 0;
	imp_wakeup(FLUSH_S, flush, NULL);
}

void device_main(void)
{
	server_setsendtimeoutpolicy(RETURN_ON_ERROR, WAIT_TIL_SENT, 30);
	server_onunexpecteddisconnect(lost, NULL);
	cur = batch_new();
	imp_wakeup(SAMPLE_S, sample, NULL);
	imp_wakeup(FLUSH_S, flush, NULL);
}
