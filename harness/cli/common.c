/*
 * common.c - what every impchaos command file uses: the program name, the
 * --help test, seeds, sizes and --faults arguments. The command files use
 * this file and never each other; main.c dispatches to them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "core/utc.h"
#include "core/size.h"
#include "sim/run.h"
#include "sim/target.h"

const char *prog = "impchaos";
static const char *invoked = "impchaos";

void cli_set_invoked(const char *argv0)
{
	if (argv0 && argv0[0])
		invoked = argv0;
}

char *cli_command(const char *command)
{
	static const char word[] = "impchaos ";
	char *path, *out;

	/* Commands the harness records start with its bare name, which runs
	 * only when it is on $PATH; printed, they start with the path this
	 * command ran by, so that a copy and paste runs the same binary. */
	if (strncmp(command, word, sizeof(word) - 1))
		return strdup(command);
	path = run_shell_append(NULL, invoked);
	if (asprintf(&out, "%s %s", path, command + sizeof(word) - 1) < 0)
		out = NULL;
	free(path);
	return out;
}

void cli_check_target_path(void)
{
	char names[2048];
	int n = target_path_missing(names, sizeof(names));

	/* A warning, not an error: the other directories may hold the target. */
	if (n)
		fprintf(stderr, "%s: warning: IMPCHAOS_TARGET_PATH names %s, which %s not a "
			"directory\n", prog, names, n > 1 ? "are" : "is");
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
	errno = 0;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = NULL;
		/* An empty file is an empty schedule; a directory (EISDIR) or a
		 * read error is not. */
		if (ferror(f)) {
			fprintf(stderr, "%s: cannot read schedule file '%s': %s\n", prog, path,
				strerror(errno ? errno : EIO));
		} else if (!(buf = strdup(""))) {
			fprintf(stderr, "%s: out of memory\n", prog);
		}
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

	/* Decimal digits only: no sign, space or base prefix, and a leading
	 * zero is not octal (010 is ten). */
	if (s[0] < '0' || s[0] > '9')
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno || *end ? -EINVAL : 0;
}

int cli_parse_size(const char *s, long long *out)
{
	return size_parse(s, out);
}

int cli_memory_opt(const char *opt, const char *arg, long long *out)
{
	if (size_parse(arg, out) == 0)
		return 0;
	fprintf(stderr, "%s: malformed %s '%s' (%s)\n", prog, opt, arg, SIZE_EXPECTED);
	return -EINVAL;
}

int cli_check_out(const char *opt, const char *dir)
{
	if (strlen(dir) <= CLI_MAX_OUT)
		return 0;
	fprintf(stderr, "%s: %s '%.40s...' is %zu bytes long: the files under it would not fit "
		"in a path (at most %d bytes; choose a shorter directory)\n", prog, opt, dir,
		strlen(dir), CLI_MAX_OUT);
	return -ENAMETOOLONG;
}

int cli_check_start(const char *s)
{
	int64_t t;
	int rc = utc_parse(s, &t);

	if (rc == 0)
		return 0;
	fprintf(stderr, "%s: malformed --start '%s' (%s%s)\n", prog, s, UTC_FORM,
		rc == -ERANGE ? "; from 1970-01-01 to 2037-12-31" : "");
	return -EINVAL;
}

int cli_exit_code(int rc)
{
	/* The machine failed the harness (memory, open files, processes):
	 * not the user's input. */
	if (rc == -ENOMEM || rc == -EMFILE || rc == -ENFILE || rc == -EAGAIN)
		return EXIT_INTERNAL;
	return EXIT_USAGE;
}
