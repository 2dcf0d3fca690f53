/*
 * report_cmd.c - `impchaos report`: the HTML, JUnit and JSON report of run
 * and campaign directories, or of the shards of one campaign (--merge).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "common.h"
#include "reports/report.h"

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
		"Arguments that are files (the .out logs beside a campaign's runs, as\n"
		"'runs/*' expands) are skipped with a note.\n"
		"\n"
		"  -o, --out OUT   the output directory (made if missing)\n"
		"  --merge         the DIRs are the shards of one campaign ('impchaos chaos\n"
		"                  --shard K/N' on several machines): one report, with their\n"
		"                  facts combined (seed ranges, determinism checks, missing shards)\n"
		"\n"
		"Exit: 0 the report was written (whatever it says), 2 bad input or an\n"
		"unwritable OUT, 3 out of memory.\n");
}

/* Keeps the arguments that are directories: a campaign's runs/, as a
 * shell expands "runs/" and a star, has each run's .out log beside its
 * directory. Each one left out is noted on stderr. Returns how many are
 * kept, in order. */
static size_t only_directories(char **dirs, size_t n)
{
	struct stat st;
	size_t i, kept = 0;

	for (i = 0; i < n; i++) {
		if (stat(dirs[i], &st) == 0 && !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "%s report: skipping '%s' (not a directory)\n", prog, dirs[i]);
			continue;
		}
		dirs[kept++] = dirs[i];
	}
	return kept;
}

int cmd_report(int argc, char **argv)
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
			if (cli_check_out("-o", optarg) < 0)
				return EXIT_USAGE;
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
	n = only_directories(argv + optind, (size_t)(argc - optind));
	if (!n) {
		fprintf(stderr, "%s report: no directory among the arguments; name run or campaign "
			"directories\n", prog);
		return EXIT_USAGE;
	}
	dirs = (const char *const *)argv + optind;
	rc = merge ? report_merge(dirs, n, outdir, err, sizeof(err))
		   : report_write(dirs, n, outdir, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return rc == -ENOMEM ? EXIT_INTERNAL : EXIT_USAGE;
	}
	printf("report: %s/index.html\n", outdir);
	return 0;
}
