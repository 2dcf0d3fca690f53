/*
 * test_schedule.c - unit tests for the fault schedule language
 * (faults/schedule.c), harness core used by the orchestrator.
 *
 * The schedule is typed by people, so besides what good text parses to,
 * these tests fix every error message word for word, with its line and
 * column, and check that a failed parse leaves nothing behind (run them
 * under valgrind to see the "no leaks" half).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "schedule.h"

TestSuite(schedule, .timeout = 10);

#define SEC 1000000LL
#define MIN (60 * SEC)
#define HOUR (60 * MIN)

/* Parses text that must be good, failing the test with the message if not. */
static void parse_ok(const char *text, struct schedule *s)
{
	char err[256] = "";
	int rc = schedule_parse(text, s, err, sizeof(err));

	cr_assert_eq(rc, 0, "'%s': rc %d: %s", text, rc, err);
}

/* Parses text that must fail with exactly `want` and leave *out empty. */
static void expect_error(const char *text, const char *want)
{
	struct schedule s;
	char err[256] = "";
	int rc = schedule_parse(text, &s, err, sizeof(err));

	cr_assert_eq(rc, -EINVAL, "'%s': rc %d", text, rc);
	cr_assert_str_eq(err, want, "'%s'", text);
	cr_assert_eq(s.n, 0);
	cr_assert_null(s.v);
	schedule_release(&s);
}

Test(schedule, parses_at_and_every_entries_with_params)
{
	struct schedule s;
	const struct sched_entry *e;

	parse_ok("at 90s agent/restart\nevery 6h device/disconnect for=20m reason=flaky", &s);
	cr_assert_eq(s.n, 2);

	e = &s.v[0];
	cr_assert_eq(e->kind, SCHED_AT);
	cr_assert_eq(e->t_us, 90 * SEC);
	cr_assert_str_eq(e->fault, "agent/restart");
	cr_assert_eq(e->nparams, 0);
	cr_assert_eq(e->line, 1);
	cr_assert_eq(e->col, 1);
	cr_assert_eq(e->fault_col, 8);

	e = &s.v[1];
	cr_assert_eq(e->kind, SCHED_EVERY);
	cr_assert_eq(e->t_us, 6 * HOUR);
	cr_assert_str_eq(e->fault, "device/disconnect");
	cr_assert_eq(e->nparams, 2);
	cr_assert_str_eq(e->params[0].key, "for");
	cr_assert_str_eq(e->params[0].value, "20m");
	cr_assert_str_eq(e->params[1].key, "reason");
	cr_assert_str_eq(e->params[1].value, "flaky");
	cr_assert_eq(e->line, 2);
	cr_assert_eq(e->col, 1);
	cr_assert_eq(e->fault_col, 10);
	schedule_release(&s);
}

Test(schedule, param_lookup_finds_values_and_null_for_absent_keys)
{
	struct schedule s;

	parse_ok("at 1s net/drop p=0.5 msg=a=b path=/x:y,z k_1-x=v", &s);
	cr_assert_str_eq(schedule_param(&s.v[0], "p"), "0.5");
	cr_assert_str_eq(schedule_param(&s.v[0], "msg"), "a=b");
	cr_assert_str_eq(schedule_param(&s.v[0], "path"), "/x:y,z");
	cr_assert_str_eq(schedule_param(&s.v[0], "k_1-x"), "v");
	cr_assert_null(schedule_param(&s.v[0], "for"));
	cr_assert_null(schedule_param(&s.v[0], "P"));
	schedule_release(&s);
}

Test(schedule, separates_entries_by_semicolons_and_newlines)
{
	struct schedule s;

	parse_ok("at 1s a;at 2s b\nevery 3s c ; at 4s d", &s);
	cr_assert_eq(s.n, 4);
	cr_assert_str_eq(s.v[0].fault, "a");
	cr_assert_str_eq(s.v[1].fault, "b");
	cr_assert_str_eq(s.v[2].fault, "c");
	cr_assert_str_eq(s.v[3].fault, "d");
	cr_assert_eq(s.v[1].line, 1);
	cr_assert_eq(s.v[1].col, 9, "columns count from the line, not the entry");
	cr_assert_eq(s.v[1].fault_col, 15);
	cr_assert_eq(s.v[3].line, 2);
	cr_assert_eq(s.v[3].col, 14);
	cr_assert_eq(s.v[3].t_us, 4 * SEC);
	schedule_release(&s);
}

Test(schedule, ignores_comments_and_blank_entries)
{
	struct schedule s;

	parse_ok("# a whole-line comment\n"
		 "\n"
		 "   \t \n"
		 ";;  ; \n"
		 "at 1m agent/restart # trailing; at 2m not/an/entry\n"
		 "#at 3m commented/out\n"
		 "every 1h30m x/y.z_9-1 for=5s#glued comment\n",
		 &s);
	cr_assert_eq(s.n, 2);
	cr_assert_str_eq(s.v[0].fault, "agent/restart");
	cr_assert_eq(s.v[0].line, 5);
	cr_assert_eq(s.v[1].line, 7);
	cr_assert_eq(s.v[1].t_us, 90 * MIN);
	cr_assert_str_eq(s.v[1].fault, "x/y.z_9-1");
	cr_assert_eq(s.v[1].nparams, 1);
	cr_assert_str_eq(schedule_param(&s.v[1], "for"), "5s");
	schedule_release(&s);
}

Test(schedule, accepts_tabs_and_crlf_line_ends)
{
	struct schedule s;

	parse_ok("\tat\t1s\ta/b\tk=v\r\nevery 2s c\r\n", &s);
	cr_assert_eq(s.n, 2);
	cr_assert_eq(s.v[0].col, 2);
	cr_assert_eq(s.v[0].fault_col, 8);
	cr_assert_str_eq(schedule_param(&s.v[0], "k"), "v");
	cr_assert_str_eq(s.v[1].fault, "c");
	cr_assert_eq(s.v[1].line, 2);
	schedule_release(&s);
}

Test(schedule, empty_or_comment_only_text_gives_empty_schedule)
{
	static const char *const texts[] = { "", "\n\n", " ; ; ", "# nothing\n#\n" };

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct schedule s;

		parse_ok(texts[i], &s);
		cr_assert_eq(s.n, 0);
		schedule_release(&s);
	}
}

Test(schedule, does_not_check_fault_names_against_a_catalogue)
{
	struct schedule s;

	parse_ok("at 0 no/such/fault; every 1us .-_", &s);
	cr_assert_str_eq(s.v[0].fault, "no/such/fault");
	cr_assert_eq(s.v[0].t_us, 0);
	cr_assert_str_eq(s.v[1].fault, ".-_");
	schedule_release(&s);
}

Test(schedule, reports_malformed_duration)
{
	expect_error("at xh agent/restart",
		     "line 1, column 4: malformed duration 'xh' (try 90s, 20m, 6h, 7d)");
	expect_error("at 6 agent/restart",
		     "line 1, column 4: malformed duration '6' (try 90s, 20m, 6h, 7d)");
}

Test(schedule, reports_duration_over_ten_years)
{
	expect_error("at 3651d agent/restart",
		     "line 1, column 4: duration '3651d' is too long (at most 10 years)");
}

Test(schedule, reports_unknown_keyword)
{
	expect_error("at 1h agent/restart\nsometimes 1h x",
		     "line 2, column 1: expected 'at' or 'every', got 'sometimes'");
	expect_error("At 1h x", "line 1, column 1: expected 'at' or 'every', got 'At'");
}

Test(schedule, reports_missing_duration)
{
	expect_error("  every  ", "line 1, column 8: missing duration after 'every'");
	expect_error("at;", "line 1, column 3: missing duration after 'at'");
}

Test(schedule, reports_zero_period)
{
	expect_error("every 0s x", "line 1, column 7: 'every' needs a period above zero, got '0s'");
	expect_error("every 0 x", "line 1, column 7: 'every' needs a period above zero, got '0'");
}

Test(schedule, reports_missing_fault_name)
{
	expect_error("   every 6h", "line 1, column 12: missing fault name after '6h'");
	expect_error("at 6h # no fault", "line 1, column 6: missing fault name after '6h'");
	expect_error("at 6h for=20m", "line 1, column 6: missing fault name after '6h'");
}

Test(schedule, reports_malformed_fault_name)
{
	expect_error("at 1h agent/re$tart",
		     "line 1, column 7: malformed fault name 'agent/re$tart' "
		     "(use letters, digits and _ . / -)");
}

Test(schedule, reports_repeated_parameter)
{
	expect_error("every 6h x/y for=1 for=2",
		     "line 1, column 20: parameter 'for' given twice");
}

Test(schedule, reports_malformed_parameter)
{
	expect_error("every 6h x/y for=1 foo", "line 1, column 20: expected key=value, got 'foo'");
	expect_error("at 1h agent/x =v", "line 1, column 15: expected key=value, got '=v'");
	expect_error("at 1h agent/x k=", "line 1, column 15: expected key=value, got 'k='");
	expect_error("at 1h agent/x k.y=v", "line 1, column 15: expected key=value, got 'k.y=v'");
}

Test(schedule, counts_lines_and_columns_from_the_start_of_the_text)
{
	expect_error("# comment\n\nat 1h x # c\n  every 1m",
		     "line 4, column 11: missing fault name after '1m'");
	expect_error("at 1h x; at yh x",
		     "line 1, column 13: malformed duration 'yh' (try 90s, 20m, 6h, 7d)");
}

Test(schedule, error_after_good_entries_leaves_output_empty)
{
	/* The first entries are built before the error is found; they must be
	 * freed (valgrind checks that) and not left in the output. */
	expect_error("at 1s a k=v\nat 2s b k=v j=w\nat 3s c k=v k=w",
		     "line 3, column 13: parameter 'k' given twice");
}

Test(schedule, error_message_fits_small_buffers)
{
	struct schedule s;
	char err[12];

	memset(err, 'x', sizeof(err));
	cr_assert_eq(schedule_parse("bogus", &s, err, sizeof(err)), -EINVAL);
	cr_assert_str_eq(err, "line 1, col");
	cr_assert_eq(schedule_parse("bogus", &s, NULL, 0), -EINVAL);
	cr_assert_eq(s.n, 0);
}

Test(schedule, release_is_safe_on_zeroed_schedule_and_twice)
{
	struct schedule s = { 0 };

	schedule_release(&s);
	parse_ok("at 1s a k=v", &s);
	schedule_release(&s);
	cr_assert_eq(s.n, 0);
	cr_assert_null(s.v);
	schedule_release(&s);
}
