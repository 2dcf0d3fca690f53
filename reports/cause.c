/*
 * cause.c - the faults and platform events before a first violation, as
 * text. Reports side (run_scan.c, run_page.c -> cause.c -> clock.c);
 * cause.h lists the horizons and the candidate event kinds.
 */
#include "cause.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "core/duration.h"
#include "event.h"

/* Bytes of a logged error shown in a description. */
#define CAUSE_TEXT_MAX 160

void cause_horizon(const char *inv, struct cause_horizon *hz)
{
	const char *arg = inv ? strchr(inv, ':') : NULL;
	size_t n = arg ? (size_t)(arg - inv) : inv ? strlen(inv) : 0;

	memset(hz, 0, sizeof(*hz));
	hz->window = CAUSE_DEFAULT_WINDOW;
	if (!inv)
		return;
	if (n == strlen("counter-monotonic") && !strncmp(inv, "counter-monotonic", n) && arg) {
		hz->since = 1;
		snprintf(hz->name, sizeof(hz->name), "%.*s", (int)strcspn(arg + 1, "/"), arg + 1);
	} else if (n == strlen("persist-roundtrip") && !strncmp(inv, "persist-roundtrip", n)) {
		hz->since = 1;
		hz->saves = 1;
	} else if (n == strlen("liveness") && !strncmp(inv, "liveness", n) && arg) {
		char gap[64] = "", grace[64] = "";
		const char *p = strchr(arg + 1, ','), *q;
		int64_t g = 0, gr = -1;

		if (!p)
			return;
		/* Since MSG last reached the device, which is at least GAP + GRACE
		 * before a violation judged at its deadline, and longer when the
		 * violation is judged at a later event. */
		hz->since = 1;
		hz->deliver = 1;
		snprintf(hz->name, sizeof(hz->name), "%.*s", (int)(p - arg - 1), arg + 1);
		q = strchr(p + 1, ',');
		snprintf(gap, sizeof(gap), "%.*s", (int)(q ? (size_t)(q - p - 1) : strlen(p + 1)), p + 1);
		if (q)
			snprintf(grace, sizeof(grace), "%s", q + 1);
		if (duration_parse(gap, &g) < 0 || g <= 0)
			return;
		if (!*grace || duration_parse(grace, &gr) < 0)
			gr = g;
		hz->window = g + gr;
	}
}

size_t cause_keys(const struct cause_horizon *hz, char keys[2][CAUSE_KEY_MAX])
{
	if (!hz->since)
		return 0;
	if (hz->saves) {
		snprintf(keys[0], CAUSE_KEY_MAX, "S");
		return 1;
	}
	if (hz->deliver) {
		snprintf(keys[0], CAUSE_KEY_MAX, "d:%s", hz->name);
		return 1;
	}
	snprintf(keys[0], CAUSE_KEY_MAX, "o:%s", hz->name);
	snprintf(keys[1], CAUSE_KEY_MAX, "s:%s", hz->name);
	return 2;
}

static const char *const candidates[] = {
	"fault", "fault.fire", "fault.fire-lost", "proc.start", "proc.exit", "agent.move",
	"agent.stale", "agent.dedup", "deploy", "version.skew", "device.shutdown",
	"device.suspend", "device.resume", "link.down", "link.up", "store.stale", "msg.drop",
	"msg.held", "http.lost", "http.out.lost", "timer.refused", "run.timeout", NULL,
};

int cause_candidate(const json_t *ev)
{
	const char *kind = event_str(ev, "ev"), *level;

	if (!kind)
		return 0;
	for (size_t i = 0; candidates[i]; i++)
		if (!strcmp(kind, candidates[i]))
			return 1;
	level = event_str(ev, "level");
	return !strcmp(kind, "log") && level && !strcmp(level, "error");
}

/* ", k=v" for each parameter of a fault, as "(outage=2s, inflight=drop)". */
static size_t params_text(const json_t *params, char *buf, size_t n)
{
	const char *k;
	json_t *v;
	size_t len = 0;
	int first = 1;

	json_object_foreach((json_t *)params, k, v) {
		char val[64];

		if (json_is_string(v))
			snprintf(val, sizeof(val), "%s", json_string_value(v));
		else if (json_is_integer(v))
			snprintf(val, sizeof(val), "%lld", (long long)json_integer_value(v));
		else
			snprintf(val, sizeof(val), "\xE2\x80\xA6");
		len += (size_t)snprintf(buf + (len < n ? len : n), len < n ? n - len : 0, "%s%s=%s",
					first ? " (" : ", ", k, val);
		first = 0;
	}
	if (!first)
		len += (size_t)snprintf(buf + (len < n ? len : n), len < n ? n - len : 0, ")");
	else if (n)
		buf[0] = '\0';
	return len;
}

size_t cause_describe(const json_t *ev, char *buf, size_t n)
{
	const char *kind = event_str(ev, "ev"), *proc = event_str(ev, "proc");
	const char *name = event_str(ev, "name");
	long long inc = event_int(ev, "inc", 0);
	char extra[256] = "";

	if (!kind)
		kind = "?";
	if (!proc)
		proc = "?";
	if (!name)
		name = "?";
	if (!strcmp(kind, "fault")) {
		params_text(json_object_get(ev, "params"), extra, sizeof(extra));
		return (size_t)snprintf(buf, n, "%s injected%s", name, extra);
	}
	if (!strcmp(kind, "fault.fire"))
		return (size_t)snprintf(buf, n, "%s fired in %s #%lld%s%s", name, proc, inc,
					event_str(ev, "call") ? " at " : "",
					event_str(ev, "call") ? event_str(ev, "call") : "");
	if (!strcmp(kind, "fault.fire-lost"))
		return (size_t)snprintf(buf, n, "fault points fired in %s #%lld, which died before "
					"saying which", proc, inc);
	if (!strcmp(kind, "proc.start")) {
		if (event_str(ev, "server"))
			snprintf(extra, sizeof(extra), " on %s", event_str(ev, "server"));
		return (size_t)snprintf(buf, n, "%s #%lld started%s, version %lld", proc, inc, extra,
					event_int(ev, "version", 1));
	}
	if (!strcmp(kind, "proc.exit")) {
		if (event_str(ev, "signal"))
			snprintf(extra, sizeof(extra), " (%s)", event_str(ev, "signal"));
		else if (json_is_integer(json_object_get(ev, "status")))
			snprintf(extra, sizeof(extra), " (exit status %lld)", event_int(ev, "status", 0));
		return (size_t)snprintf(buf, n, "%s #%lld %s%s", proc, inc,
					event_str(ev, "how") ? event_str(ev, "how") : "exited", extra);
	}
	if (!strcmp(kind, "agent.move"))
		return (size_t)snprintf(buf, n, "agent moved from %s to %s",
					event_str(ev, "from") ?: "?", event_str(ev, "to") ?: "?");
	if (!strcmp(kind, "agent.stale"))
		return (size_t)snprintf(buf, n, "agent #%lld left running on %s as a stale duplicate",
					inc, event_str(ev, "server") ?: "?");
	if (!strcmp(kind, "agent.dedup"))
		return (size_t)snprintf(buf, n, "the cloud stopped agent #%lld and kept #%lld",
					event_int(ev, "stop", 0), event_int(ev, "keep", 0));
	if (!strcmp(kind, "deploy"))
		return (size_t)snprintf(buf, n, "deploy #%lld of version %lld%s",
					event_int(ev, "deploy", 0), event_int(ev, "version", 0),
					json_is_false(json_object_get(ev, "device_online")) ?
					" while the device was offline" : "");
	if (!strcmp(kind, "version.skew"))
		return (size_t)snprintf(buf, n, "version skew: device runs version %lld, agent %lld",
					event_int(ev, "device", 0), event_int(ev, "agent", 0));
	if (!strcmp(kind, "device.shutdown"))
		return (size_t)snprintf(buf, n, "device #%lld asked to restart (%s)", inc,
					event_str(ev, "reason") ?: "?");
	if (!strcmp(kind, "device.suspend"))
		return (size_t)snprintf(buf, n, "device suspended offline");
	if (!strcmp(kind, "device.resume"))
		return (size_t)snprintf(buf, n, "device resumed");
	if (!strcmp(kind, "link.down"))
		return (size_t)snprintf(buf, n, "link down (%s)", event_str(ev, "how") ?: "?");
	if (!strcmp(kind, "link.up"))
		return (size_t)snprintf(buf, n, "link up%s%s", event_str(ev, "server") ? " via " : "",
					event_str(ev, "server") ?: "");
	if (!strcmp(kind, "store.stale"))
		return (size_t)snprintf(buf, n, "the store was rolled back one save");
	if (!strcmp(kind, "msg.drop") || !strcmp(kind, "msg.held"))
		return (size_t)snprintf(buf, n, "message '%s' to %s %s", name,
					event_str(ev, "to") ?: "?",
					!strcmp(kind, "msg.drop") ? "dropped" : "held");
	if (!strcmp(kind, "http.lost") || !strcmp(kind, "http.out.lost"))
		return (size_t)snprintf(buf, n, "%s request lost",
					!strcmp(kind, "http.lost") ? "incoming HTTP" : "outbound HTTP");
	if (!strcmp(kind, "timer.refused"))
		return (size_t)snprintf(buf, n, "%s #%lld timer refused (limit reached)", proc, inc);
	if (!strcmp(kind, "log")) {
		const char *text = event_str(ev, "text") ?: "";
		size_t len = strcspn(text, "\n");

		if (len > CAUSE_TEXT_MAX)
			len = CAUSE_TEXT_MAX;
		return (size_t)snprintf(buf, n, "%s #%lld logged an error: %.*s%s", proc, inc,
					(int)len, text, text[len] ? "\xE2\x80\xA6" : "");
	}
	return (size_t)snprintf(buf, n, "%s", kind);
}

/* Appends to buf[0..len) as snprintf would; returns the new length. */
static size_t cat(char *buf, size_t len, size_t n, const char *fmt, const char *a, const char *b,
		  const char *c)
{
	return len + (size_t)snprintf(buf + (len < n ? len : n), len < n ? n - len : 0, fmt, a, b, c);
}

size_t cause_headline(json_t *const *cause, size_t n, const json_t *earlier, int64_t t_v,
		      int64_t start_s, char *buf, size_t len)
{
	char gap[32], when[40], off[40], what[320];
	size_t i, pick = 0, out, then = 0;
	const json_t *ev;

	if (!n && !earlier)
		return (size_t)snprintf(buf, len, "no fault or platform event came before it: the "
					"target failed on its own");
	if (!n) {
		ev = earlier;
		clock_gap(t_v - event_int(ev, "t", 0), gap, sizeof(gap));
		clock_format(start_s, event_int(ev, "t", 0), when, sizeof(when));
		cause_describe(ev, what, sizeof(what));
		return (size_t)snprintf(buf, len, "no fault or platform event within the invariant's "
					"horizon; the nearest %s before it: %s, %s earlier at %s",
					strcmp(event_str(ev, "ev") ?: "", "fault") ? "event" :
					"injected fault", what, gap, when);
	}
	/* The nearest injected fault, else the nearest fired point, else the
	 * nearest event. */
	for (i = 0; i < n && strcmp(event_str(cause[i], "ev") ?: "", "fault"); i++)
		;
	if (i == n)
		for (i = 0; i < n && strcmp(event_str(cause[i], "ev") ?: "", "fault.fire"); i++)
			;
	pick = i < n ? i : 0;
	ev = cause[pick];
	clock_gap(t_v - event_int(ev, "t", 0), gap, sizeof(gap));
	clock_format(start_s, event_int(ev, "t", 0), when, sizeof(when));
	html_fmt_time(event_int(ev, "t", 0), off, sizeof(off));
	cause_describe(ev, what, sizeof(what));
	out = cat(buf, 0, len, "%s after %s at %s", gap, what, when);
	out = cat(buf, out, len, " (%s)%s%s", off, "", "");
	/* What the platform did between it and the violation, in time order. */
	for (i = pick; i-- > 0 && then < 3;) {
		cause_describe(cause[i], what, sizeof(what));
		out = cat(buf, out, len, "%s%s%s", then ? ", " : "; then ", what, "");
		then++;
	}
	if (pick > 3)
		out = cat(buf, out, len, ", %s%s%s", "\xE2\x80\xA6", "", "");
	/* No injected fault in the horizon: the nearest one before it. */
	if (strcmp(event_str(ev, "ev") ?: "", "fault") && earlier &&
	    !strcmp(event_str(earlier, "ev") ?: "", "fault")) {
		clock_gap(t_v - event_int(earlier, "t", 0), gap, sizeof(gap));
		cause_describe(earlier, what, sizeof(what));
		out = cat(buf, out, len, " (the nearest injected fault: %s, %s before%s)", what, gap, "");
	}
	return out;
}
