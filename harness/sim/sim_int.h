/*
 * sim_int.h - the simulation's internals, shared by its files and by
 * nothing else: sim.c (the event loop, processes, effects, message relay),
 * sim_faults.c (injecting the schedule's faults into the cloud model),
 * sim_points.c (libfiu points armed in the children), sim_http.c (HTTP
 * requests to the agent) and sim_httpout.c (HTTP requests from it). The public face is sim.h.
 */
#ifndef IMPCHAOS_SIM_INT_H
#define IMPCHAOS_SIM_INT_H

#include <limits.h>
#include <stdint.h>
#include <jansson.h>

#include "faults/catalog.h"
/* The device API's constants (policies, reasons, wake reasons) are the
 * protocol's values too. */
#include "impchaos/device.h"
#include "checks/check.h"
#include "core/heap.h"
#include "core/prng.h"
#include "proc.h"
#include "sim.h"

#define MS 1000LL
#define SEC 1000000LL

/* The process slots of the simulation. AGENT_STALE is an agent instance
 * the cloud forgot to stop (agent/duplicate, sim_dup.c): a real imp-agent
 * process whose timers still fire and whose sends still reach the device,
 * but to which the device's messages are never routed. It is empty in
 * every run without that fault. */
enum side { AGENT, DEVICE, AGENT_STALE };
#define NSIDES 3
extern const char *const side_name[NSIDES];    /* "agent", "device", "agent" */

/* The host a slot's process runs (its executable, log, environment and
 * fault arms): a stale agent is an agent. */
static inline enum side side_host(enum side sd)
{
	return sd == AGENT_STALE ? AGENT : sd;
}

/* The cloud's servers. Agents start on one drawn from the seed and move
 * only when migrated. */
#define NSERVERS 4

#define DEVICE_TIMER_LIMIT 20

/* Effect frames one event may produce before the side is stopped. The
 * hosts cap messages and log lines at 1000 each per event (rt.c); this
 * bounds everything, timers and observations included, and no sane
 * handler comes near it. */
#define SIM_EVENT_MAX_EFFECTS 10000

/* A frame's type against a name: the first byte first, as most tests on
 * the hot path fail there, then the rest. */
#define TYPE_IS(t, name) ((t)[0] == (name)[0] && !strcmp((t), (name)))
extern const char *const server_name[NSERVERS];

enum sev_kind {
	SEV_AGENT_START,
	SEV_POWER_ON,
	SEV_CONNECT,
	SEV_BOOT,
	SEV_TIMER,
	SEV_DELIVER,
	SEV_FAULT,
	SEV_LINK_RESTORE,
	SEV_DISARM,              /* a window of a point fault closes */
	SEV_DETECT,              /* the agent notices a lost connection (sim_link.c) */
	SEV_CUT,                 /* one drop of a reconnect storm; id: its length */
	SEV_DISCONNECT,          /* the device closed its connection */
	SEV_CONNECT_RESULT,      /* a server_connect() outcome is due */
	SEV_SHUTDOWN,            /* the device has new code: ask it to restart */
	SEV_REDIRECT,            /* the cloud tells the device to reconnect elsewhere */
	SEV_DUP_END,             /* the cloud notices a stale duplicate agent (sim_dup.c) */
	SEV_HTTP,                /* an HTTP request comes, or its client times out (sim_http.c) */
	SEV_HTTP_OUT,            /* the answer to the agent's outbound request (sim_httpout.c) */
	SEV_END,
};

struct sev {
	struct heap_item h;      /* first: the heap hands back this pointer */
	enum sev_kind kind;
	enum side side;
	int inc;                 /* the incarnation the event belongs to */
	uint64_t id;             /* timer id, message id */
	char *name;              /* message name */
	json_t *data;            /* message body */
	size_t fault;            /* index into the schedule */
	uint64_t occurrence;     /* for 'every' faults */
	struct sev *tnext;       /* pending timers list */
};

struct side_state {
	struct proc *proc;       /* NULL while the side has no process */
	int inc;                 /* incarnation of the current or last process */
	int booted;              /* device: device_main() ran in this incarnation */
	const char *exit_reason; /* set by an effect before the child exits:
	                          * "restart" (server_restart), "oom", "crash-point" */
};

/* A fault point armed in one side. The child decides
 * each call; the harness keeps the arm so that a new incarnation of the side
 * is armed again with what is left of it. */
struct arm {
	const char *name;        /* catalogue name (static) */
	size_t entry;            /* the schedule entry that armed it */
	enum side side;
	json_t *spec;            /* the arm frame's spec; "n" tracks what is left */
	struct arm *next;
};

struct sim {
	const struct scenario *sc;
	struct heap heap;
	int64_t now;
	struct trace *tr;
	struct check_set *checks;
	struct prng latency, boot, restart;
	struct side_state s[NSIDES];
	int link;                /* the device is connected */
	int cuts;                /* disconnect faults in force */
	/* The link as the agent sees it, and the device's connection policy
	 * (sim_link.c). */
	int agent_view;          /* the agent believes the device is connected */
	uint64_t link_gen;       /* counts link losses: older SEV_DETECTs are stale */
	int policy;              /* SUSPEND_ON_ERROR or RETURN_ON_ERROR */
	int offline_by_choice;   /* no reconnect until server_connect() */
	int connect_pending;     /* a server_connect() waits for its outcome */
	uint64_t connect_gen;
	int suspended;           /* the device's code waits in agent_send() */
	json_t *deferred;        /* frames for the suspended device, in order */
	int64_t boot_delay;      /* > 0: the next boot's code starts this late */
	struct prng detect;
	/* The device across boots. */
	int wakereason;          /* WAKEREASON_* of the next boot */
	json_t *nv;              /* kept through deep sleep only */
	int64_t sleep_us;        /* the deep sleep the device asked for */
	/* Code versions (sim_deploy.c): a generation counts deploys. */
	int deploys;             /* the cloud's latest generation (0: none) */
	int code_gen[NSIDES];    /* the generation each side's process runs */
	int dev_code;            /* the generation the device has downloaded */
	int64_t last_arrival[2]; /* per destination side: keeps delivery FIFO */
	uint64_t next_msg;
	struct sev *timers;
	struct arm *arms;        /* in arming order */
	int server;              /* the server the agent runs on (index) */
	int dev_server;          /* the server the device is (was last) on; -1 */
	int redirect_to;         /* the server a redirect sends the device to; -1 */
	json_t *saved[2];        /* the last two tables saved: [0] newest */
	/* The fields of the latest observation ([0]) and sensor reading ([1])
	 * of each side and the incarnation they name, refilled by the next
	 * (sim_effect.c) while the trace kept no reference to them. */
	json_t *named[2][NSIDES];
	int named_inc[2][NSIDES];
	struct sev *held;        /* messages held through a migration, in order */
	int held_early;          /* deliver them right after agent_main() */
	struct prng servers;
	int stale_server;        /* the server the stale duplicate agent runs on */
	struct sim_http *http;   /* HTTP requests and their fates (sim_http.c) */
	struct sim_httpout *httpout; /* the agent's outbound HTTP (sim_httpout.c) */
	uint64_t fired;
	json_t *coverage;
	int preload[2];          /* the side needs libfiu's POSIX preload */
	int sync_store;
	char **env[2];           /* environment of each side's children */
	int rc;
	char *err;
	size_t errlen;
	char exe[2][PATH_MAX], log[2][PATH_MAX];
	char store[PATH_MAX];        /* the store the agent writes (sim_store.c) */
	char store_final[PATH_MAX];  /* DIR/store.json, where it ends up */
	char scratch[PATH_MAX];      /* the tmpfs directory it lives in, or "" */
	char valgrind[PATH_MAX];
	struct forksrv *srv[2];      /* fork server of each host, once started */
};

/* sim.c: the loop, events, trace and coverage */
void sim_fail(struct sim *s, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void sim_emit(struct sim *s, const char *ev, json_t *fields);      /* steals fields */
/* Adds one to coverage[group][name][what]. */
void sim_cover(struct sim *s, const char *group, const char *name, const char *what);
struct sev *sim_sev_new(enum sev_kind kind, enum side side, int inc);
void sim_sev_free(struct sev *e);
void sim_at(struct sim *s, int64_t t, struct sev *e);              /* the heap owns e */

/* sim_store.c: the agent's store in a tmpfs scratch directory during the
 * run, copied to DIR/store.json by close (on every path out of sim_run
 * after open). 0 or negative, with sim_fail. */
int sim_store_open(struct sim *s);
int sim_store_close(struct sim *s);

/* sim_proc.c: child processes */
/* Ends the fork servers (after the last side is stopped). */
void sim_forksrv_stop(struct sim *s);
json_t *sim_ids(struct sim *s, enum side sd);                      /* {proc, inc} */
/* sim_memcheck.c: the first error memcheck logged for process pid of a
 * side, as {"kind", "at"} (stable text only), or NULL. */
json_t *sim_memcheck_first(const char *run_dir, enum side sd, long pid);
/* Starts a new process for a side and waits for it to load the target:
 * 0, or negative (a start that died of a fault is already handled). */
int sim_spawn(struct sim *s, enum side sd);
void sim_dispatch(struct sim *s, enum side sd, json_t *frame);     /* steals frame */
void sim_stop_side(struct sim *s, enum side sd, int graceful, const char *how);

/* sim_effect.c: effect frames and message relay */
void sim_effect(struct sim *s, enum side sd, const json_t *f);
void sim_deliver(struct sim *s, struct sev *e);

void sim_resume(struct sim *s);   /* the suspended device goes on */

/* sim_link.c: the device's connection */
/* The link drops: abrupt (lost: the agent notices after detect_us, or a
 * seeded 106s-9m when negative) or clean (closed: both know at once). */
void sim_link_down(struct sim *s, int abrupt, int64_t detect_us);
/* A network outage of for_us (a disconnect fault). */
void sim_link_cut(struct sim *s, int64_t for_us, int64_t detect_us);
void sim_link_schedule_connect(struct sim *s, int64_t lo, int64_t hi);
void sim_link_effect(struct sim *s, const char *t, const json_t *f);
void sim_link_event(struct sim *s, struct sev *e);
void sim_link_boot(struct sim *s);

/* sim_deploy.c: code versions */
char *sim_code_so(struct sim *s, enum side sd, int gen);
int sim_code_version(struct sim *s, int gen);
void sim_deploy(struct sim *s, const struct sched_entry *e, struct prng *p);
void sim_shutdown_event(struct sim *s, struct sev *e);
int sim_code_before_connect(struct sim *s);
void sim_code_after_connect(struct sim *s);

/* sim_faults.c */
void sim_inject(struct sim *s, struct sev *ev);
void sim_release_held(struct sim *s);
void sim_follow_device(struct sim *s);   /* the agent moves to the device's server */
void sim_redirect_event(struct sim *s, struct sev *e);

/* sim_dup.c: agent/duplicate. sim_dup_skip() says why the fault cannot
 * act now (NULL: it can); sim_dup_start() leaves the live instance running
 * as a stale duplicate and schedules the new one and SEV_DUP_END. */
const char *sim_dup_skip(struct sim *s);
void sim_dup_start(struct sim *s, const struct sched_entry *e, struct prng *p);
void sim_dup_end(struct sim *s, struct sev *e);

/* sim_http.c: the workload's HTTP requests (format in sim_http.h). start
 * schedules the streams (0, or negative with the run failed); event handles
 * SEV_HTTP; effect takes the agent's "respond" and "nohttp" frames;
 * agent_gone marks the responses a dying instance held as lost. */
int sim_http_start(struct sim *s);
void sim_http_event(struct sim *s, struct sev *e);
void sim_http_effect(struct sim *s, const json_t *f);
void sim_http_agent_gone(struct sim *s);
void sim_http_release(struct sim *s);

/* sim_httpout.c: the agent's outbound HTTP (format in sim_httpout.h).
 * start reads the endpoints; effect takes an "httpout" frame (a sync one is
 * answered at once with "httpreply"); event delivers an async answer
 * (SEV_HTTP_OUT); arm takes an http/out fault and returns why it cannot
 * act (NULL: armed). */
int sim_httpout_start(struct sim *s);
void sim_httpout_effect(struct sim *s, enum side sd, const json_t *f);
void sim_httpout_event(struct sim *s, struct sev *e);
const char *sim_httpout_arm(struct sim *s, const struct sched_entry *e,
			    const struct fault_info *info, struct prng *p);
void sim_httpout_release(struct sim *s);

/* sim_points.c */
json_t *sim_arms_of(struct sim *s, enum side sd);
void sim_arm_remove(struct sim *s, struct arm *gone);
void sim_arm_fired(struct sim *s, enum side sd, const char *name);
void sim_arm(struct sim *s, const struct sched_entry *e, const struct fault_info *info);
void sim_disarm(struct sim *s, size_t entry);
int sim_prepare_points(struct sim *s);
void sim_release_points(struct sim *s);

#endif
