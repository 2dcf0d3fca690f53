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
	cr_assert(snprintf(path, sizeof(path), "%s/%s", dir, name) < (int)sizeof(path));
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
	char *out;

	free(run_sq(2, ARGS("sq")));
	free(run_sq(2, ARGS("sq", "/nonexistent/file.nut")));
	/* A directory opens but is no program: an error, not an empty run. */
	out = run_sq(2, ARGS("sq", "/tmp"));
	cr_expect(out && strstr(out, "Is a directory"), "output: %s", out);
	free(out);
	free(run_sq(0, ARGS("sq", "--help")));
}

/* Bad input: each ends with a Squirrel error and exit 1, never a crash. */

static const char *write_generated(const char *name, const char *head, const char *unit,
				   size_t n, const char *tail)
{
	const char *path = write_program(name, "");
	FILE *f;
	size_t i;

	f = fopen(path, "w");
	cr_assert(f);
	fputs(head, f);
	for (i = 0; i < n; i++)
		fputs(unit, f);
	fputs(tail, f);
	fclose(f);
	return path;
}

Test(sq_cli, unterminated_string_is_a_compile_error)
{
	const char *p = write_program("unterminated.nut", "local s = \"abc\nprint(s);\n");
	char *out = run_sq(1, ARGS("sq", p));
	char want[PATH_MAX + 16];

	snprintf(want, sizeof(want), "%s:1:", p);
	cr_expect(out && strstr(out, want) && strstr(out, "error:"), "wanted '%s' in: %s", want, out);
	free(out);
}

Test(sq_cli, ten_megabyte_source_runs)
{
	/* 10^6 statements of 10 bytes: about 10 MB of source in one function. */
	const char *p = write_generated("big.nut", "::g <- 0;\n", "g = g + 1;", 1000000,
					"\nprint(g + \"\\n\");\n");
	char *out = run_sq(0, ARGS("sq", p));

	cr_expect(out && !strcmp(out, "1000000\n"), "output: %.200s", out);
	free(out);
}

Test(sq_cli, deeply_nested_expression_is_a_compile_error)
{
	char *open = malloc(100001), *close = malloc(100001);
	const char *p;
	char *out;

	cr_assert(open && close);
	memset(open, '(', 100000);
	memset(close, ')', 100000);
	open[100000] = close[100000] = '\0';
	p = write_generated("deep.nut", "local x = ", open, 1, "");
	{
		FILE *f = fopen(p, "a");

		cr_assert(f);
		fprintf(f, "1%s;\n", close);
		fclose(f);
	}
	out = run_sq(1, ARGS("sq", p));
	cr_expect(out && strstr(out, "error:"), "output: %.300s", out);
	free(out);
	free(open);
	free(close);
}

Test(sq_cli, unbounded_recursion_is_a_stack_overflow_error)
{
	const char *p = write_program("recurse.nut", "function f(n) { return f(n + 1) + 1; }\nf(0);\n");
	char *out = run_sq(1, ARGS("sq", p));

	cr_expect(out && strstr(out, "ERROR: stack overflow"), "output: %.300s", out);
	free(out);
}

Test(sq_cli, unbounded_allocation_is_an_out_of_memory_error)
{
	const char *p = write_program("hog.nut",
		"local a = [];\nwhile (true) a.push(array(10000, 1));\n");
	char *out = run_sq(1, ARGS("sq", p));

	cr_expect(out && strstr(out, "ERROR: out of memory"), "output: %.300s", out);
	free(out);
}

/* SQRUN_QUOTA must be a positive number of bytes: a typo would otherwise
 * mean no quota at all. The child inherits this test's environment. */
Test(sq_cli, malformed_quota_exits_2)
{
	const char *p = write_program("quota.nut", "print(\"ok\\n\");\n");
	char *out;

	setenv("SQRUN_QUOTA", "abc", 1);
	out = run_sq(2, ARGS("sq", p));
	cr_expect(out && strstr(out, "SQRUN_QUOTA='abc'"), "output: %s", out);
	free(out);
	setenv("SQRUN_QUOTA", "1000000", 1);
	out = run_sq(0, ARGS("sq", p));
	cr_expect(out && !strcmp(out, "ok\n"), "output: %s", out);
	free(out);
	unsetenv("SQRUN_QUOTA");
}
