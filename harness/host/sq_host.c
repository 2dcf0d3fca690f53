/*
 * sq_host.c - the Squirrel VM inside a child host (see sq_host.h): loading a
 * .nut target, running its callbacks as target code, the platform's error
 * handling, and the imp API both sides share
 * (imp.wakeup/cancelwakeup/getmemoryfree, server.log/error, time/date,
 * print). The role's own API is in sq_agent*.c / sq_device*.c; values as
 * JSON and log text are sq_json.c's.
 *
 *   rt.c "start"/"timer"/"msg"/"link" -> trampoline -> sqh_call -> the script
 *   the script -> native (this file, sq_agent.c, sq_device.c) -> rt/agent/device C API
 */
#include "sq_host.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/nutpp.h"

static struct {
	sq_vm *vm;
	const struct rt_role *role;
	struct nutpp pp;
	sq_handle *main;            /* the compiled top level */
	size_t quota;
	struct sqh_cb *slots;       /* named callbacks (sqh_slot) */
	struct sqh_cb *timers;      /* pending imp.wakeup callbacks */
} sqh;

bool sqh_is_squirrel(const char *target)
{
	size_t n = strlen(target);

	return n > 4 && !strcmp(target + n - 4, ".nut");
}

/* ---- errors, the platform's way ---- */

static bool is_oom(const sq_error_info *e)
{
	const char *m = e && e->message ? e->message : "";

	return strstr(m, "out of memory") || strstr(m, "not enough memory") ||
	       (sqh.quota && sq_mem_used(sqh.vm) >= sqh.quota);
}

/* Logs the pending error as the imp does, then does what the platform does
 * after it: the device restarts, the agent goes on. */
static void report_error(void)
{
	const sq_error_info *e = sq_last_error(sqh.vm);
	int i;

	if (is_oom(e))
		rt_oom("memory-quota", sq_mem_used(sqh.vm));
	server_error("ERROR: %s", e && e->message ? e->message : "unknown error");
	for (i = 0; e && i < e->nframes && i < SQ_MAX_FRAMES; i++) {
		const sq_frame_info *f = &e->frames[i];
		const struct nutpp_src *file = NULL;
		int line = f->line;

		if (f->file && f->line > 0)
			nutpp_where(&sqh.pp, f->line, &file, &line);
		if (file)
			server_error("ERROR:   %s %s %s:%d", i ? "from" : "in",
				     f->function ? f->function : "unknown", file->name, line);
		else
			server_error("ERROR:   %s %s (native)", i ? "from" : "in",
				     f->function ? f->function : "unknown");
	}
	sq_clear_error(sqh.vm);
	if (!strcmp(sqh.role->name, "device"))
		rt_restart("squirrel-error");
}

int sqh_call(sq_value fn, int nargs, const sq_value *args, sq_value *ret)
{
	sq_value r = sq_null(), f = sq_dup(fn);
	int rc;

	/* Our own reference: the callback may replace itself (device.on of
	 * its own name) while it runs. */
	rc = sq_call(sqh.vm, f, sq_roottable(sqh.vm), nargs, args, &r);
	sq_release(sqh.vm, f);
	if (rc != SQ_OK) {
		report_error();
		return -1;
	}
	if (ret)
		*ret = r;
	else
		sq_release(sqh.vm, r);
	return 0;
}

/* ---- kept callbacks and trampolines ---- */

static struct sqh_cb *cb_new(sq_value fn)
{
	struct sqh_cb *cb = calloc(1, sizeof(*cb));

	if (!cb)
		abort();
	cb->fn = sq_handle_new(sqh.vm, fn);
	return cb;
}

static void cb_free(struct sqh_cb *cb)
{
	if (!cb)
		return;
	sq_handle_free(sqh.vm, cb->fn);
	free(cb->slot);
	free(cb);
}

struct sqh_cb *sqh_slot(const char *name, sq_value fn)
{
	struct sqh_cb **pp, *cb;

	for (pp = &sqh.slots; (cb = *pp); pp = &cb->next)
		if (!strcmp(cb->slot, name)) {
			*pp = cb->next;
			cb_free(cb);
			break;
		}
	if (fn.type == SQ_TNULL)
		return NULL;
	cb = cb_new(fn);
	if (!(cb->slot = strdup(name)))
		abort();
	cb->next = sqh.slots;
	sqh.slots = cb;
	return cb;
}

void sqh_msg_tramp(json_t *data, void *ud)
{
	struct sqh_cb *cb = ud;
	sq_value v;

	if (sqh_from_json_link(sqh.vm, data, &v) != SQ_OK) {
		report_error();
		return;
	}
	sqh_call(sq_handle_value(cb->fn), 1, &v, NULL);
	sq_release(sqh.vm, v);
}

void sqh_event_tramp(void *ud)
{
	struct sqh_cb *cb = ud;

	sqh_call(sq_handle_value(cb->fn), 0, NULL, NULL);
}

void sqh_reason_tramp(int reason, void *ud)
{
	struct sqh_cb *cb = ud;
	sq_value v = sq_int(reason);

	sqh_call(sq_handle_value(cb->fn), 1, &v, NULL);
}

/* A timer is one-shot: the callback leaves the list before it runs. */
static void timer_tramp(void *ud)
{
	struct sqh_cb **pp, *cb = ud;
	sq_value fn;

	for (pp = &sqh.timers; *pp && *pp != cb; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = cb->next;
	fn = sq_dup(sq_handle_value(cb->fn));
	cb_free(cb);
	sqh_call(fn, 0, NULL, NULL);
	sq_release(sqh.vm, fn);
}

/* ---- building the API ---- */

sq_value sqh_subtable(sq_vm *vm, const char *name)
{
	sq_value key = sq_string_cstr(vm, name), t;

	if (sq_table_rawget(sq_roottable(vm), key, &t) != 1 || t.type != SQ_TTABLE) {
		t = sq_table_new(vm);
		sq_table_rawset(vm, sq_roottable(vm), key, t);
		/* The root table holds it now: what we return is borrowed. */
		sq_release(vm, t);
	}
	sq_release(vm, key);
	return t;
}

void sqh_const_int(sq_vm *vm, const char *name, int value)
{
	/* Both: the compiler folds constants it knows, and code that looks a
	 * name up at run time finds it in the root table. */
	sq_table_setstr(vm, sq_consttable(vm), name, sq_int(value));
	sq_table_setstr(vm, sq_roottable(vm), name, sq_int(value));
}

/* ---- the API both sides share ---- */

static int log_with(sq_vm *vm, int argc, sq_value *argv, bool error)
{
	char *text;

	if (argc < 2)
		return sq_throwf(vm, "wrong number of parameters");
	text = sqh_logtext(vm, argv[1]);
	if (error)
		server_error("%s", text);
	else
		server_log("%s", text);
	free(text);
	return 0;
}

static int n_server_log(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)ret;
	return log_with(vm, argc, argv, false);
}

static int n_server_error(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)ret;
	return log_with(vm, argc, argv, true);
}

static int n_imp_wakeup(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct sqh_cb *cb;
	imp_timer *t;

	(void)argc;
	cb = cb_new(argv[2]);
	t = imp_wakeup((double)sq_tofloat(argv[1]), timer_tramp, cb);
	if (!t) {
		/* The device's timer limit: null, as on the platform. */
		cb_free(cb);
		return 0;
	}
	cb->id = (int64_t)(uintptr_t)t;
	cb->next = sqh.timers;
	sqh.timers = cb;
	*ret = sq_int((int32_t)cb->id);
	(void)vm;
	return 0;
}

static int n_imp_cancelwakeup(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct sqh_cb **pp, *cb;

	(void)vm;
	(void)argc;
	(void)ret;
	if (argv[1].type != SQ_TINTEGER)
		return 0;      /* null or a stale value: nothing to cancel */
	for (pp = &sqh.timers; (cb = *pp); pp = &cb->next)
		if (cb->id == argv[1].u.i) {
			*pp = cb->next;
			imp_cancelwakeup((imp_timer *)(uintptr_t)cb->id);
			cb_free(cb);
			break;
		}
	return 0;
}

sq_vm *sqh_vm(void)
{
	return sqh.vm;
}

size_t sqh_memory_free(void)
{
	size_t used = sqh.vm ? sq_mem_used(sqh.vm) : 0;

	return used >= sqh.quota ? 0 : sqh.quota - used;
}

static int n_imp_getmemoryfree(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	size_t f = sqh_memory_free();

	(void)vm;
	(void)argc;
	(void)argv;
	*ret = sq_int(f > INT32_MAX ? INT32_MAX : (int32_t)f);
	return 0;
}

/* Not the platform's: publishes a value for counter-monotonic:NAME, like
 * impchaos_observe() in C. A product never needs it (saved tables are
 * checked too); tests may. */
static int n_observe(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)ret;
	impchaos_observe(sq_str(argv[1]), (double)sq_tofloat(argv[2]));
	return 0;
}

static void on_print(void *ud, const char *s, size_t n)
{
	(void)ud;
	while (n && (s[n - 1] == '\n'))
		n--;
	server_log("%.*s", (int)n, s);
}

static void on_eprint(void *ud, const char *s, size_t n)
{
	(void)ud;
	while (n && (s[n - 1] == '\n'))
		n--;
	server_error("%.*s", (int)n, s);
}

static double clock_now(void *ud)
{
	(void)ud;
	return rt_clock_s();
}

static double clock_cpu(void *ud)
{
	(void)ud;
	return (double)rt_uptime_us() / 1e6;
}

static void register_shared(sq_vm *vm)
{
	sq_value imp = sqh_subtable(vm, "imp"), server = sqh_subtable(vm, "server");
	sq_value ic = sqh_subtable(vm, "impchaos");

	sq_table_setfn(vm, imp, "wakeup", n_imp_wakeup, 3, ".nc");
	sq_table_setfn(vm, imp, "cancelwakeup", n_imp_cancelwakeup, 2, NULL);
	sq_table_setfn(vm, imp, "getmemoryfree", n_imp_getmemoryfree, 1, NULL);
	sq_table_setfn(vm, server, "log", n_server_log, 2, NULL);
	sq_table_setfn(vm, server, "error", n_server_error, 2, NULL);
	sq_table_setfn(vm, ic, "observe", n_observe, 3, ".sn");
}

/* ---- life cycle ---- */

int sqh_load(const struct rt_role *role, const char *path, size_t quota, char *err,
	     size_t errlen)
{
	sq_value fn;
	int rc;

	sq_vm *probe;
	size_t base;

	sqh.role = role;
	if ((rc = nutpp_load(&sqh.pp, path, err, errlen)) < 0)
		return rc;
	/* The quota is the script's: what the VM itself, its standard library
	 * and the imp API take is measured on a probe VM and added, so that
	 * imp.getmemoryfree() starts near the quota as on the platform, whose
	 * firmware is not counted against Squirrel either. */
	if (!(probe = sq_vm_new(0))) {
		snprintf(err, errlen, "%s: cannot create a Squirrel VM", path);
		return -ENOMEM;
	}
	register_shared(probe);
	if (role->sq_api)
		role->sq_api(probe);
	base = sq_mem_used(probe);
	sq_vm_free(probe);
	sqh.quota = quota + base;
	if (!(sqh.vm = sq_vm_new(sqh.quota))) {
		snprintf(err, errlen, "%s: cannot create a Squirrel VM in %zu bytes", path, sqh.quota);
		return -ENOMEM;
	}
	sq_vm_set_print(sqh.vm, on_print, on_eprint, NULL);
	sq_vm_set_clock(sqh.vm, clock_now, clock_cpu, NULL);
	register_shared(sqh.vm);
	if (role->sq_api)
		role->sq_api(sqh.vm);
	if (sq_compile_buffer(sqh.vm, sqh.pp.text, sqh.pp.len, sqh.pp.files[0].name, &fn) != SQ_OK) {
		const sq_error_info *e = sq_last_error(sqh.vm);
		const struct nutpp_src *file;
		int line = e ? e->line : 0;

		if (e && is_oom(e))
			rt_oom("memory-quota", sq_mem_used(sqh.vm));
		nutpp_where(&sqh.pp, line, &file, &line);
		snprintf(err, errlen, "%s:%d:%d: error: %s", file->name, line, e ? e->column : 0,
			 e && e->message ? e->message : "?");
		return -EINVAL;
	}
	sqh.main = sq_handle_new(sqh.vm, fn);
	sq_release(sqh.vm, fn);
	return 0;
}

void sqh_start(void)
{
	sqh_call(sq_handle_value(sqh.main), 0, NULL, NULL);
}

void sqh_release(void)
{
	while (sqh.slots) {
		struct sqh_cb *cb = sqh.slots;

		sqh.slots = cb->next;
		cb_free(cb);
	}
	while (sqh.timers) {
		struct sqh_cb *cb = sqh.timers;

		sqh.timers = cb->next;
		cb_free(cb);
	}
	sq_handle_free(sqh.vm, sqh.main);
	sq_vm_free(sqh.vm);
	nutpp_release(&sqh.pp);
	memset(&sqh, 0, sizeof(sqh));
}
