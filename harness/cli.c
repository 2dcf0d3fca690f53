/*
 * cli.c - the `impchaos` command: the user's entry point to the harness.
 *
 * Exit codes, for CI: 0 every invariant held (or the command succeeded),
 * 1 an invariant failed (or a replay's trace differed), 2 bad usage or
 * input (unknown target, fault or invariant, malformed schedule or
 * duration, unwritable output directory, a child that sent garbage),
 * 3 the harness itself failed.
 */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "cli.h"
#include "check.h"
#include "report.h"
#include "duration.h"
#include "run.h"
#include "target.h"


const char *prog = "impchaos";

static void usage_main(FILE *f)
{
	fprintf(f,
		"usage: impchaos COMMAND [ARGS]\n"
		"\n"
		"Fault-injection harness for Electric Imp-style agent/device code: runs the\n"
		"agent and the device as real processes on a simulated clock, injects\n"
		"restarts, crashes, power cycles and disconnects, and checks invariants.\n"
		"\n"
		"commands:\n"
		"  run TARGET [options]   run one scenario and print the verdict of each invariant\n"
		"  replay RUN_DIR         run a recorded scenario again and compare trace hashes\n"
		"  sweep TARGET --point P fail the Nth call of a fault point for N = 1, 2, ...\n"
		"  chaos [TARGET...]      a campaign of swarm-generated fault schedules\n"
		"  shrink RUN_DIR         reduce a failing run to a minimal reproducer\n"
		"  targets                list the targets (NAME/VARIANT) that can be run\n"
		"  faults                 list the faults a schedule can inject\n"
		"  invariants             list the invariants that can be checked\n"
		"  report RUN_DIR... -o OUT   write an HTML report (OUT/index.html) of runs\n"
		"\n"
		"'impchaos COMMAND --help' tells more. Exit codes: 0 all invariants held,\n"
		"1 an invariant failed, 2 bad usage or input, 3 internal error.\n");
}

static void usage_run(FILE *f)
{
	fprintf(f,
		"usage: impchaos run TARGET [--seed N] [--for DURATION] [--faults SCHEDULE]\n"
		"                    [--check INVARIANTS] [--out DIR] [--watchdog SECONDS]\n"
		"                    [--sync-store] [--agent-memory BYTES] [--valgrind] [--cpu N]\n"
		"                    [--no-report]\n"
		"\n"
		"Runs TARGET (NAME/VARIANT, see 'impchaos targets') for DURATION of simulated\n"
		"time and checks its invariants.\n"
		"\n"
		"  --seed N            seed of every random choice (default 1); same seed, same trace\n"
		"  --for DURATION      simulated duration, e.g. 90s, 20m, 6h, 7d (default: the target's)\n"
		"  --faults SCHEDULE   faults to inject, e.g. 'at 6h agent/restart; at 30h\n"
		"                      device/disconnect for=20m; every 12h agent/crash';\n"
		"                      @FILE reads the schedule from a file (see 'impchaos faults')\n"
		"  --check LIST        comma-separated invariants instead of the target's own,\n"
		"                      e.g. counter-monotonic:total_wh,no-missing-handler\n"
		"  --out DIR           run directory (default runs/NAME-VARIANT-sSEED); gets\n"
		"                      trace.jsonl, verdict.json, scenario.json, child logs\n"
		"  --watchdog SECONDS  wall-clock limit for one event in a child (default 10)\n"
		"  --sync-store        fsync the agent's store on every save (durable across a\n"
		"                      machine crash, which no fault simulates; ~5x slower on disk)\n"
		"  --agent-memory SIZE memory quota of the agent (e.g. 512K, 4M): past it the agent\n"
		"                      is out of memory and the cloud restarts it\n"
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

int cli_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	return 0;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0;

	if (!f) {
		fprintf(stderr, "%s: cannot read schedule file '%s': %s\n", prog, path, strerror(errno));
		return NULL;
	}
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = strdup("");
	}
	fclose(f);
	return buf;
}

int cli_faults_arg(const char *arg, const char **faults, char **buf)
{
	if (arg[0] != '@') {
		*faults = arg;
		return 0;
	}
	free(*buf);
	*buf = read_file(arg + 1);
	*faults = *buf;
	return *buf ? 0 : -ENOENT;
}

int cli_parse_seed(const char *s, uint64_t *out)
{
	char *end;

	if (!s[0] || s[0] == '-')
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 0);
	return errno || *end ? -EINVAL : 0;
}

static int parse_size(const char *s, long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || v <= 0)
		return -EINVAL;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	if (*end || v > (1LL << 40))
		return -EINVAL;
	*out = v;
	return 0;
}

static void print_outcome(const struct run_opts *o, const struct run_outcome *out)
{
	size_t i;

	printf("%s seed %llu, %s simulated, faults: %s\n", o->target, (unsigned long long)o->seed,
	       out->duration, o->faults && o->faults[0] ? o->faults : "none");
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
	printf("trace: %llu events, hash %s\n", (unsigned long long)out->res.events, out->res.hash);
	printf("run directory: %s\n", out->dir);
	printf("replay: impchaos replay %s\n", out->dir);
	printf("   or:  %s\n", out->command);
	fflush(stdout);
}

static int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "for", required_argument, NULL, 'f' },
		{ "faults", required_argument, NULL, 'F' },
		{ "check", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "watchdog", required_argument, NULL, 'w' },
		{ "sync-store", no_argument, NULL, 'S' },
		{ "agent-memory", required_argument, NULL, 'M' },
		{ "valgrind", no_argument, NULL, 'V' },
		{ "cpu", required_argument, NULL, 'U' },
		{ "no-report", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run_opts o = { .seed = 1 };
	int want_report = 1;
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
		case 'S':
			o.sync_store = 1;
			break;
		case 'V':
			o.valgrind = 1;
			break;
		case 'N':
			want_report = 0;
			break;
		case 'U': {
			/* Pins this run and the children it starts to one CPU: the
			 * lockstep ping-pong then never crosses CPUs (TOOLS.md). Used
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
			if (parse_size(optarg, &o.agent_mem_quota) < 0) {
				fprintf(stderr, "%s: malformed --agent-memory '%s' (bytes, or with K or M, "
					"e.g. 512K)\n", prog, optarg);
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
	rc = run_execute(&o, &out, err, sizeof(err));
	if (rc == 0) {
		const char *dirs[] = { out.dir };
		char report[4200], rerr[1024];

		print_outcome(&o, &out);
		/* The run's own report, next to its trace. */
		snprintf(report, sizeof(report), "%s/report", out.dir);
		if (!want_report)
			;
		else if (report_write(dirs, 1, report, rerr, sizeof(rerr)) < 0)
			fprintf(stderr, "%s: report: %s\n", prog, rerr);
		else
			printf("report: %s/index.html\n", report);
	} else {
		fprintf(stderr, "%s: %s\n", prog, err);
	}
	run_outcome_release(&out);
	free(faults_buf);
	if (rc < 0)
		return rc == -ENOMEM ? EXIT_INTERNAL : EXIT_USAGE;
	return out.res.failed ? EXIT_FAILED : 0;
}

static int cmd_replay(int argc, char **argv)
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
	if (run_load(argv[1], &o, &scen, hash, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return EXIT_USAGE;
	}
	snprintf(dir, sizeof(dir), "%s/replay", argv[1]);
	o.out_dir = dir;
	rc = run_execute(&o, &out, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		run_outcome_release(&out);
		json_decref(scen);
		return EXIT_USAGE;
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

static void usage_report(FILE *f)
{
	fprintf(f,
		"usage: impchaos report DIR... -o OUT\n"
		"       impchaos report --merge SHARD_DIR... -o OUT\n"
		"\n"
		"Writes OUT/index.html (campaign facts, targets x invariants, failures with\n"
		"their replay commands), a page per run under OUT/runs/, OUT/junit.xml (a\n"
		"testcase per target x invariant, for CI) and OUT/summary.json. The HTML\n"
		"files are self-contained: they open from a CI artifact with no network.\n"
		"\n"
		"Each DIR is a run directory or a campaign directory (one with campaign.json,\n"
		"as 'impchaos chaos' writes): a campaign stands for all its runs, and its\n"
		"facts (seeds, budget, version, determinism checks) go on the index.\n"
		"\n"
		"  -o, --out OUT   the output directory (made if missing)\n"
		"  --merge         the DIRs are the shards of one campaign ('impchaos chaos\n"
		"                  --shard K/N' on several machines): one report, with their\n"
		"                  facts combined (seed ranges, determinism checks, missing shards)\n"
		"\n"
		"Exit: 0 the report was written (whatever it says), 2 bad input or an\n"
		"unwritable OUT, 3 out of memory.\n");
}

static int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "merge", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *outdir = NULL;
	const char *const *dirs;
	char err[2048];
	int c, merge = 0, rc;
	size_t n;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'o') {
			outdir = optarg;
		} else if (c == 'm') {
			merge = 1;
		} else if (c == 'h') {
			usage_report(stdout);
			return 0;
		} else {
			usage_report(stderr);
			return EXIT_USAGE;
		}
	}
	if (!outdir || optind >= argc) {
		fprintf(stderr, "%s report: %s\n", prog, !outdir ? "name the output directory with -o OUT"
			: merge ? "name at least one SHARD_DIR" : "name at least one RUN_DIR");
		usage_report(stderr);
		return EXIT_USAGE;
	}
	dirs = (const char *const *)argv + optind;
	n = (size_t)(argc - optind);
	rc = merge ? report_merge(dirs, n, outdir, err, sizeof(err))
		   : report_write(dirs, n, outdir, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return rc == -ENOMEM ? EXIT_INTERNAL : EXIT_USAGE;
	}
	printf("report: %s/index.html\n", outdir);
	return 0;
}

static int cmd_targets(int argc, char **argv)
{
	json_t *list, *item;
	size_t i;

	(void)argv;
	if (cli_wants_help(argc, argv)) {
		printf("usage: impchaos targets\nLists the targets on the search path "
		       "($IMPCHAOS_TARGET_PATH, then %s/targets).\n", impchaos_home());
		return 0;
	}
	list = target_list();
	if (json_array_size(list) == 0)
		fprintf(stderr, "%s: no targets found in $IMPCHAOS_TARGET_PATH or %s/targets (run "
			"'make')\n", prog, impchaos_home());
	json_array_foreach(list, i, item) {
		const char *e = json_string_value(json_object_get(item, "error"));

		printf("%-28s %s%s\n", json_string_value(json_object_get(item, "target")),
		       e ? "BROKEN MANIFEST: " : "",
		       e ? e : json_string_value(json_object_get(item, "description")));
	}
	json_decref(list);
	return 0;
}

static int cmd_faults(int argc, char **argv)
{
	const struct fault_info *f;
	const struct fault_param *p;

	if (cli_wants_help(argc, argv)) {
		printf("usage: impchaos faults\nLists every fault with its parameters. Schedule "
		       "syntax: 'at DURATION FAULT [key=value ...]' or 'every DURATION FAULT ...',\n"
		       "separated by ';' or newlines, '#' comments.\n");
		return 0;
	}
	for (f = fault_catalog(); f->name; f++) {
		printf("%s\n    %s\n    mechanism: %s\n", f->name, f->desc, f->mechanism);
		if (!fault_in_swarm(f))
			printf("    chaos: never drawn by swarms (use it in explicit schedules)\n");
		for (p = f->params; p->key; p++)
			printf("    %s=%s  %s\n", p->key,
			       p->kind == FAULT_PARAM_DURATION ? "DURATION" :
			       p->kind == FAULT_PARAM_COUNT ? "N" :
			       p->kind == FAULT_PARAM_ERRNO ? "ERRNO" :
			       p->kind == FAULT_PARAM_CHOICE ? p->choices : "agent|device", p->desc);
	}
	printf("\nerrno names: %s\n", fault_errno_names());
	printf("schedule: 'at 6h agent/restart; every 12h device/disconnect for=20m;\n"
	       "           at 3h agent/store/write errno=ENOSPC count=5'\n");
	return 0;
}

static int cmd_invariants(int argc, char **argv)
{
	const struct check_info *c;

	if (cli_wants_help(argc, argv)) {
		printf("usage: impchaos invariants\nLists the invariants 'run --check' accepts.\n");
		return 0;
	}
	for (c = check_catalog(); c->name; c++)
		printf("%-34s %s\n", c->usage, c->desc);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		usage_main(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage_main(stdout);
		return 0;
	}
	if (!strcmp(cmd, "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(cmd, "replay"))
		return cmd_replay(argc - 1, argv + 1);
	if (!strcmp(cmd, "chaos"))
		return cmd_chaos(argc - 1, argv + 1);
	if (!strcmp(cmd, "shrink"))
		return cmd_shrink(argc - 1, argv + 1);
	if (!strcmp(cmd, "sweep"))
		return cmd_sweep(argc - 1, argv + 1);
	if (!strcmp(cmd, "report"))
		return cmd_report(argc - 1, argv + 1);
	if (!strcmp(cmd, "targets"))
		return cmd_targets(argc - 1, argv + 1);
	if (!strcmp(cmd, "faults"))
		return cmd_faults(argc - 1, argv + 1);
	if (!strcmp(cmd, "invariants"))
		return cmd_invariants(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s' (try 'impchaos --help')\n", prog, cmd);
	return EXIT_USAGE;
}
