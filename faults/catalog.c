/*
 * catalog.c - the fault catalogue table and schedule validation (see
 * catalog.h).
 */
#include "catalog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/duration.h"

#define SEC 1000000LL

static const struct fault_param restart_params[] = {
	{ "outage", FAULT_PARAM_DURATION,
	  "how long the agent is down before the new instance starts (default: seeded, 0.5s-5s)",
	  0, 3600 * SEC, NULL },
	{ NULL, 0, NULL, 0, 0, NULL },
};

static const struct fault_param crash_params[] = {
	{ "restart_after", FAULT_PARAM_DURATION,
	  "how long until the cloud restarts the crashed agent (default: seeded, 1s-5s)",
	  0, 3600 * SEC, NULL },
	{ NULL, 0, NULL, 0, 0, NULL },
};

static const struct fault_param migrate_params[] = {
	{ "outage", FAULT_PARAM_DURATION,
	  "how long the agent is unreachable while it moves (default: seeded, 0s-5s)",
	  0, 3600 * SEC, NULL },
	{ "inflight", FAULT_PARAM_CHOICE,
	  "messages on their way to the agent when it moves are dropped, delivered to the new "
	  "instance as soon as its code has run (before any handler it registers later), or "
	  "delivered once it is up (default: a seeded choice)", 0, 0, "drop|early|late" },
	{ NULL, 0, NULL, 0, 0, NULL },
};

static const struct fault_param duplicate_params[] = {
	{ "for", FAULT_PARAM_DURATION,
	  "how long the stale instance runs beside the new one (counted from the new one's "
	  "start, after the outage) before the cloud notices (default: seeded, 1m-10m)",
	  0, 30 * 86400 * SEC, NULL },
	{ "stop", FAULT_PARAM_CHOICE,
	  "which instance the cloud stops when it notices: the stale one, or the new one (the "
	  "platform bug that stopped live agents instead of stale duplicates), after which the "
	  "stale one is the device's agent again (default: stale)", 0, 0, "stale|new" },
	{ "outage", FAULT_PARAM_DURATION,
	  "how long until the new instance starts (default: seeded, 0s-5s)",
	  0, 3600 * SEC, NULL },
	{ "inflight", FAULT_PARAM_CHOICE,
	  "messages on their way to the agent are dropped or held for the new instance, as in "
	  "agent/migrate (default: a seeded choice)", 0, 0, "drop|early|late" },
	{ NULL, 0, NULL, 0, 0, NULL },
};

static const struct fault_param power_params[] = {
	{ "off", FAULT_PARAM_DURATION,
	  "how long the device stays powered off (default: seeded, 5s-60s)",
	  0, 30 * 86400 * SEC, NULL },
	{ NULL, 0, NULL, 0, 0, NULL },
};

/* the platform: detecting a dead connection takes from about 106 s to about
 * 9 minutes. */
#define DETECT_PARAM \
	{ "detect", FAULT_PARAM_DURATION, \
	  "how long the agent goes on believing the device is connected (default: seeded, " \
	  "106s-9m); a link back before that shows up as disconnect-then-connect", \
	  0, 3600 * SEC, NULL }

static const struct fault_param disconnect_params[] = {
	{ "for", FAULT_PARAM_DURATION,
	  "how long the link stays down (default: 1m)",
	  0, 30 * 86400 * SEC, NULL },
	DETECT_PARAM,
	{ NULL, 0, NULL, 0, 0, NULL },
};

static const struct fault_param deploy_params[] = {
	{ "outage", FAULT_PARAM_DURATION,
	  "how long the agent is down while it restarts with the new code (default: seeded, "
	  "0.2s-2s)", 0, 3600 * SEC, NULL },
	{ "download", FAULT_PARAM_DURATION,
	  "how long a connected device takes to receive the new code before it is asked to "
	  "restart (default: seeded, 0.5s-10s)", 0, 3600 * SEC, NULL },
	{ NULL, 0, NULL, 0, 0, NULL },
};

static const struct fault_param redirect_params[] = {
	{ "notice", FAULT_PARAM_DURATION,
	  "how long the device stays on its old server after its agent starts moving: what it "
	  "sends meanwhile races the move (default: seeded, 0s-2s)", 0, 3600 * SEC, NULL },
	{ "outage", FAULT_PARAM_DURATION,
	  "how long the agent is unreachable while it moves (default: seeded, 0s-5s)",
	  0, 3600 * SEC, NULL },
	{ "inflight", FAULT_PARAM_CHOICE,
	  "messages on their way to the agent when it moves: see agent/migrate",
	  0, 0, "drop|early|late" },
	{ NULL, 0, NULL, 0, 0, NULL },
};

static const struct fault_param stale_params[] = {
	{ "outage", FAULT_PARAM_DURATION,
	  "how long the agent is unreachable while it moves (default: seeded, 0s-5s)",
	  0, 3600 * SEC, NULL },
	{ NULL, 0, NULL, 0, 0, NULL },
};

static const struct fault_param storm_params[] = {
	{ "count", FAULT_PARAM_COUNT, "how many times the link drops (default: seeded, 3-10)",
	  1, 1000, NULL },
	{ "over", FAULT_PARAM_DURATION, "how long the storm lasts (default 10m)",
	  1 * SEC, 86400 * SEC, NULL },
	{ NULL, 0, NULL, 0, 0, NULL },
};

static const struct fault_param slowboot_params[] = {
	{ "delay", FAULT_PARAM_DURATION,
	  "how long after connecting the device's code starts (default: seeded, 10s-60s)",
	  0, 3600 * SEC, NULL },
	{ NULL, 0, NULL, 0, 0, NULL },
};

/* The http/out faults change the agent's next `count` outbound requests
 * (harness/sim/sim_httpout.c). */
#define HTTPOUT_COUNT \
	{ "count", FAULT_PARAM_COUNT, "how many of the agent's next outbound requests it changes " \
	  "(default 1)", 1, 1000000, NULL }

static const struct fault_param httpout_params[] = {
	HTTPOUT_COUNT,
	{ NULL, 0, NULL, 0, 0, NULL },
};

static const struct fault_param httpout_5xx_params[] = {
	HTTPOUT_COUNT,
	{ "status", FAULT_PARAM_COUNT, "the status the service answers (default: seeded, one of "
	  "500, 502, 503, 504)", 500, 599, NULL },
	{ NULL, 0, NULL, 0, 0, NULL },
};

/* Parameters shared by point faults. `count` says how many in-scope calls
 * fail after the point is armed by 'at' or 'every'; `nth` fails exactly the
 * Nth in-scope call (what `impchaos sweep` uses); in a 'from ... p=P'
 * window each in-scope call fails with probability P instead. */
#define POINT_COMMON \
	{ "count", FAULT_PARAM_COUNT, "how many in-scope calls fail once armed (default 1)", \
	  1, 1000000, NULL }, \
	{ "nth", FAULT_PARAM_COUNT, "fail exactly the Nth in-scope call after arming, once", \
	  1, 100000000, NULL }

static const struct fault_param fail_params[] = {
	POINT_COMMON,
	{ "errno", FAULT_PARAM_ERRNO, "errno of the failing call (default: the point's)", 0, 0, NULL },
	{ NULL, 0, NULL, 0, 0, NULL },
};

static const struct fault_param oom_params[] = {
	POINT_COMMON,
	{ NULL, 0, NULL, 0, 0, NULL },
};

static const struct fault_param raw_params[] = {
	POINT_COMMON,
	{ "errno", FAULT_PARAM_ERRNO, "errno of the failing call (default: the point's)", 0, 0, NULL },
	{ "proc", FAULT_PARAM_PROC, "the process to arm it in: agent or device (required)", 0, 0, NULL },
	{ NULL, 0, NULL, 0, 0, NULL },
};

#define STORE_POINT(fiu_name, err) \
	{ fiu_name, "agent", SCOPE_STORE, 1, POINT_FAIL, err }
#define CRASH_POINT(name, proc, scope) \
	{ name, proc, scope, 0, POINT_CRASH, 0 }
#define RAW_POINT(fiu_name, action, err) \
	{ fiu_name, NULL, SCOPE_PROCESS, 1, action, err }

static const struct fault_point pt_store_open = STORE_POINT("posix/io/oc/open", EIO);
static const struct fault_point pt_store_write = STORE_POINT("posix/io/rw/write", ENOSPC);
static const struct fault_point pt_store_short = STORE_POINT("posix/io/rw/write/reduce", 0);
static const struct fault_point pt_store_fsync = STORE_POINT("posix/io/sync/fsync", EIO);
static const struct fault_point pt_store_rename = STORE_POINT("posix/io/dir/rename", EIO);
static const struct fault_point pt_crash_open = CRASH_POINT("agent/store/crash/after-open", "agent", SCOPE_STORE);
static const struct fault_point pt_crash_write = CRASH_POINT("agent/store/crash/after-write", "agent", SCOPE_STORE);
static const struct fault_point pt_crash_fsync = CRASH_POINT("agent/store/crash/after-fsync", "agent", SCOPE_STORE);
static const struct fault_point pt_crash_rename = CRASH_POINT("agent/store/crash/after-rename", "agent", SCOPE_STORE);
static const struct fault_point pt_agent_handler = CRASH_POINT("agent/handler/crash", "agent", SCOPE_TARGET);
static const struct fault_point pt_device_handler = CRASH_POINT("device/handler/crash", "device", SCOPE_TARGET);
static const struct fault_point pt_agent_send = CRASH_POINT("agent/send/crash", "agent", SCOPE_TARGET);
static const struct fault_point pt_device_send = CRASH_POINT("device/send/crash", "device", SCOPE_TARGET);
static const struct fault_point pt_agent_oom = { "libc/mm/malloc", "agent", SCOPE_TARGET, 1, POINT_OOM, ENOMEM };
static const struct fault_point pt_device_oom = { "libc/mm/malloc", "device", SCOPE_TARGET, 1, POINT_OOM, ENOMEM };
static const struct fault_point pt_raw_malloc = RAW_POINT("libc/mm/malloc", POINT_OOM, ENOMEM);
static const struct fault_point pt_raw_calloc = RAW_POINT("libc/mm/calloc", POINT_OOM, ENOMEM);
static const struct fault_point pt_raw_realloc = RAW_POINT("libc/mm/realloc", POINT_OOM, ENOMEM);
static const struct fault_point pt_raw_write = RAW_POINT("posix/io/rw/write", POINT_FAIL, EIO);
static const struct fault_point pt_raw_write_short = RAW_POINT("posix/io/rw/write/reduce", POINT_FAIL, 0);
static const struct fault_point pt_raw_read = RAW_POINT("posix/io/rw/read", POINT_FAIL, EIO);
static const struct fault_point pt_raw_fsync = RAW_POINT("posix/io/sync/fsync", POINT_FAIL, EIO);
static const struct fault_point pt_raw_open = RAW_POINT("posix/io/oc/open", POINT_FAIL, EIO);
static const struct fault_point pt_raw_rename = RAW_POINT("posix/io/dir/rename", POINT_FAIL, EIO);
static const struct fault_point pt_raw_unlink = RAW_POINT("posix/io/dir/unlink", POINT_FAIL, EIO);

#define POINT(name, desc, mech, params, pt) { name, FAULT_POINT, desc, mech, params, &pt }

static const struct fault_info catalog[] = {
	{ "agent/restart", FAULT_AGENT_RESTART,
	  "the agent alone is stopped and started again on its persisted store, as in server "
	  "maintenance; the device keeps running and stays connected",
	  "cloud: graceful stop of the imp-agent process, new process after the outage",
	  restart_params, NULL },
	{ "agent/crash", FAULT_AGENT_CRASH,
	  "the agent process dies at once (SIGKILL); the cloud restarts it on its persisted store",
	  "cloud: SIGKILL from the harness, new imp-agent process after restart_after",
	  crash_params, NULL },
	{ "agent/migrate", FAULT_AGENT_MIGRATE,
	  "load balancing moves the agent to another server: it is shut down, its saved table "
	  "goes with it, and it starts again there; the device stays connected",
	  "cloud: graceful stop of imp-agent, new process on another named server after the "
	  "outage", migrate_params, NULL },
	{ "agent/duplicate", FAULT_AGENT_DUPLICATE,
	  "a migration goes wrong: the agent starts on another server, but the old instance is "
	  "left running as a stale duplicate (its timers fire, its sends reach the device, its "
	  "saves write the same store; the device's messages go to the new one) until the cloud "
	  "notices and stops one of them. Breaks single-agent by construction: chaos swarms "
	  "leave it out",
	  "cloud: the old imp-agent process keeps running in a third process slot, a new one "
	  "starts on another named server after the outage; graceful stop of one of them after "
	  "'for'", duplicate_params, NULL },
	{ "device/power-cycle", FAULT_DEVICE_POWER_CYCLE,
	  "the device loses power: its process dies, its link drops; it boots again after 'off'",
	  "cloud: SIGKILL of imp-device, link down, new imp-device process and reconnect",
	  power_params, NULL },
	{ "device/disconnect", FAULT_DEVICE_DISCONNECT,
	  "the device's link drops (Wi-Fi loss) for a while; device code keeps running",
	  "cloud: link down; the device knows at once, the agent after 'detect' (or as a "
	  "disconnect-then-connect when the link is back first); link up again after 'for'",
	  disconnect_params, NULL },
	{ "deploy/code", FAULT_DEPLOY_CODE,
	  "a code deploy: the agent restarts at once with version 2 of the target (the "
	  "manifest's \"v2\"; version 1 again without one); a connected device receives the new "
	  "code and a shutdown request (server_onshutdown) and restarts with it; an offline "
	  "device keeps its old code until it reconnects (version skew)",
	  "cloud: new imp-agent process on the new agent.so; shutdown frame to imp-device, new "
	  "process on the new device.so when it restarts", deploy_params, NULL },
	{ "device/redirect", FAULT_DEVICE_REDIRECT,
	  "the cloud moves the device to another server and its agent follows: the agent "
	  "migrates at once, the device is told to reconnect a moment later",
	  "cloud: agent migration to a new server, then a clean link drop and a reconnect "
	  "there", redirect_params, NULL },
	{ "storage/stale-load", FAULT_STORAGE_STALE_LOAD,
	  "the agent migrates and the new instance loads the table saved before the last one "
	  "(a save made during the migration is not visible to it)",
	  "cloud: agent migration; the store is rolled back one save before the new process "
	  "starts", stale_params, NULL },
	{ "device/reconnect-storm", FAULT_DEVICE_RECONNECT_STORM,
	  "the device's link drops and returns again and again (flaky Wi-Fi): 'count' drops "
	  "of 1s-20s each over 'over'",
	  "cloud: a seeded series of link drops", storm_params, NULL },
	{ "device/slow-boot", FAULT_DEVICE_SLOW_BOOT,
	  "the device restarts and its code starts late after it connects, so the agent sees "
	  "it online long before its handlers exist",
	  "cloud: imp-device restart; device_main() runs 'delay' after the connect",
	  slowboot_params, NULL },
	{ "http/out/error", FAULT_HTTP_OUT_ERROR,
	  "the agent's next outbound HTTP requests fail to connect: the response is status 0 (a "
	  "transport error: the imp reports statuses under 100 as libcurl errors) with an empty "
	  "body, after the endpoint's latency",
	  "cloud: the simulated service is unreachable for the next 'count' requests",
	  httpout_params, NULL },
	{ "http/out/slow", FAULT_HTTP_OUT_SLOW,
	  "the service answers the agent's next outbound requests later than their timeout: "
	  "the request ends at its timeout (sendasync: 600 s unless given; sendsync: at once, "
	  "time does not pass in a handler) with status 28, libcurl's 'operation timed out'",
	  "cloud: the response is replaced by a timeout for the next 'count' requests",
	  httpout_params, NULL },
	{ "http/out/5xx", FAULT_HTTP_OUT_5XX,
	  "the service answers the agent's next outbound requests with a server error (5xx) "
	  "and an error body, after the endpoint's latency",
	  "cloud: the endpoint's status and body are replaced for the next 'count' requests",
	  httpout_5xx_params, NULL },
	POINT("agent/store/open", "opening the store's temporary file in server_save() fails; "
	      "the save returns an error and the old table stays",
	      "libfiu posix/io/oc/open (preload) in imp-agent, scoped to the save path",
	      fail_params, pt_store_open),
	POINT("agent/store/write", "writing the store file in server_save() fails (default "
	      "ENOSPC); the save returns an error and the old table stays",
	      "libfiu posix/io/rw/write (preload) in imp-agent, scoped to the save path",
	      fail_params, pt_store_write),
	POINT("agent/store/write-short", "a write in server_save() writes fewer bytes than asked",
	      "libfiu posix/io/rw/write/reduce (preload) in imp-agent, scoped to the save path",
	      fail_params, pt_store_short),
	POINT("agent/store/fsync", "fsync of the store file fails (default EIO); arming it turns "
	      "on --sync-store for the run so that the call exists",
	      "libfiu posix/io/sync/fsync (preload) in imp-agent, scoped to the save path",
	      fail_params, pt_store_fsync),
	POINT("agent/store/rename", "renaming the new store file over the old one fails",
	      "libfiu posix/io/dir/rename (preload) in imp-agent, scoped to the save path",
	      fail_params, pt_store_rename),
	POINT("agent/store/crash/after-open", "the agent dies in server_save() right after "
	      "creating the temporary file", "custom libfiu point in imp-agent's store, SIGKILL",
	      oom_params, pt_crash_open),
	POINT("agent/store/crash/after-write", "the agent dies in server_save() after writing "
	      "the new table, before making it durable", "custom libfiu point, SIGKILL",
	      oom_params, pt_crash_write),
	POINT("agent/store/crash/after-fsync", "the agent dies in server_save() after syncing, "
	      "before the rename", "custom libfiu point, SIGKILL", oom_params, pt_crash_fsync),
	POINT("agent/store/crash/after-rename", "the agent dies in server_save() after the "
	      "rename, before server_save() returns", "custom libfiu point, SIGKILL",
	      oom_params, pt_crash_rename),
	POINT("agent/handler/crash", "the agent dies as a handler, timer or callback of its code "
	      "is about to run", "custom libfiu point in the host runtime, SIGKILL",
	      oom_params, pt_agent_handler),
	POINT("device/handler/crash", "the device's code dies as a handler, timer or callback is "
	      "about to run; the device reboots", "custom libfiu point, SIGKILL",
	      oom_params, pt_device_handler),
	POINT("agent/send/crash", "the agent dies right after device_send() handed a message to "
	      "the cloud", "custom libfiu point, SIGKILL", oom_params, pt_agent_send),
	POINT("device/send/crash", "the device dies right after agent_send() handed a message to "
	      "the cloud; it reboots", "custom libfiu point, SIGKILL", oom_params, pt_device_send),
	POINT("agent/mem/malloc", "an allocation in the agent's code fails: the agent is out of "
	      "memory, the host reports it and exits, the cloud restarts the agent",
	      "libfiu libc/mm/malloc (preload) in imp-agent, scoped to target code",
	      oom_params, pt_agent_oom),
	POINT("device/mem/malloc", "an allocation in the device's code fails: the device runs "
	      "out of memory and restarts", "libfiu libc/mm/malloc (preload) in imp-device, "
	      "scoped to target code", oom_params, pt_device_oom),
	POINT("libc/mm/malloc", "raw libfiu point: any malloc in the process, the host runtime "
	      "included, fails (out of memory)", "libfiu preload, unscoped", raw_params,
	      pt_raw_malloc),
	POINT("libc/mm/calloc", "raw libfiu point: any calloc fails (out of memory)",
	      "libfiu preload, unscoped", raw_params, pt_raw_calloc),
	POINT("libc/mm/realloc", "raw libfiu point: any realloc fails (out of memory)",
	      "libfiu preload, unscoped", raw_params, pt_raw_realloc),
	POINT("posix/io/rw/write", "raw libfiu point: any write() fails", "libfiu preload, unscoped",
	      raw_params, pt_raw_write),
	POINT("posix/io/rw/write/reduce", "raw libfiu point: any write() is short",
	      "libfiu preload, unscoped", raw_params, pt_raw_write_short),
	POINT("posix/io/rw/read", "raw libfiu point: any read() fails", "libfiu preload, unscoped",
	      raw_params, pt_raw_read),
	POINT("posix/io/sync/fsync", "raw libfiu point: any fsync() fails",
	      "libfiu preload, unscoped", raw_params, pt_raw_fsync),
	POINT("posix/io/oc/open", "raw libfiu point: any open() fails", "libfiu preload, unscoped",
	      raw_params, pt_raw_open),
	POINT("posix/io/dir/rename", "raw libfiu point: any rename() fails",
	      "libfiu preload, unscoped", raw_params, pt_raw_rename),
	POINT("posix/io/dir/unlink", "raw libfiu point: any unlink() fails",
	      "libfiu preload, unscoped", raw_params, pt_raw_unlink),
	{ NULL, 0, NULL, NULL, NULL, NULL },
};

const struct fault_info *fault_catalog(void)
{
	return catalog;
}

const struct fault_info *fault_find(const char *name)
{
	const struct fault_info *f;

	for (f = catalog; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

int fault_in_swarm(const struct fault_info *f)
{
	return f->id != FAULT_AGENT_DUPLICATE;
}

const char *fault_requires(const struct fault_info *f)
{
	switch (f->id) {
	case FAULT_HTTP_OUT_ERROR:
	case FAULT_HTTP_OUT_SLOW:
	case FAULT_HTTP_OUT_5XX:
		return "workload.endpoints";
	default:
		return NULL;
	}
}

int fault_per_call(const struct fault_info *f)
{
	return f->point || fault_requires(f) != NULL;
}

static const struct fault_param *param_find(const struct fault_info *f, const char *key)
{
	const struct fault_param *p;

	for (p = f->params; p->key; p++)
		if (!strcmp(p->key, key))
			return p;
	return NULL;
}

int fault_validate(const struct sched_entry *e, char *err, size_t errlen)
{
	const struct fault_info *f = fault_find(e->fault);
	size_t i;

	if (!f) {
		snprintf(err, errlen, "line %d, column %d: unknown fault '%s' (try 'impchaos faults')",
			 e->line, e->fault_col, e->fault);
		return -EINVAL;
	}
	for (i = 0; i < e->nparams; i++) {
		const struct fault_param *p = param_find(f, e->params[i].key);
		int64_t us;

		if (!p) {
			char known[256] = "";
			const struct fault_param *q;

			for (q = f->params; q->key; q++)
				snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s",
					 q == f->params ? "" : ", ", q->key);
			snprintf(err, errlen, "line %d: fault '%s' has no parameter '%s' (it takes: %s)",
				 e->line, f->name, e->params[i].key, known[0] ? known : "none");
			return -EINVAL;
		}
		if (p->kind == FAULT_PARAM_COUNT) {
			char *end;
			long long v = strtoll(e->params[i].value, &end, 10);

			if (*end || end == e->params[i].value || v < p->min_us || v > p->max_us) {
				snprintf(err, errlen, "line %d: %s %s=%s must be an integer from %lld to "
					 "%lld", e->line, f->name, p->key, e->params[i].value, p->min_us,
					 p->max_us);
				return -EINVAL;
			}
		} else if (p->kind == FAULT_PARAM_ERRNO) {
			if (!fault_errno_value(e->params[i].value)) {
				snprintf(err, errlen, "line %d: %s errno=%s: unknown errno (one of %s)",
					 e->line, f->name, e->params[i].value, fault_errno_names());
				return -EINVAL;
			}
		} else if (p->kind == FAULT_PARAM_CHOICE) {
			const char *v = e->params[i].value, *c = p->choices;
			size_t len = strlen(v);
			int ok = 0;

			while (c && *c && !ok) {
				size_t w = strcspn(c, "|");

				ok = w == len && !strncmp(c, v, len);
				c += w + (c[w] == '|');
			}
			if (!ok) {
				snprintf(err, errlen, "line %d: %s %s=%s: must be one of %s", e->line,
					 f->name, p->key, v, p->choices);
				return -EINVAL;
			}
		} else if (p->kind == FAULT_PARAM_PROC) {
			if (strcmp(e->params[i].value, "agent") && strcmp(e->params[i].value, "device")) {
				snprintf(err, errlen, "line %d: %s proc=%s: must be agent or device",
					 e->line, f->name, e->params[i].value);
				return -EINVAL;
			}
		} else if (p->kind == FAULT_PARAM_DURATION) {
			if (duration_parse(e->params[i].value, &us) < 0) {
				snprintf(err, errlen, "line %d: %s %s=%s: malformed duration (try 90s, "
					 "20m, 6h, 7d)", e->line, f->name, p->key, e->params[i].value);
				return -EINVAL;
			}
			if (us < p->min_us || us > p->max_us) {
				char lo[32], hi[32];

				duration_format(p->min_us, lo, sizeof(lo));
				duration_format(p->max_us, hi, sizeof(hi));
				snprintf(err, errlen, "line %d: %s %s=%s is out of range (%s to %s)",
					 e->line, f->name, p->key, e->params[i].value, lo, hi);
				return -EINVAL;
			}
		}
	}
	/* A period below a second would flood the simulation with injections
	 * (every 1us over a day is 86 billion events): refuse it. */
	if (e->kind == SCHED_EVERY && e->t_us < 1000000) {
		snprintf(err, errlen, "line %d: 'every' period of %s is shorter than 1s", e->line,
			 f->name);
		return -EINVAL;
	}
	if (f->point && !fault_point_proc(e, f)) {
		snprintf(err, errlen, "line %d: raw point '%s' needs proc=agent or proc=device",
			 e->line, f->name);
		return -EINVAL;
	}
	if (f->point && schedule_param(e, "count") && schedule_param(e, "nth")) {
		snprintf(err, errlen, "line %d: %s: give count= or nth=, not both", e->line, f->name);
		return -EINVAL;
	}
	return 0;
}

long long fault_param_us(const struct sched_entry *e, const char *key, long long dflt)
{
	const char *v = schedule_param(e, key);
	int64_t us;

	if (!v || duration_parse(v, &us) < 0)
		return dflt;
	return us;
}

long long fault_param_int(const struct sched_entry *e, const char *key, long long dflt)
{
	const char *v = schedule_param(e, key);

	return v ? strtoll(v, NULL, 10) : dflt;
}

static const struct {
	const char *name;
	int value;
} errnos[] = {
	{ "ENOSPC", ENOSPC }, { "EIO", EIO }, { "EDQUOT", EDQUOT }, { "EACCES", EACCES },
	{ "EROFS", EROFS }, { "EMFILE", EMFILE }, { "ENOMEM", ENOMEM }, { "EINTR", EINTR },
	{ "EAGAIN", EAGAIN }, { "EFBIG", EFBIG }, { "ENOENT", ENOENT }, { "EPERM", EPERM },
};

int fault_errno_value(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (!strcmp(errnos[i].name, name))
			return errnos[i].value;
	return 0;
}

const char *fault_errno_names(void)
{
	return "ENOSPC, EIO, EDQUOT, EACCES, EROFS, EMFILE, ENOMEM, EINTR, EAGAIN, EFBIG, "
	       "ENOENT, EPERM";
}

int fault_param_errno(const struct sched_entry *e, const struct fault_info *f)
{
	const char *v = schedule_param(e, "errno");

	if (v && fault_errno_value(v))
		return fault_errno_value(v);
	return f->point ? f->point->default_errno : 0;
}

const char *fault_point_proc(const struct sched_entry *e, const struct fault_info *f)
{
	const char *v;

	if (!f->point)
		return NULL;
	if (f->point->proc)
		return f->point->proc;
	v = schedule_param(e, "proc");
	return v && (!strcmp(v, "agent") || !strcmp(v, "device")) ? v : NULL;
}
