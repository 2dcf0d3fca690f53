/*
 * test_sq_cli.c - `impchaos sq FILE.nut`: the command that runs a plain
 * Squirrel file, as a developer and the conformance suite use it. Each test
 * writes its program to a scratch directory and runs the real binary: exit 0
 * with the program's output, 1 with the imp-style error and stack, 1 with
 * FILE:LINE:COLUMN for a compile error, 2 for bad usage.
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario.h"

TestSuite(sq_cli, .timeout = 60);

static char dir[PATH_MAX];

static const char *write_program(const char *name, const char *src)
{
	static char path[PATH_MAX];
	FILE *f;

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/impchaos-sq-XXXXXX");
		cr_assert(mkdtemp(dir));
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	cr_assert(f);
	fputs(src, f);
	fclose(f);
	return path;
}

static char *run_sq(int want_status, const char *const *args)
{
	char *output = NULL;
	int status = scenario_cli(args, &output);

	cr_expect_eq(status, want_status, "exit %d, wanted %d; output:\n%s", status, want_status,
		     output ? output : "");
	return output;
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

Test(sq_cli, runs_a_file_and_prints_its_output)
{
	const char *p = write_program("ok.nut",
		"local t = {a = 1};\nt.b <- 2;\nprint(t.a + t.b + \"\\n\");\nprint(vargv[0] + \"\\n\");\n");
	char *out = run_sq(0, ARGS("sq", p, "hello"));

	cr_expect(out && !strcmp(out, "3\nhello\n"), "output: %s", out);
	free(out);
}

Test(sq_cli, uncaught_error_exits_1_with_message_and_stack)
{
	const char *p = write_program("err.nut",
		"function f(t) {\n  return t.missing;\n}\nf({});\n");
	char *out = run_sq(1, ARGS("sq", p));
	char want[PATH_MAX + 64];

	cr_expect(out && strstr(out, "ERROR: the index 'missing' does not exist"), "output: %s", out);
	snprintf(want, sizeof(want), "in f %s:2", p);
	cr_expect(out && strstr(out, want), "wanted '%s' in: %s", want, out);
	snprintf(want, sizeof(want), "from main %s:4", p);
	cr_expect(out && strstr(out, want), "wanted '%s' in: %s", want, out);
	free(out);
}

Test(sq_cli, compile_error_names_file_line_and_column)
{
	const char *p = write_program("syntax.nut", "local x = 1;\nlocal y = (x + ;\n");
	char *out = run_sq(1, ARGS("sq", p));
	char want[PATH_MAX + 16];

	snprintf(want, sizeof(want), "%s:2:", p);
	cr_expect(out && strstr(out, want) && strstr(out, "error:"), "wanted '%s' in: %s", want, out);
	free(out);
}

Test(sq_cli, bad_usage_exits_2)
{
	free(run_sq(2, ARGS("sq")));
	free(run_sq(2, ARGS("sq", "/nonexistent/file.nut")));
	free(run_sq(0, ARGS("sq", "--help")));
}
