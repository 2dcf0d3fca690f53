/*
 * event.h - trace events as HTML: field access and one table row per
 * event, with a readable "details" column per event kind. Reports side
 * (run_page.c -> event.c -> html.c).
 */
#ifndef IMPCHAOS_EVENT_H
#define IMPCHAOS_EVENT_H

#include <stdint.h>
#include <jansson.h>

#include "html.h"

/* Bytes of message data or of a store table shown in one row. */
#define EVENT_DATA_MAX 240

/* Field k of the object o as a string, or NULL (also when o is NULL). */
const char *event_str(const json_t *o, const char *k);

/* Field k of o as an integer, or def when absent or not an integer. */
long long event_int(const json_t *o, const char *k, long long def);

/* Simulated time t as d+hh:mm:ss.mmm. */
void event_time(struct html *h, int64_t t);

/* Who the event is about: "agent #2", "device #1 -> agent", "-> device #1". */
void event_who(struct html *h, const json_t *ev, const char *kind);

/* Opens a table of events (seq, time, event, proc, details) and its tbody;
 * the caller closes it with "</tbody></table>". */
void event_table_start(struct html *h);

/* One event as a row. cls overrides the class the kind gives ("fault",
 * "exit", "error"); id, if not NULL, becomes the row's id. */
void event_row(struct html *h, const json_t *ev, const char *cls, const char *id);

#endif
