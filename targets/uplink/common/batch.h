/*
 * uplink/common/batch.h - the batch both device variants fill: a label, a
 * count and up to BATCH_MAX readings, and the code that sends one.
 * Included by naive/device.c and robust/device.c (each a .so of its own).
 */
#ifndef UPLINK_BATCH_H
#define UPLINK_BATCH_H

#include <stdio.h>
#include <impchaos/device.h>

#define SAMPLE_S 60            /* a reading every minute */
#define FLUSH_S 300            /* a batch every 5 minutes */
#define BATCH_MAX 70           /* room for 70 minutes offline */

struct batch {
	char label[24];        /* "b12": which batch of this boot */
	int n;
	double v[BATCH_MAX];
};

/* Sends b's readings as "batch" {"label", "v": [...]}: 0 when it went. */
static inline int batch_send(const struct batch *b)
{
	json_t *v = json_array(), *msg;
	int i, rc;

	for (i = 0; i < b->n && i < BATCH_MAX; i++)
		json_array_append_new(v, json_real(b->v[i]));
	msg = json_pack("{s:s, s:o}", "label", b->label, "v", v);
	rc = agent_send("batch", msg);
	json_decref(msg);
	return rc;
}

#endif
