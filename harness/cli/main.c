/*
 * main.c - the `impchaos` command: the user's entry point to the harness.
 * It only dispatches: each command lives in a *_cmd.c file (see commands.h),
 * and what they share is in common.c.
 *
 * Exit codes, for CI: 0 every invariant held (or the command succeeded),
 * 1 an invariant failed (or a replay's trace differed), 2 bad usage or
 * input (unknown target, fault or invariant, malformed schedule or
 * duration, a fault scheduled past the end of the run, unwritable output
 * directory, a run directory that holds a run, a child that sent garbage),
 * 3 the harness itself failed or a campaign's run could not run, 130/143
 * a campaign stopped by SIGINT/SIGTERM.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"

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
		"  sq FILE.nut [ARGS]     run a plain Squirrel file (no imp API)\n"
		"\n"
		"'impchaos COMMAND --help' tells more; 'impchaos --version' names the build.\n"
		"Exit codes: 0 all invariants held, 1 an invariant failed, 2 bad usage or\n"
		"input, 3 internal error (or a campaign's run could not run), 130/143 a\n"
		"campaign stopped by SIGINT/SIGTERM.\n");
}

#ifndef IMPCHAOS_VERSION
#define IMPCHAOS_VERSION "unknown"
#endif
#ifndef IMPCHAOS_COMMIT
#define IMPCHAOS_COMMIT "unknown"
#endif

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		usage_main(stderr);
		return EXIT_USAGE;
	}
	cli_set_invoked(argv[0]);
	cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage_main(stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		/* git describe of the tree it was built from, and its commit. */
		printf("impchaos %s (commit %s)\n", IMPCHAOS_VERSION, IMPCHAOS_COMMIT);
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
	if (!strcmp(cmd, "sq"))
		return cmd_sq(argc - 1, argv + 1);
	if (!strcmp(cmd, "invariants"))
		return cmd_invariants(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s' (try 'impchaos --help')\n", prog, cmd);
	return EXIT_USAGE;
}
