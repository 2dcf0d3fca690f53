/*
 * rt.c - child-host runtime (see rt.h): the event loop on the control
 * pipes (RT_FD in, RT_WFD out), timers,
 * message handlers, connection state, and the API calls that both sides
 * share (imp_wakeup, server_log, impchaos_observe, ...).
 *
 * Harness -> [rt.c + agent.c = imp-agent] -> agent.so
 *         -> [rt.c + device.c = imp-device] -> device.so
 *         -> [rt.c + sq_host.c + sq_agent.c / sq_device.c] -> FILE.nut
 */
#include "rt.h"

#include <dlfcn.h>
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "forksrv.h"
#include "hfault.h"
#include "sq_host.h"
#include "core/proto.h"


/* Limits per event, a model of the platform's message-rate and log limits
 * (the imp throttles both; no exact figure is documented). They are far
 * above what a sane handler does, so no well-behaved target meets them, and
 * they keep one runaway handler from growing the trace without bound. What
 * goes over is dropped, and one error line per event says how much. */
#define RT_EVENT_MAX_SENDS 1000
#define RT_EVENT_MAX_LOGS 1000

/* The most a host's output file (agent.log, device.log: the target's stdout
 * and stderr, shared by every incarnation) may hold. Set as RLIMIT_FSIZE,
 * with SIGXFSZ ignored, so a write past it fails and the run goes on. */
#define RT_LOG_FILE_CAP (8L << 20)

struct rt_handler {
	char *name;
	imp_msg_cb cb;
	void *ud;
	struct rt_handler *next;
};

/* A pending timer. Handles given to the target are the id, not a pointer, so
 * that cancelling a timer that already fired (harmless on the platform) never
 * touches freed memory. */
struct rt_timer {
	uint64_t id;
	imp_event_cb cb;
	void *ud;
	struct rt_timer *next;
};

static struct {
	const struct rt_role *role;
	struct proto_reader rd;
	json_t *init;
	int64_t now_us, start_us, epoch_s;
	struct rt_handler *handlers;
	struct rt_timer *timers;
	uint64_t next_timer;
	bool linked;
	char crash_point[64];    /* "<role>/handler/crash" */
	size_t mem_quota;        /* bytes; 0: none */
	size_t quota_shown;      /* the quota in force, as the user gave it, for "oom" */
	bool squirrel;           /* the target is Squirrel: its VM keeps the quota */
	int timer_limit;         /* live timers imp_wakeup() allows; 0: none */
	imp_event_cb on_up, on_down;
	void *on_up_ud, *on_down_ud;
	unsigned long sends, logs;             /* this event's, up to the limits */
	unsigned long sends_over, logs_over;   /* this event's, dropped */
} rt;

const json_t *rt_init(void)
{
	return rt.init;
}

void rt_on(const char *name, imp_msg_cb cb, void *ud)
{
	struct rt_handler **pp, *h;

	if (!name)
		return;
	for (pp = &rt.handlers; (h = *pp); pp = &h->next)
		if (!strcmp(h->name, name))
			break;
	if (!cb) {
		if (h) {
			*pp = h->next;
			free(h->name);
			free(h);
		}
		return;
	}
	if (!h) {
		h = calloc(1, sizeof(*h));
		if (!h || !(h->name = strdup(name)))
			abort();
		*pp = h;
	}
	h->cb = cb;
	h->ud = ud;
}

bool rt_linked(void)
{
	return rt.linked;
}

void rt_onlink(bool up, imp_event_cb cb, void *ud)
{
	if (up) {
		rt.on_up = cb;
		rt.on_up_ud = ud;
	} else {
		rt.on_down = cb;
		rt.on_down_ud = ud;
	}
}

bool rt_send_allowed(void)
{
	if (rt.sends < RT_EVENT_MAX_SENDS) {
		rt.sends++;
		return true;
	}
	rt.sends_over++;
	return false;
}

/* Ends an event's accounting: one error line for each limit it went over
 * (sent past the per-event counts, so it is never dropped itself). */
static void event_limits_report(void)
{
	char text[160];

	if (rt.sends_over) {
		snprintf(text, sizeof(text), "ERROR: message rate limit: %lu messages over the limit "
			 "of %d per event were dropped", rt.sends_over, RT_EVENT_MAX_SENDS);
		rt_effect(json_pack("{s:s, s:s, s:s}", "t", "log", "level", "error", "text", text));
	}
	if (rt.logs_over) {
		snprintf(text, sizeof(text), "ERROR: log limit: %lu log lines over the limit of %d "
			 "per event were dropped", rt.logs_over, RT_EVENT_MAX_LOGS);
		rt_effect(json_pack("{s:s, s:s, s:s}", "t", "log", "level", "error", "text", text));
	}
	rt.sends = rt.logs = rt.sends_over = rt.logs_over = 0;
}

static void log_v(const char *level, const char *fmt, va_list ap)
{
	char *text = NULL;

	if (rt.logs >= RT_EVENT_MAX_LOGS) {
		rt.logs_over++;
		return;
	}
	rt.logs++;

	char *clean;

	if (vasprintf(&text, fmt, ap) < 0)
		abort();
	/* Bytes that are not UTF-8 cannot go into JSON: replaced (U+FFFD). */
	clean = rt_utf8(text);
	rt_effect(json_pack("{s:s, s:s, s:s}", "t", "log", "level", level, "text", clean ? clean : text));
	free(clean);
	free(text);
}

void rt_target_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_v("error", fmt, ap);
	va_end(ap);
}

/* ---- API shared by both sides (imp.h) ---- */

void server_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_v("log", fmt, ap);
	va_end(ap);
}

void server_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_v("error", fmt, ap);
	va_end(ap);
}

void rt_restart(const char *why)
{
	rt_effect(json_pack("{s:s, s:s}", "t", "restart", "why", why));
	exit(0);        /* flush_at_exit sends it */
}

void rt_oom(const char *name, size_t used)
{
	rt_effect(json_pack("{s:s, s:s, s:I, s:I}", "t", "oom", "name", name, "used", (json_int_t)used,
			    "quota", (json_int_t)rt.quota_shown));
	rt_flush();
	_exit(12);
}

double rt_clock_s(void)
{
	return (double)rt.epoch_s + (double)rt.now_us / 1e6;
}

int64_t rt_uptime_us(void)
{
	return rt.now_us - rt.start_us;
}

void server_restart(void)
{
	rt_restart("restart");
}

void rt_set_linked(bool up)
{
	rt.linked = up;
}

void impchaos_observe(const char *name, double value)
{
	if (!name || !isfinite(value)) {
		rt_target_error("impchaos_observe: %s", !name ? "NULL name" : "value is not finite");
		return;
	}
	{
		char *clean = rt_utf8(name);
		const char *nm = clean ? clean : name;
		struct proto_build *b = rt_effect_begin("observe", 2);

		proto_build_string(b, "name", nm, strlen(nm));
		proto_build_real(b, "value", value);
		rt_effect_end(b);
		free(clean);
	}
}

static int count_timers(void)
{
	struct rt_timer *t;
	int n = 0;

	for (t = rt.timers; t; t = t->next)
		n++;
	return n;
}

imp_timer *imp_wakeup(double seconds, imp_event_cb cb, void *ud)
{
	struct proto_build *b;
	struct rt_timer *t;
	int64_t after;

	if (!cb || !isfinite(seconds)) {
		rt_target_error("imp_wakeup: %s", !cb ? "NULL callback" : "seconds is not finite");
		return NULL;
	}
	/* Durations are checked here, before any arithmetic, so that both the
	 * C and the Squirrel bindings get the same answer. */
	if (seconds > (double)PROTO_TIMER_MAX_US / 1e6) {
		rt_target_error("imp_wakeup: %g seconds is longer than the %lld a timer may wait "
				"(no timer)", seconds, PROTO_TIMER_MAX_US / 1000000);
		return NULL;
	}
	if (seconds < 0) {
		rt_target_error("imp_wakeup: %g seconds is negative (taken as 0)", seconds);
		seconds = 0;
	}
	after = (int64_t)llround(seconds * 1e6);
	if (rt.timer_limit && count_timers() >= rt.timer_limit) {
		/* As on the platform: no timer, and the caller must cope. */
		rt_effect(json_pack("{s:s, s:i}", "t", "nowakeup", "limit", rt.timer_limit));
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		abort();
	t->id = ++rt.next_timer;
	t->cb = cb;
	t->ud = ud;
	t->next = rt.timers;
	rt.timers = t;
	/* Straight into the queue, no object (harness/host/README.md). */
	b = rt_effect_begin("wakeup", 2);
	proto_build_int(b, "id", (int64_t)t->id);
	proto_build_int(b, "after", after);
	rt_effect_end(b);
	return (imp_timer *)(uintptr_t)t->id;
}

static struct rt_timer *timer_take(uint64_t id)
{
	struct rt_timer **pp, *t;

	for (pp = &rt.timers; (t = *pp); pp = &t->next)
		if (t->id == id) {
			*pp = t->next;
			return t;
		}
	return NULL;
}

void imp_cancelwakeup(imp_timer *handle)
{
	uint64_t id = (uint64_t)(uintptr_t)handle;
	struct proto_build *b;
	struct rt_timer *t;

	if (!handle || !(t = timer_take(id)))
		return;
	free(t);
	b = rt_effect_begin("cancel", 1);
	proto_build_int(b, "id", (int64_t)id);
	rt_effect_end(b);
}

int64_t imp_time(void)
{
	return rt.epoch_s + rt.now_us / 1000000;
}

uint64_t imp_millis(void)
{
	return (uint64_t)(rt.now_us - rt.start_us) / 1000;
}

/* ---- the event loop ---- */

/* Runs target code with the target scope marked for scoped fault points,
 * the crash-in-handler point first. */
#define TARGET_CALL(call) do { \
		hfault_in_target++; \
		hfault_point(rt.crash_point); \
		call; \
		hfault_in_target--; \
	} while (0)

void rt_target_call(imp_event_cb cb, void *ud)
{
	TARGET_CALL(cb(ud));
}

json_t *rt_await(const char *type)
{
	char err[512];
	json_t *ev;
	const char *t;
	int rc;

	hfault_in_runtime++;
	rt_flush();
	rc = proto_recv(RT_FD, &rt.rd, &ev, err, sizeof(err));
	hfault_in_runtime--;
	if (rc != 1)
		_exit(3);
	t = json_string_value(json_object_get(ev, "t"));
	rt.now_us = json_integer_value(json_object_get(ev, "now"));
	if (t && !strcmp(t, "stop"))
		exit(0);
	if (!t || strcmp(t, type)) {
		fprintf(stderr, "imp-%s: expected a '%s' frame, got '%s'\n", rt.role->name, type,
			t ? t : "?");
		_exit(3);
	}
	return ev;
}

static size_t mem_used(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

size_t imp_getmemoryfree(void)
{
	size_t used;

	if (rt.squirrel)
		return sqh_memory_free();
	used = mem_used();
	if (!rt.mem_quota)
		return (size_t)1 << 30;
	return used >= rt.mem_quota ? 0 : rt.mem_quota - used;
}

/* The platform restarts code that exhausts its memory. With a quota, the
 * check runs after every event: a target that keeps growing is stopped at
 * the first event boundary past the quota, reported as out of memory. */
static void check_quota(void)
{
	size_t used;

	/* A Squirrel VM enforces its own quota at each allocation (sq_host.c). */
	if (rt.squirrel || !rt.mem_quota || (used = mem_used()) <= rt.mem_quota)
		return;
	rt_oom("memory-quota", used);
}

static void on_msg(const json_t *ev)
{
	const char *name = json_string_value(json_object_get(ev, "name"));
	json_t *data = json_object_get(ev, "data");
	struct rt_handler *h;

	if (!data)
		data = json_null();
	for (h = rt.handlers; h; h = h->next)
		if (name && !strcmp(h->name, name))
			break;
	if (!h) {
		rt_effect(json_pack("{s:s, s:s, s:O}", "t", "nohandler", "name", name ? name : "",
				    "id", json_object_get(ev, "id")));
		return;
	}
	TARGET_CALL(h->cb(data, h->ud));
}

static void on_timer(const json_t *ev)
{
	struct rt_timer *t = timer_take((uint64_t)json_integer_value(json_object_get(ev, "id")));
	imp_event_cb cb;
	void *ud;

	/* A timer the target cancelled in the same instant may still be on its
	 * way; it simply no longer exists here. */
	if (!t)
		return;
	cb = t->cb;
	ud = t->ud;
	free(t);
	TARGET_CALL(cb(ud));
}

static void on_link(const json_t *ev)
{
	bool up = json_is_true(json_object_get(ev, "up"));

	if (up == rt.linked)
		return;
	rt.linked = up;
	if (up && rt.on_up)
		TARGET_CALL(rt.on_up(rt.on_up_ud));
	else if (!up && rt.on_down)
		TARGET_CALL(rt.on_down(rt.on_down_ud));
}

static void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fatal(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "imp-%s: %s\n", rt.role->name, msg);
	rt_effect(json_pack("{s:s, s:s}", "t", "fatal", "msg", msg));
	exit(2);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: imp-%s --target FILE.so|FILE.nut\n"
		"Runs one %s instance of an impchaos target. Started by the impchaos\n"
		"harness, which talks to it on fds 3 and 4; not meant to be run by hand.\n",
		rt.role->name, rt.role->name);
}

int rt_main(const struct rt_role *role, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *target = NULL;
	void (*entry)(void);
	char err[512];
	void *so;
	json_t *ev;
	int c, rc;

	if (argc == 2 && !strcmp(argv[1], "--fork-server"))
		return forksrv_main(role, argv[0]);
	rt.role = role;
	rt_out_setup();
	/* The harness may die without stopping this process (SIGKILL): then
	 * the kernel kills it, so no host outlives its run. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	{
		struct rlimit fsize = { RT_LOG_FILE_CAP, RT_LOG_FILE_CAP };

		signal(SIGXFSZ, SIG_IGN);
		/* A write to a harness that is gone fails with EPIPE (the host
		 * then exits with status 3) rather than killing the host: the
		 * channel is pipes, which have no MSG_NOSIGNAL. */
		signal(SIGPIPE, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &fsize);
	}
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 't')
			target = optarg;
		else if (c == 'h') {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!target) {
		usage(stderr);
		return 2;
	}
	proto_reader_init(&rt.rd);
	rc = proto_recv(RT_FD, &rt.rd, &rt.init, err, sizeof(err));
	if (rc <= 0 || strcmp(json_string_value(json_object_get(rt.init, "t")), "init")) {
		fprintf(stderr, "imp-%s: no init frame from the harness on fd %d: %s\n", role->name,
			RT_FD, rc < 0 ? err : "wrong frame");
		return 2;
	}
	rt.now_us = rt.start_us = json_integer_value(json_object_get(rt.init, "now"));
	rt.epoch_s = json_integer_value(json_object_get(rt.init, "epoch"));
	/* The role's set-up first: a Squirrel VM's API reads what it prepares
	 * (the device's nv table). */
	if (role->setup && role->setup(rt.init, err, sizeof(err)) < 0)
		fatal("%s", err);
	rt.mem_quota = (size_t)json_integer_value(json_object_get(rt.init, "mem_quota"));
	rt.quota_shown = rt.mem_quota;
	rt.squirrel = sqh_is_squirrel(target);
	if (rt.squirrel) {
		/* The scenario's quota (--agent-memory), else the target's
		 * ("squirrel_memory" in target.json), else the platform's. */
		size_t quota = rt.mem_quota;

		if (!quota)
			quota = (size_t)json_integer_value(json_object_get(rt.init, "sq_mem_quota"));
		if (!quota)
			quota = role->sq_default_quota;
		rt.quota_shown = quota;
		if (sqh_load(role, target, quota, err, sizeof(err)) < 0)
			fatal("%s", err);
		entry = sqh_start;
		so = NULL;
	} else {
		so = dlopen(target, RTLD_NOW | RTLD_LOCAL);
		if (!so)
			fatal("cannot load '%s': %s", target, dlerror());
		*(void **)&entry = dlsym(so, role->entry);
		if (!entry)
			fatal("'%s' does not define %s()", target, role->entry);
	}
	(void)so;
	if (role->loaded)
		role->loaded();
	snprintf(rt.crash_point, sizeof(rt.crash_point), "%s/handler/crash", role->name);
	rt.timer_limit = (int)json_integer_value(json_object_get(rt.init, "timer_limit"));
	/* Every event ends with "done", written straight into the queue
	 * (rt_effect_begin), which allocates nothing once "ready" has made
	 * the queue's buffer. Nothing may allocate between "ready" and the
	 * first event: an allocation failing there would send its "oom" frame
	 * after the frame that ended the start, outside any event, where the
	 * harness cannot tell it from a target's own thread calling the API. */
	hfault_setup((uint64_t)json_integer_value(json_object_get(rt.init, "seed")),
		     (int)json_integer_value(json_object_get(rt.init, "inc")), RT_WFD);
	{
		json_t *spec;
		size_t i;

		json_array_foreach(json_object_get(rt.init, "arm"), i, spec)
			if (hfault_arm(spec, err, sizeof(err)) < 0)
				fatal("%s", err);
	}
	rt_effect(json_pack("{s:s}", "t", "ready"));

	for (;;) {
		const char *t;

		rt_out_idle();
		if ((rc = proto_recv(RT_FD, &rt.rd, &ev, err, sizeof(err))) != 1)
			break;
		rt_out_busy();
		t = proto_type(ev);

		rt.now_us = json_integer_value(json_object_get(ev, "now"));
		if (!strcmp(t, "stop")) {
			json_decref(ev);
			break;
		}
		if (!strcmp(t, "start"))
			TARGET_CALL(entry());
		else if (!strcmp(t, "arm")) {
			if (hfault_arm(json_object_get(ev, "spec"), err, sizeof(err)) < 0)
				fatal("%s", err);
		} else if (!strcmp(t, "disarm"))
			hfault_disarm(json_string_value(json_object_get(ev, "name")) ?: "");
		else if (!strcmp(t, "timer"))
			on_timer(ev);
		else if (!strcmp(t, "msg"))
			on_msg(ev);
		else if (!strcmp(t, "link"))
			on_link(ev);
		else if (!role->frame || role->frame(t, ev) < 0)
			fatal("unknown frame type '%s' from the harness", t);
		json_decref(ev);
		check_quota();
		event_limits_report();
		rt_effect_end(rt_effect_begin("done", 0));
	}
	if (rc < 0)
		fprintf(stderr, "imp-%s: control channel: %s\n", role->name,
			rc == -EPROTO ? err : strerror(-rc));
	proto_reader_release(&rt.rd);
	json_decref(rt.init);
	while (rt.timers)
		free(timer_take(rt.timers->id));
	while (rt.handlers)
		rt_on(rt.handlers->name, NULL, NULL);
	if (rt.squirrel)
		sqh_release();
	return rc < 0 ? 3 : 0;
}
