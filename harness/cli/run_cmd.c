/*
 * run_cmd.c - `impchaos run` (one scenario, its verdicts and report) and
 * `impchaos replay` (a recorded scenario again, trace hashes compared).
 */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/check.h"
#include "commands.h"
#include "common.h"
#include "core/duration.h"
#include "reports/report.h"
#include "sim/proc.h"
#include "sim/run.h"
#include "sim/target.h"

static void usage_run(FILE *f)
{
	fprintf(f,
		"usage: impchaos run TARGET [--seed N] [--for DURATION] [--faults SCHEDULE]\n"
		"                    [--check INVARIANTS] [--out DIR] [--watchdog SECONDS]\n"
		"                    [--sync-store] [--agent-memory SIZE] [--device-memory SIZE]\n"
		"                    [--valgrind] [--cpu N] [--run-timeout DURATION] [--start TIME]\n"
		"                    [--stop-at-failure] [--no-report] [--force]\n"
		"\n"
		"Runs TARGET (NAME/VARIANT, see 'impchaos targets') for DURATION of simulated\n"
		"time and checks its invariants.\n"
		"\n"
		"  --seed N            seed of every random choice (default 1); same seed, same trace\n"
		"  --for DURATION      simulated duration, e.g. 90s, 20m, 6h, 7d (default: the target's)\n"
		"  --start TIME        the simulated clock's start in UTC, e.g. 2026-03-31T23:40:00Z:\n"
		"                      what imp_time(), time() and date() read at 0s (default\n"
		"                      2026-01-01T00:00:00Z, as runs have always started; a\n"
		"                      given start is recorded in scenario.json and the trace)\n"
		"  --faults SCHEDULE   faults to inject, e.g. 'at 6h agent/restart; at 30h\n"
		"                      device/disconnect for=20m; every 12h agent/crash';\n"
		"                      @FILE reads the schedule from a file (see 'impchaos faults')\n"
		"  --check LIST        comma-separated invariants instead of the target's own,\n"
		"                      e.g. counter-monotonic:total_wh,no-missing-handler\n"
		"  --out DIR           run directory (default runs/NAME-VARIANT-sSEED); gets\n"
		"                      trace.jsonl, verdict.json, scenario.json, child logs\n"
		"  --force             replace a run already in DIR (without it, a directory\n"
		"                      that holds a run is refused: it may be a failure's evidence)\n"
		"  --watchdog SECONDS  wall-clock limit for one event in a child (default 10)\n"
		"  --run-timeout DURATION  wall-clock limit for the whole run, e.g. 5m (default\n"
		"                      1m plus 1s per 1000s simulated, ten times that with\n"
		"                      --valgrind); past it the run stops and no-hang fails\n"
		"  --sync-store        fsync the agent's store on every save (durable across a\n"
		"                      machine crash, which no fault simulates; ~5x slower on disk)\n"
		"  --agent-memory SIZE memory quota of the agent (e.g. 512K, 4M): past it the agent\n"
		"                      is out of memory and the cloud restarts it (default: the\n"
		"                      target's \"memory\", else none for C, 1M for Squirrel)\n"
		"  --device-memory SIZE  the same for the device (Squirrel's default: 80K)\n"
		"  --stop-at-failure   end the run at the first event at which an invariant\n"
		"                      fails instead of simulating the rest of DURATION; the\n"
		"                      verdict says when (cut_short), and the checks made at\n"
		"                      the end of a run are not (recorded: replay does the same)\n"
		"  --cpu N             pin the run and its children to CPU N\n"
		"  --no-report         do not write the run's HTML report (DIR/report)\n"
		"  --valgrind          run the agent and device under valgrind memcheck (malloc\n"
		"                      faults still fire) and check memcheck-clean\n"
		"\n"
		"Exit: 0 all invariants held, 1 one failed, 2 bad input, 3 internal error.\n");
}

static void usage_replay(FILE *f)
{
	fprintf(f,
		"usage: impchaos replay RUN_DIR\n"
		"\n"
		"Runs the scenario recorded in RUN_DIR again (into RUN_DIR/replay) and\n"
		"compares the trace hash with the recorded one.\n"
		"Exit: 0 same hash, 1 different hash (the run is not deterministic), 2 bad input.\n");
}

static void print_outcome(const struct run_opts *o, const struct run_outcome *out)
{
	char *replay, *line;
	size_t i;

	printf("%s seed %llu, %s simulated%s%s, faults: %s\n", o->target,
	       (unsigned long long)o->seed, out->duration, o->start ? " from " : "",
	       o->start ? o->start : "", o->faults && o->faults[0] ? o->faults : "none");
	if (out->note)
		printf("  (%s)\n", out->note);
	for (i = 0; i < json_array_size(out->res.verdicts); i++) {
		json_t *v = json_array_get(out->res.verdicts, i);
		json_t *first = json_object_get(v, "first_violation");
		int ok = json_is_true(json_object_get(v, "ok"));

		printf("  %s  %s", ok ? "pass" : "FAIL", json_string_value(json_object_get(v, "invariant")));
		if (!ok) {
			printf("\n        %s", json_string_value(json_object_get(v, "message")));
			if (json_is_object(first)) {
				char *ev = json_dumps(json_object_get(first, "event"), JSON_COMPACT);

				printf("\n        first violating event: %s", ev);
				free(ev);
			}
		}
		printf("\n");
	}
	if (out->res.run_timeout_s > 0) {
		char at[32];

		duration_format(out->res.sim_us, at, sizeof(at));
		printf("  the run used up its wall-clock budget of %gs (--run-timeout) and was stopped "
		       "at %s of simulated time\n", out->res.run_timeout_s, at);
	}
	if (out->res.stopped_at_failure) {
		char at[32];

		duration_clock(out->res.sim_us, at, sizeof(at));
		printf("  the run stopped at its first failure, at %s of the %s (--stop-at-failure): "
		       "the invariants that held were checked up to there\n", at, out->duration);
	}
	printf("trace: %llu events, hash %s\n", (unsigned long long)out->res.events, out->res.hash);
	printf("run directory: %s\n", out->dir);
	replay = run_shell_append(run_shell_append(NULL, "impchaos"), "replay");
	replay = run_shell_append(replay, out->dir);
	/* As the user can paste them: the binary's path as it was invoked. */
	printf("replay: %s\n", (line = cli_command(replay)) ? line : replay);
	free(line);
	printf("   or:  %s\n", (line = cli_command(out->command)) ? line : out->command);
	free(line);
	free(replay);
	fflush(stdout);
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "for", required_argument, NULL, 'f' },
		{ "faults", required_argument, NULL, 'F' },
		{ "check", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "watchdog", required_argument, NULL, 'w' },
		{ "run-timeout", required_argument, NULL, 'T' },
		{ "sync-store", no_argument, NULL, 'S' },
		{ "agent-memory", required_argument, NULL, 'M' },
		{ "device-memory", required_argument, NULL, 'D' },
		{ "valgrind", no_argument, NULL, 'V' },
		{ "cpu", required_argument, NULL, 'U' },
		{ "no-report", no_argument, NULL, 'N' },
		{ "force", no_argument, NULL, 'X' },
		{ "start", required_argument, NULL, 'A' },
		{ "stop-at-failure", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run_opts o = { .seed = 1 };
	int want_report = 1;
	struct report_live *live = NULL;
	struct run_outcome out;
	char err[2048], *faults_buf = NULL, *end;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (cli_parse_seed(optarg, &o.seed) < 0) {
				fprintf(stderr, "%s: malformed seed '%s' (a non-negative integer)\n", prog,
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'f':
			o.duration = optarg;
			break;
		case 'F':
			if (cli_faults_arg(optarg, &o.faults, &faults_buf) < 0)
				return EXIT_USAGE;
			break;
		case 'c':
			o.checks = optarg;
			break;
		case 'o':
			if (cli_check_out("--out", optarg) < 0) {
				free(faults_buf);
				return EXIT_USAGE;
			}
			o.out_dir = optarg;
			break;
		case 'w':
			o.watchdog_s = strtod(optarg, &end);
			if (*end || !(o.watchdog_s > 0 && o.watchdog_s < 86400)) {
				fprintf(stderr, "%s: malformed --watchdog '%s' (seconds, more than 0)\n",
					prog, optarg);
				free(faults_buf);
				return EXIT_USAGE;
			}
			break;
		case 'T': {
			int64_t us;

			if (duration_parse(optarg, &us) < 0 || us <= 0) {
				fprintf(stderr, "%s: malformed --run-timeout '%s' (a duration of wall-clock "
					"time, e.g. 90s, 20m)\n", prog, optarg);
				free(faults_buf);
				return EXIT_USAGE;
			}
			o.run_timeout_s = (double)us / 1e6;
			break;
		}
		case 'S':
			o.sync_store = 1;
			break;
		case 'V':
			o.valgrind = 1;
			break;
		case 'N':
			want_report = 0;
			break;
		case 'P':
			o.stop_at_failure = 1;
			break;
		case 'X':
			o.force = 1;
			break;
		case 'A':
			if (cli_check_start(optarg) < 0) {
				free(faults_buf);
				return EXIT_USAGE;
			}
			o.start = optarg;
			break;
		case 'U': {
			/* Pins this run and the children it starts to one CPU: the
			 * lockstep ping-pong then never crosses CPUs. Used
			 * by chaos campaigns, one simulation per CPU. */
			cpu_set_t set;
			long cpu = strtol(optarg, &end, 10);

			CPU_ZERO(&set);
			if (*end || cpu < 0 || cpu >= CPU_SETSIZE) {
				fprintf(stderr, "%s: malformed --cpu '%s'\n", prog, optarg);
				free(faults_buf);
				return EXIT_USAGE;
			}
			CPU_SET((int)cpu, &set);
			if (sched_setaffinity(0, sizeof(set), &set) < 0)
				fprintf(stderr, "%s: cannot pin to CPU %ld: %s (running unpinned)\n", prog,
					cpu, strerror(errno));
			break;
		}
		case 'M':
			if (cli_memory_opt("--agent-memory", optarg, &o.agent_mem_quota) < 0) {
				free(faults_buf);
				return EXIT_USAGE;
			}
			break;
		case 'D':
			if (cli_memory_opt("--device-memory", optarg, &o.device_mem_quota) < 0) {
				free(faults_buf);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			usage_run(stdout);
			free(faults_buf);
			return 0;
		default:
			usage_run(stderr);
			free(faults_buf);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "%s run: %s\n", prog, optind >= argc ? "name a TARGET (try 'impchaos "
			"targets')" : "one TARGET only");
		usage_run(stderr);
		free(faults_buf);
		return EXIT_USAGE;
	}
	o.target = argv[optind];
	cli_check_target_path();
	/* The run's own report is fed as the run goes, not read back from
	 * its trace. */
	if (want_report && report_live_new(&live) == 0) {
		o.observe = report_live_event;
		o.observe_ud = live;
	}
	rc = run_execute(&o, &out, err, sizeof(err));
	if (rc == 0) {
		const char *dirs[] = { out.dir };
		char report[4200], rerr[1024];

		print_outcome(&o, &out);
		/* The run's own report, next to its trace. */
		snprintf(report, sizeof(report), "%s/report", out.dir);
		if (!want_report)
			;
		else if ((live ? report_write_live(live, out.dir, report, rerr, sizeof(rerr)) :
			  report_write(dirs, 1, report, rerr, sizeof(rerr))) < 0)
			fprintf(stderr, "%s: report: %s\n", prog, rerr);
		else
			printf("report: %s/index.html\n", report);
	} else {
		fprintf(stderr, "%s: %s\n", prog, err);
	}
	run_outcome_release(&out);
	report_live_free(live);
	free(faults_buf);
	/* Stopped by a signal: the shell's convention, 128 + its number. */
	if (rc == -EINTR)
		return 128 + proc_stop_signal();
	if (rc < 0)
		return cli_exit_code(rc);
	return out.res.failed ? EXIT_FAILED : 0;
}

int cmd_replay(int argc, char **argv)
{
	struct run_opts o;
	struct run_outcome out;
	char err[2048], hash[TRACE_HASH_LEN + 1], dir[PATH_MAX];
	json_t *scen = NULL;
	int rc;

	if (cli_wants_help(argc, argv)) {
		usage_replay(stdout);
		return 0;
	}
	if (argc != 2) {
		usage_replay(stderr);
		return EXIT_USAGE;
	}
	if (cli_check_out("RUN_DIR", argv[1]) < 0)
		return EXIT_USAGE;
	if (run_load(argv[1], &o, &scen, hash, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return EXIT_USAGE;
	}
	snprintf(dir, sizeof(dir), "%s/replay", argv[1]);
	o.out_dir = dir;
	o.force = 1;    /* RUN_DIR/replay is the replay's own, each time */
	rc = run_execute(&o, &out, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		run_outcome_release(&out);
		json_decref(scen);
		return cli_exit_code(rc);
	}
	printf("recorded: %s\nreplayed: %s (%s)\n", hash, out.res.hash, dir);
	if (strcmp(hash, out.res.hash)) {
		printf("MISMATCH: the same scenario gave a different trace; compare %s/trace.jsonl "
		       "with %s/trace.jsonl (the first differing line is the first nondeterministic "
		       "event)\n", argv[1], dir);
		rc = EXIT_FAILED;
	} else {
		printf("same trace hash: the run is reproducible\n");
	}
	run_outcome_release(&out);
	json_decref(scen);
	return rc;
}
