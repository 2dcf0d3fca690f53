/*
 * uplink/robust/device.c - batching sensor uplink, device side, robust: a
 * reading every minute into the current batch, the batch to the agent
 * every 5 minutes, and its own reconnecting under RETURN_ON_ERROR.
 *
 * The fix (compare naive/device.c): a lost connection does not touch the
 * batch. Sampling goes on into it while offline (up to BATCH_MAX
 * readings), and the first flush after the device is back sends it.
 */
#include <stdlib.h>

#include "../common/batch.h"

static struct batch *cur;

static void connected(int reason, void *ud);

static void reconnect(void *ud)
{
	(void)ud;
	server_connect(connected, NULL, 30);
}

static void connected(int reason, void *ud)
{
	(void)ud;
	if (reason != SERVER_CONNECTED)
		imp_wakeup(10, reconnect, NULL);
}

static void lost(int reason, void *ud)
{
	(void)ud;
	server_log("connection lost (reason %d): keeping the pending batch", reason);
	reconnect(NULL);
}

static void sample(void *ud)
{
	(void)ud;
	if (cur->n < BATCH_MAX)
		cur->v[cur->n++] = hardware_read("level");
	imp_wakeup(SAMPLE_S, sample, NULL);
}

static void flush(void *ud)
{
	(void)ud;
	if (cur->n > 0 && batch_send(cur) == 0)
		cur->n = 0;
	imp_wakeup(FLUSH_S, flush, NULL);
}

void device_main(void)
{
	server_setsendtimeoutpolicy(RETURN_ON_ERROR, WAIT_TIL_SENT, 30);
	server_onunexpecteddisconnect(lost, NULL);
	cur = calloc(1, sizeof(*cur));
	if (!cur)
		abort();            /* out of memory at boot: the platform restarts us */
	snprintf(cur->label, sizeof(cur->label), "b1");
	imp_wakeup(SAMPLE_S, sample, NULL);
	imp_wakeup(FLUSH_S, flush, NULL);
}
