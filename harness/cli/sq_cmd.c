/*
 * sq_cmd.c - `impchaos sq FILE.nut [ARGS]`: runs a plain Squirrel file with
 * the standard library and print(), outside any simulation. What a developer
 * uses to try a snippet, and what the Squirrel conformance suite runs. The
 * language is squirrel/'s; this file only hands it the arguments.
 */
#include <stdio.h>

#include "commands.h"
#include "common.h"
#include "squirrel.h"

static void usage_sq(FILE *f)
{
	fprintf(f,
		"usage: impchaos sq FILE.nut [ARGS...]\n"
		"\n"
		"Runs a Squirrel file with the standard library (no imp API): print()\n"
		"writes to stdout, error() to stderr, vargv holds ARGS as strings.\n"
		"An uncaught error prints 'ERROR: message' and the call stack, as the\n"
		"imp logs it; a compile error prints 'FILE:LINE:COLUMN: error: message'.\n"
		"The VM may use 256 MB (SQRUN_QUOTA=BYTES changes it); past that, the\n"
		"script gets the Squirrel error 'out of memory'.\n"
		"\n"
		"Exit: 0 the script ended normally, 1 a Squirrel error, 2 bad usage or\n"
		"an unreadable file.\n");
}

int cmd_sq(int argc, char **argv)
{
	if (argc < 2) {
		usage_sq(stderr);
		return EXIT_USAGE;
	}
	if (argc == 2 && cli_wants_help(argc, argv)) {
		usage_sq(stdout);
		return 0;
	}
	return sq_run_main(argc, argv);
}
