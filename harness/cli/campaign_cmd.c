/*
 * campaign_cmd.c - the impchaos commands that run many scenarios: sweep
 * (fail the Nth call of a point for every N), chaos (swarm campaigns) and
 * shrink (a failing run to a minimal reproducer).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "campaign/chaos.h"
#include "campaign/minimize.h"
#include "campaign/sweep.h"
#include "commands.h"
#include "common.h"
#include "core/duration.h"

/* A campaign's job in a fork of the campaign (chaos_opts.job_main): the
 * command line main() would have dispatched, with getopt and the invoked
 * path as a freshly started impchaos has them. */
static int chaos_job(int argc, char **argv)
{
	optind = 0;   /* getopt starts again from argv[1] */
	cli_set_invoked(argv[0]);
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "replay"))
		return cmd_replay(argc - 1, argv + 1);
	return cmd_shrink(argc - 1, argv + 1);
}

static void usage_sweep(FILE *f)
{
	fprintf(f,
		"usage: impchaos sweep TARGET --point POINT [--proc agent|device] [--max N]\n"
		"                      [--seed N] [--for DURATION] [--faults SCHEDULE]\n"
		"                      [--check INVARIANTS] [--out DIR] [--start TIME]\n"
		"                      [--agent-memory SIZE] [--device-memory SIZE]\n"
		"\n"
		"Fails exactly the Nth call of a fault point (see 'impchaos faults'), for\n"
		"N = 1, 2, ... until a run completes without reaching N or N passes --max\n"
		"(default 50), and checks the invariants each time. Prints which N broke\n"
		"which invariant. Runs go under DIR/nN (default runs/sweep-POINT/nN).\n"
		"--start TIME starts every run's clock there, as 'impchaos run --start' does\n"
		"(e.g. 2026-03-31T23:40:00Z; default 2026-01-01T00:00:00Z).\n"
		"--agent-memory and --device-memory set the sides' memory quotas, as for\n"
		"'impchaos run' (e.g. 512K, 1M; default: the target's \"memory\").\n"
		"Exit: 0 nothing broke, 1 some N broke an invariant, 2 bad input.\n");
}

static void print_step(const struct sweep_step *st, void *ud)
{
	(void)ud;
	if (!st->reached)
		printf("  N=%-4d not reached: the run made fewer calls%s%s\n", st->n,
		       st->failed ? "; FAILED anyway: " : "", st->failed ? st->failures : "");
	else if (st->failed) {
		char *line = cli_command(st->command);

		printf("  N=%-4d FAIL %s\n         replay: %s\n", st->n, st->failures,
		       line ? line : st->command);
		free(line);
	}
	else
		printf("  N=%-4d ok\n", st->n);
	fflush(stdout);
}

int cmd_sweep(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "point", required_argument, NULL, 'p' },
		{ "proc", required_argument, NULL, 'P' },
		{ "max", required_argument, NULL, 'm' },
		{ "seed", required_argument, NULL, 's' },
		{ "for", required_argument, NULL, 'f' },
		{ "faults", required_argument, NULL, 'F' },
		{ "check", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "start", required_argument, NULL, 'T' },
		{ "agent-memory", required_argument, NULL, 'M' },
		{ "device-memory", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sweep_opts o = { .base = { .seed = 1, .duration = "1h" }, .max = 50 };
	size_t steps, broken;
	char err[2048], *end;
	/* An @FILE schedule; it lives until the command returns to main(). */
	static char *faults_buf;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': o.point = optarg; break;
		case 'P':
			if (strcmp(optarg, "agent") && strcmp(optarg, "device")) {
				fprintf(stderr, "%s: --proc must be agent or device\n", prog);
				return EXIT_USAGE;
			}
			o.proc = optarg;
			break;
		case 'm':
			o.max = (int)strtol(optarg, &end, 10);
			if (*end || o.max < 1 || o.max > 100000) {
				fprintf(stderr, "%s: malformed --max '%s' (1 to 100000)\n", prog, optarg);
				return EXIT_USAGE;
			}
			break;
		case 's':
			if (cli_parse_seed(optarg, &o.base.seed) < 0) {
				fprintf(stderr, "%s: malformed seed '%s'\n", prog, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'f': o.base.duration = optarg; break;
		case 'F':
			if (cli_faults_arg(optarg, &o.base.faults, &faults_buf) < 0)
				return EXIT_USAGE;
			break;
		case 'c': o.base.checks = optarg; break;
		case 'T':
			if (cli_check_start(optarg) < 0)
				return EXIT_USAGE;
			o.base.start = optarg;
			break;
		case 'o':
			if (cli_check_out("--out", optarg) < 0)
				return EXIT_USAGE;
			o.base.out_dir = optarg;
			break;
		case 'M':
			if (cli_memory_opt("--agent-memory", optarg, &o.base.agent_mem_quota) < 0)
				return EXIT_USAGE;
			break;
		case 'D':
			if (cli_memory_opt("--device-memory", optarg, &o.base.device_mem_quota) < 0)
				return EXIT_USAGE;
			break;
		case 'h':
			usage_sweep(stdout);
			return 0;
		default:
			usage_sweep(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc || !o.point) {
		fprintf(stderr, "%s sweep: %s\n", prog, !o.point ? "name the point with --point (try "
			"'impchaos faults')" : "name one TARGET");
		usage_sweep(stderr);
		return EXIT_USAGE;
	}
	o.base.target = argv[optind];
	cli_check_target_path();
	printf("sweep %s over %s%s%s, N = 1..%d\n", o.base.target, o.point, o.proc ? " in the " : "",
	       o.proc ? o.proc : "", o.max);
	rc = sweep_run(&o, print_step, NULL, &steps, &broken, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return cli_exit_code(rc);
	}
	printf("%zu runs, %zu broke an invariant\n", steps, broken);
	return broken ? EXIT_FAILED : 0;
}

static void usage_chaos(FILE *f)
{
	fprintf(f,
		"usage: impchaos chaos [TARGET...] (--runs N | --budget DURATION) [--seed-from S]\n"
		"                      [--jobs J] [--shard K/N] [--out DIR] [--for DURATION]\n"
		"                      [--recheck SHARE] [--shrink first|all|none] [--no-shrink]\n"
		"                      [--shrink-budget DURATION] [--require-coverage]\n"
		"                      [--only FAULTS] [--keep failing|all] [--start TIME]\n"
		"                      [--agent-memory SIZE] [--device-memory SIZE] [--valgrind-sample P]\n"
		"                      [--valgrind-for DURATION] [--full-runs]\n"
		"\n"
		"For each seed, draws a swarm configuration (a random subset of the fault\n"
		"catalogue with random rates and parameters; one in four is quiet, one or two\n"
		"faults in the whole run, so that agent instances live for days) and a start\n"
		"of the clock, runs it against every TARGET (default: all targets found) and\n"
		"checks every invariant the target declares.\n"
		"\n"
		"  --runs N            stop after N runs\n"
		"  --budget DURATION   stop starting runs after this much wall-clock time (e.g. 30m)\n"
		"  --seed-from S       first seed (default 1)\n"
		"  --jobs J            runs at once (default: the number of CPUs)\n"
		"  --shard K/N         take every Nth seed starting with the Kth (CI matrices)\n"
		"  --out DIR           campaign directory (default chaos-out): runs/, campaign.json,\n"
		"                      report/index.html\n"
		"  --for DURATION      simulated duration of each run (default: each target's\n"
		"                      own, \"duration\" in its target.json)\n"
		"  --start TIME        start every run's clock at TIME (UTC, e.g.\n"
		"                      2026-03-31T23:40:00Z); default: drawn from each seed, any\n"
		"                      time of 2026-2027, half of them in the last hour before a\n"
		"                      midnight, a week, a month or a year ends\n"
		"  --recheck SHARE     share of runs executed twice to check determinism (default 0.05)\n"
		"  --shrink first|all|none\n"
		"                      which failures to shrink to minimal reproducers (default\n"
		"                      first: failures are grouped by signature - target,\n"
		"                      invariant, kind of the first violating event - and the\n"
		"                      first of each group, the one with the fewest faults, is\n"
		"                      shrunk; the others are recorded with their replay commands)\n"
		"  --no-shrink         the same as --shrink none\n"
		"  --shrink-budget DURATION\n"
		"                      cap the wall time shrinking may take (e.g. 10m); groups\n"
		"                      left unshrunk are recorded as such\n"
		"  --only FAULTS       draw only faults matching these comma-separated patterns,\n"
		"                      e.g. 'agent/store/*,agent/restart' (a focused campaign)\n"
		"  --require-coverage  fail when a catalogued fault that swarms draw never fired\n"
		"  --keep failing|all  whose traces to keep (default failing: a run that held\n"
		"                      keeps its verdict and scenario; 'impchaos replay' remakes\n"
		"                      its trace)\n"
		"  --agent-memory SIZE, --device-memory SIZE\n"
		"                      the sides' memory quotas in every run (e.g. 512K, 1M;\n"
		"                      default: each target's \"memory\")\n"
		"  --valgrind-sample P run a share P (0 to 1) of the runs under valgrind memcheck,\n"
		"                      checking memcheck-clean; which runs is a function of\n"
		"                      (target, seed), so a re-check, a shrink and the replay\n"
		"                      command of such a run use valgrind too (default 0)\n"		"  --valgrind-for DURATION\n"
		"                      a run chosen for valgrind lasts at most this long (memcheck\n"
		"                      slows a run 10-30 times): its duration is the shorter of\n"
		"                      its own and this, recorded in its scenario (default 1d)\n"
		"  --full-runs         simulate every run to the end of its duration; by default\n"
		"                      a run ends at its first failure, as 'impchaos run' does\n"
		"                      when told to stop at a failure (a failing run costs the\n"
		"                      time to its failure; its re-check, shrink and reproducer\n"
		"                      stop there too)\n"
		"  --no-pin            do not pin each run's processes to one CPU (pinned runs are\n"
		"                      ~20%% faster: README, Costs)\n"
		"\n"
		"SIGINT or SIGTERM stops starting runs, lets those in flight finish (10 s at\n"
		"most), writes campaign.json and the report of what finished; a second one\n"
		"kills the runs in flight at once.\n"
		"\n"
		"Exit: 0 every run held, 1 a run failed (invariant, nondeterminism, coverage),\n"
		"2 bad input, 3 a run could not be carried out (named in the summary line,\n"
		"campaign.json and the report), 130/143 stopped by SIGINT/SIGTERM.\n");
}

/* The summary line and the exit code. What did not happen comes first:
 * a stop by a signal (128 + its number), runs that could not run (exit 3:
 * the campaign did not test what it was asked to), then failures. */
static int chaos_verdict(const struct chaos_opts *o, const struct chaos_summary *sum)
{
	if (sum->stop_signal)
		printf("chaos: STOPPED by %s: %ld runs finished, %ld in flight killed; campaign.json "
		       "and the report hold what finished\n",
		       sum->stop_signal == SIGINT ? "SIGINT" : "SIGTERM", sum->runs, sum->stopped);
	if (sum->errors)
		printf("chaos: ERROR: %ld of %ld runs could not run (campaign.json's failures say "
		       "why; each run's .out file has its output)\n", sum->errors, sum->runs);
	printf("chaos: %ld runs in %.0fs (%.0f runs/min), %ld failing run%s, %ld distinct "
	       "failure%s, %ld could not run, %ld of %ld re-checked runs nondeterministic, %ld "
	       "shrunk, %zu catalogued faults never fired\n",
	       sum->runs, sum->wall_s, sum->wall_s > 0 ? sum->runs / sum->wall_s * 60 : 0.0,
	       sum->failed, sum->failed == 1 ? "" : "s", sum->groups, sum->groups == 1 ? "" : "s",
	       sum->errors, sum->mismatches, sum->rechecked, sum->shrunk, sum->uncovered);
	/* Shrinking that was asked for and not done is said. */
	if (o->shrink != CHAOS_SHRINK_NONE && sum->unshrunk_groups)
		printf("chaos: %ld of %ld distinct failures left unshrunk (campaign.json's groups "
		       "say why)\n", sum->unshrunk_groups, sum->groups);
	printf("campaign: %s/campaign.json\nreport: %s/report/index.html\n", o->out_dir,
	       o->out_dir);
	fflush(stdout);
	if (sum->stop_signal)
		return 128 + sum->stop_signal;
	if (sum->errors)
		return EXIT_INTERNAL;
	if (sum->failed || sum->mismatches || (o->require_coverage && sum->uncovered))
		return EXIT_FAILED;
	return 0;
}

static int parse_shard(const char *s, int *k, int *n)
{
	long lk, ln;
	char *end;

	/* Read as long and range-checked before narrowing: 1/4294967297
	 * must not wrap to 1/1. */
	errno = 0;
	lk = strtol(s, &end, 10);
	if (end == s || *end != '/' || s[0] < '0' || s[0] > '9')
		return -EINVAL;
	s = end + 1;
	ln = strtol(s, &end, 10);
	if (errno || end == s || *end || s[0] < '0' || s[0] > '9' || ln < 1 || ln > 1000000 ||
	    lk < 1 || lk > ln)
		return -EINVAL;
	*k = (int)lk;
	*n = (int)ln;
	return 0;
}

int cmd_chaos(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "runs", required_argument, NULL, 'r' },
		{ "budget", required_argument, NULL, 'b' },
		{ "seed-from", required_argument, NULL, 's' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "shard", required_argument, NULL, 'k' },
		{ "out", required_argument, NULL, 'o' },
		{ "for", required_argument, NULL, 'f' },
		{ "recheck", required_argument, NULL, 'R' },
		{ "no-shrink", no_argument, NULL, 'n' },
		{ "shrink", required_argument, NULL, 'S' },
		{ "shrink-budget", required_argument, NULL, 'B' },
		{ "require-coverage", no_argument, NULL, 'C' },
		{ "no-pin", no_argument, NULL, 'P' },
		{ "only", required_argument, NULL, 'O' },
		{ "keep", required_argument, NULL, 'K' },
		{ "start", required_argument, NULL, 'T' },
		{ "agent-memory", required_argument, NULL, 'M' },
		{ "device-memory", required_argument, NULL, 'D' },
		{ "valgrind-sample", required_argument, NULL, 'V' },
		{ "valgrind-for", required_argument, NULL, 'W' },
		{ "full-runs", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct chaos_opts o = { .seed_from = 1, .jobs = (int)sysconf(_SC_NPROCESSORS_ONLN),
				.shard_k = 1, .shard_n = 1, .out_dir = "chaos-out",
				.recheck_share = 0.05, .shrink = CHAOS_SHRINK_FIRST, .pin = 1,
				.valgrind_for_us = 86400LL * 1000000 };
	struct chaos_summary sum;
	char err[2048], *end;
	int64_t us;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			o.runs = strtol(optarg, &end, 10);
			if (*end || o.runs < 1) {
				fprintf(stderr, "%s: malformed --runs '%s' (a positive integer)\n", prog, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'b':
			if (duration_parse(optarg, &us) < 0 || us <= 0) {
				fprintf(stderr, "%s: malformed --budget '%s' (try 90s, 20m, 2h)\n", prog, optarg);
				return EXIT_USAGE;
			}
			o.budget_s = (double)us / 1e6;
			break;
		case 's':
			if (cli_parse_seed(optarg, &o.seed_from) < 0) {
				fprintf(stderr, "%s: malformed --seed-from '%s'\n", prog, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'j':
			o.jobs = (int)strtol(optarg, &end, 10);
			if (*end || o.jobs < 1 || o.jobs > 256) {
				fprintf(stderr, "%s: malformed --jobs '%s' (1 to 256)\n", prog, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'k':
			if (parse_shard(optarg, &o.shard_k, &o.shard_n) < 0) {
				fprintf(stderr, "%s: malformed --shard '%s' (K/N with 1 <= K <= N <= 1000000)\n", prog,
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o':
			if (cli_check_out("--out", optarg) < 0)
				return EXIT_USAGE;
			o.out_dir = optarg;
			break;
		case 'f':
			if (duration_parse(optarg, &us) < 0 || us <= 0) {
				fprintf(stderr, "%s: malformed --for '%s' (try 6h, 1d)\n", prog, optarg);
				return EXIT_USAGE;
			}
			o.duration = optarg;
			break;
		case 'R':
			o.recheck_share = strtod(optarg, &end);
			if (*end || o.recheck_share < 0 || o.recheck_share > 1) {
				fprintf(stderr, "%s: malformed --recheck '%s' (a share from 0 to 1)\n", prog,
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'n': o.shrink = CHAOS_SHRINK_NONE; break;
		case 'S':
			if (!strcmp(optarg, "first"))
				o.shrink = CHAOS_SHRINK_FIRST;
			else if (!strcmp(optarg, "all"))
				o.shrink = CHAOS_SHRINK_ALL;
			else if (!strcmp(optarg, "none"))
				o.shrink = CHAOS_SHRINK_NONE;
			else {
				fprintf(stderr, "%s: malformed --shrink '%s' (first, all or none)\n",
					prog, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'B':
			if (duration_parse(optarg, &us) < 0 || us <= 0) {
				fprintf(stderr, "%s: malformed --shrink-budget '%s' (try 90s, 10m)\n",
					prog, optarg);
				return EXIT_USAGE;
			}
			o.shrink_budget_s = (double)us / 1e6;
			break;
		case 'C': o.require_coverage = 1; break;
		case 'T':
			if (cli_check_start(optarg) < 0)
				return EXIT_USAGE;
			o.start = optarg;
			break;
		case 'P': o.pin = 0; break;
		case 'L': o.full_runs = 1; break;
		case 'O': o.only = optarg; break;
		case 'K':
			if (strcmp(optarg, "failing") && strcmp(optarg, "all")) {
				fprintf(stderr, "%s: malformed --keep '%s' (failing or all)\n", prog,
					optarg);
				return EXIT_USAGE;
			}
			o.keep_all = !strcmp(optarg, "all");
			break;
		case 'M':
			if (cli_memory_opt("--agent-memory", optarg, &o.agent_mem_quota) < 0)
				return EXIT_USAGE;
			break;
		case 'D':
			if (cli_memory_opt("--device-memory", optarg, &o.device_mem_quota) < 0)
				return EXIT_USAGE;
			break;
		case 'V':
			errno = 0;
			o.valgrind_sample = strtod(optarg, &end);
			/* "nan" and "inf" are not shares; a NaN fails every comparison. */
			if (errno || end == optarg || *end || !(o.valgrind_sample >= 0) ||
			    o.valgrind_sample > 1) {
				fprintf(stderr, "%s: malformed --valgrind-sample '%s' (a share of the runs "
					"from 0 to 1, e.g. 0.02)\n", prog, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'W':
			if (duration_parse(optarg, &us) < 0 || us <= 0) {
				fprintf(stderr, "%s: malformed --valgrind-for '%s' (a simulated duration, "
					"e.g. 6h, 1d)\n", prog, optarg);
				return EXIT_USAGE;
			}
			o.valgrind_for_us = us;
			break;
		case 'h':
			usage_chaos(stdout);
			return 0;
		default:
			usage_chaos(stderr);
			return EXIT_USAGE;
		}
	}
	if (!o.runs && !o.budget_s) {
		fprintf(stderr, "%s chaos: give --runs N or --budget DURATION\n", prog);
		usage_chaos(stderr);
		return EXIT_USAGE;
	}
	if (o.jobs < 1)
		o.jobs = 1;
	o.targets = (const char *const *)argv + optind;
	cli_check_target_path();
	o.ntargets = (size_t)(argc - optind);
	/* A terminal gets one line rewritten; a CI log plain lines. */
	o.progress = isatty(2) ? CHAOS_PROGRESS_TTY : CHAOS_PROGRESS_PLAIN;
	o.job_main = chaos_job;
	rc = chaos_run(&o, &sum, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return rc == -EINVAL || rc == -EIO || rc == -EBUSY ? EXIT_USAGE : EXIT_INTERNAL;
	}
	return chaos_verdict(&o, &sum);
}

static void print_shrink_progress(const char *what, void *ud)
{
	(void)ud;
	if (isatty(2)) {
		fprintf(stderr, "\rshrink: %-60s", what);
		fflush(stderr);
	}
}

int cmd_shrink(int argc, char **argv)
{
	struct minimize_result r;
	char err[2048], *line;
	int rc;

	if (cli_wants_help(argc, argv) || argc != 2) {
		fprintf(argc == 2 ? stdout : stderr,
			"usage: impchaos shrink RUN_DIR\n"
			"\n"
			"Reduces a failing run's injected faults (delta debugging) and simulated\n"
			"duration (bisection) while the same invariant still fails, runs the result\n"
			"once more into RUN_DIR/shrunk and writes RUN_DIR/reproducer.json.\n"
			"Exit: 0 shrunk (and it fails again), 2 not a failing run.\n");
		return argc == 2 ? 0 : EXIT_USAGE;
	}
	if ((rc = minimize_run(argv[1], &r, print_shrink_progress, NULL, err, sizeof(err))) < 0) {
		if (isatty(2))
			fprintf(stderr, "\n");
		fprintf(stderr, "%s: %s\n", prog, err);
		return cli_exit_code(rc);
	}
	if (isatty(2))
		fprintf(stderr, "\n");
	printf("%s fails with %zu of %zu faults in %s (%zu runs):\n%s\n", r.invariant, r.nfaults,
	       r.nfaults_before, r.duration, r.tests, r.faults);
	line = cli_command(r.command);
	printf("replay: %s\nreproducer: %s\n", line ? line : r.command, r.dir);
	free(line);
	minimize_result_release(&r);
	return 0;
}
