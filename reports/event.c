/*
 * event.c - trace events as HTML rows. Reports side (run_page.c ->
 * event.c -> html.c).
 *
 * Every event kind the harness writes (trace.h, sim.c) gets a short
 * readable "details" text; a kind this file does not know is shown as its
 * fields, key=value, so a newer trace still reads. Everything taken from
 * the event goes through html_text or html_json, which escape it.
 */
#include "event.h"

#include <string.h>

const char *event_str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

long long event_int(const json_t *o, const char *k, long long def)
{
	json_t *v = json_object_get(o, k);

	return json_is_integer(v) ? (long long)json_integer_value(v) : def;
}

void event_time(struct html *h, int64_t t)
{
	char buf[48];

	html_fmt_time(t, buf, sizeof(buf));
	html_raw(h, buf);
}

/* "agent #2", "device #1 -> agent", ...: who the event is about. */
void event_who(struct html *h, const json_t *ev, const char *kind)
{
	const char *proc = event_str(ev, "proc"), *from = event_str(ev, "from"), *to = event_str(ev, "to");
	long long inc = event_int(ev, "inc", -1);

	if (!strncmp(kind, "store.", 6))
		proc = "agent";
	if (from) {
		html_text(h, from);
		if (inc >= 0)
			html_printf(h, " #%lld", inc);
		if (to) {
			html_raw(h, " \xE2\x86\x92 ");
			html_text(h, to);
		}
	} else if (proc) {
		html_text(h, proc);
		if (inc >= 0)
			html_printf(h, " #%lld", inc);
	} else if (to) {
		html_raw(h, "\xE2\x86\x92 ");
		html_text(h, to);
		if (inc >= 0)
			html_printf(h, " #%lld", inc);
	}
}

static void msg_id(struct html *h, const json_t *ev)
{
	long long id = event_int(ev, "id", -1);

	if (id >= 0)
		html_printf(h, "#%lld ", id);
	html_raw(h, "<b>");
	html_text(h, event_str(ev, "name"));
	html_raw(h, "</b>");
}

/* The fields of an event not shown elsewhere, as key=value. */
static void ev_fields(struct html *h, const json_t *ev)
{
	static const char *const shown[] = { "seq", "t", "ev", "proc", "inc", "from", "to", NULL };
	const char *key;
	json_t *v;
	int first = 1;

	json_object_foreach((json_t *)ev, key, v) {
		size_t i;

		for (i = 0; shown[i] && strcmp(shown[i], key); i++)
			;
		if (shown[i])
			continue;
		if (!first)
			html_raw(h, " ");
		first = 0;
		html_text(h, key);
		html_raw(h, "=");
		if (json_is_string(v))
			html_text(h, json_string_value(v));
		else
			html_json(h, v, EVENT_DATA_MAX);
	}
}

static void ev_details(struct html *h, const json_t *ev, const char *kind)
{
	const char *s;
	json_t *v;

	if (!strcmp(kind, "log")) {
		html_raw(h, "[");
		html_text(h, event_str(ev, "level"));
		html_raw(h, "] ");
		html_text(h, event_str(ev, "text"));
	} else if (!strcmp(kind, "observe")) {
		html_text(h, event_str(ev, "name"));
		html_raw(h, " = ");
		html_json(h, json_object_get(ev, "value"), EVENT_DATA_MAX);
	} else if (!strcmp(kind, "msg.send")) {
		msg_id(h, ev);
		html_raw(h, " data=");
		html_json(h, json_object_get(ev, "data"), EVENT_DATA_MAX);
	} else if (!strcmp(kind, "msg.deliver")) {
		msg_id(h, ev);
	} else if (!strcmp(kind, "msg.drop")) {
		msg_id(h, ev);
		html_raw(h, " dropped: ");
		html_text(h, event_str(ev, "why"));
	} else if (!strcmp(kind, "msg.nohandler")) {
		msg_id(h, ev);
		html_raw(h, ": no handler registered");
	} else if (!strcmp(kind, "store.save") || !strcmp(kind, "store.load")) {
		if ((v = json_object_get(ev, "rc")))
			html_printf(h, "rc=%lld ", event_int(ev, "rc", -1));
		html_json(h, json_object_get(ev, "table"), EVENT_DATA_MAX);
	} else if (!strcmp(kind, "proc.exit")) {
		html_text(h, (s = event_str(ev, "how")) ? s : "exited");
		if ((s = event_str(ev, "signal")))
			html_textf(h, " (signal %s)", s);
		if ((v = json_object_get(ev, "status")))
			html_printf(h, " (exit status %lld)", event_int(ev, "status", 0));
	} else if (!strcmp(kind, "proc.start")) {
		html_raw(h, "started");
	} else if (!strcmp(kind, "timer.set")) {
		html_printf(h, "timer %lld, fires at ", event_int(ev, "id", -1));
		event_time(h, event_int(ev, "at", 0));
	} else if (!strcmp(kind, "timer.fire") || !strcmp(kind, "timer.cancel")) {
		html_printf(h, "timer %lld", event_int(ev, "id", -1));
	} else if (!strcmp(kind, "fault")) {
		html_raw(h, "<b>");
		html_text(h, event_str(ev, "name"));
		html_raw(h, "</b>");
		v = json_object_get(ev, "params");
		if (json_object_size(v)) {
			html_raw(h, " ");
			html_json(h, v, EVENT_DATA_MAX);
		}
	} else if (!strcmp(kind, "fault.skip")) {
		html_raw(h, "<b>");
		html_text(h, event_str(ev, "name"));
		html_raw(h, "</b> skipped: ");
		html_text(h, event_str(ev, "why"));
	} else if (!strcmp(kind, "link.up")) {
		html_raw(h, "device connected");
	} else if (!strcmp(kind, "link.down")) {
		html_raw(h, "device disconnected");
	} else {
		ev_fields(h, ev);
	}
}

/* One trace event as a table row. cls overrides the row's class; id may
 * be NULL. */
void event_row(struct html *h, const json_t *ev, const char *cls, const char *id)
{
	const char *kind = event_str(ev, "ev"), *level = event_str(ev, "level");

	if (!kind)
		kind = "?";
	if (!cls) {
		if (!strncmp(kind, "fault", 5))
			cls = "fault";
		else if (!strcmp(kind, "proc.exit"))
			cls = "exit";
		else if (!strcmp(kind, "msg.nohandler") || (level && !strcmp(level, "error")))
			cls = "error";
	}
	html_raw(h, "<tr");
	if (id)
		html_printf(h, " id=\"%s\"", id);
	if (cls)
		html_printf(h, " class=\"%s\"", cls);
	html_printf(h, "><td class=\"num\">%lld</td><td class=\"t\">", event_int(ev, "seq", -1));
	event_time(h, event_int(ev, "t", 0));
	html_raw(h, "</td><td><code>");
	html_text(h, kind);
	html_raw(h, "</code></td><td>");
	event_who(h, ev, kind);
	html_raw(h, "</td><td class=\"d\">");
	ev_details(h, ev, kind);
	html_raw(h, "</td></tr>\n");
}

void event_table_start(struct html *h)
{
	html_raw(h, "<table class=\"events\"><thead><tr><th class=\"num\">seq</th><th>time</th>"
		 "<th>event</th><th>proc</th><th>details</th></tr></thead><tbody>\n");
}
