/*
 * test_schedule.c - unit tests for the fault schedule language
 * (faults/schedule.c), harness core used by the orchestrator.
 *
 * The schedule is typed by people, so besides what good text parses to,
 * these tests fix every error message word for word, with its line and
 * column, and check that a failed parse leaves nothing behind (run them
 * under valgrind to see the "no leaks" half). schedule_format() is tested
 * as the inverse of parsing, on fixed and on randomly drawn schedules.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/duration.h"
#include "core/prng.h"
#include "faults/schedule.h"

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
		     "line 2, column 1: expected 'at' or 'every' or 'from', got 'sometimes'");
	expect_error("At 1h x", "line 1, column 1: expected 'at' or 'every' or 'from', got 'At'");
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

Test(schedule, parses_windows_with_and_without_an_end)
{
	struct schedule s;
	const struct sched_entry *e;

	parse_ok("from 2h to 3h30m p=0.25 agent/store/write count=2\n"
		 "  from 0 p=1 device/disconnect for=1m\n"
		 "from 1d p=1e-4 x; from 1s to 2s p=.5 y; at 1s a; every 2s b",
		 &s);
	cr_assert_eq(s.n, 6);
	e = &s.v[0];
	cr_assert(e->kind == SCHED_WINDOW && e->t_us == 2 * HOUR && e->p == 0.25);
	cr_assert_eq(e->to_us, 3 * HOUR + 30 * MIN);
	cr_assert_str_eq(e->fault, "agent/store/write");
	cr_assert_eq(e->fault_col, 25);
	cr_assert_eq(e->nparams, 1, "p= is the window's, not a parameter of the fault");
	cr_assert_str_eq(schedule_param(e, "count"), "2");
	e = &s.v[1];
	cr_assert_eq(e->kind, SCHED_WINDOW);
	cr_assert(e->line == 2 && e->col == 3 && e->t_us == 0 && e->p == 1.0);
	cr_assert_eq(e->to_us, SCHED_UNTIL_END);
	cr_assert_str_eq(schedule_param(e, "for"), "1m");
	cr_assert(s.v[2].p == 1e-4 && s.v[2].to_us == SCHED_UNTIL_END);
	cr_assert(s.v[3].p == 0.5 && s.v[3].t_us == SEC && s.v[3].to_us == 2 * SEC);
	for (size_t i = 4; i < 6; i++)
		cr_assert(s.v[i].to_us == SCHED_UNTIL_END && s.v[i].p == 1.0,
			  "'at' and 'every' strike for certain until the end");
	schedule_release(&s);
}

Test(schedule, reports_probability_out_of_range)
{
	expect_error("at 1h a\nat 2h b\nfrom 1h to 2h p=2 x",
		     "line 3, column 15: probability 'p=2' must be in (0, 1]");
	expect_error("from 1h p=0.0 x", "line 1, column 9: probability 'p=0.0' must be in (0, 1]");
	expect_error("from 1h p=1.0000001 x",
		     "line 1, column 9: probability 'p=1.0000001' must be in (0, 1]");
	expect_error("from 1h p=1e9999 x", "line 1, column 9: probability 'p=1e9999' must be in (0, 1]");
}

Test(schedule, reports_malformed_probability)
{
	static const char *const bad[] = { "p=", "p=abc", "p=inf", "p=nan", "p=0x1p-1",
					   "p=-0.5", "p=+0.5", "p=0.5.5", "p=0.5%", "p=e5" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[64], want[160];

		snprintf(text, sizeof(text), "from 1h %s x", bad[i]);
		snprintf(want, sizeof(want), "line 1, column 9: malformed probability '%s' "
			 "(a decimal number in (0, 1], e.g. p=0.1)", bad[i]);
		expect_error(text, want);
	}
}

Test(schedule, reports_window_end_before_or_at_its_start)
{
	expect_error("from 2h to 1h x", "line 1, column 9: 'to' time 1h is before 'from' time 2h");
	expect_error("from 2h to 120m p=0.5 x",
		     "line 1, column 9: 'to' time 120m is the same as 'from' time 2h");
}

Test(schedule, reports_missing_or_misplaced_window_parts)
{
	expect_error("from", "line 1, column 5: missing duration after 'from'");
	expect_error("from 1h to", "line 1, column 11: missing duration after 'to'");
	expect_error("from 1h to xh p=1 a",
		     "line 1, column 12: malformed duration 'xh' (try 90s, 20m, 6h, 7d)");
	expect_error("from 1h", "line 1, column 8: missing probability after '1h' "
		     "(write p=P before the fault name, e.g. p=0.1)");
	expect_error("from 1h to 2h # later", "line 1, column 14: missing probability after "
		     "'2h' (write p=P before the fault name, e.g. p=0.1)");
	expect_error("from 1h agent/crash p=0.5",
		     "line 1, column 9: expected the probability p=P before the fault name, "
		     "got 'agent/crash'");
	expect_error("from 1h p=0.5 k=v", "line 1, column 14: missing fault name after 'p=0.5'");
}

/* Formats s, parses the text back and checks that every entry survived. */
static void expect_round_trip(const struct schedule *s, char **text)
{
	struct schedule back;
	char err[256] = "";

	cr_assert_eq(schedule_format(s, text), 0);
	cr_assert_eq(schedule_parse(*text, &back, err, sizeof(err)), 0, "'%s': %s", *text, err);
	cr_assert_eq(back.n, s->n, "'%s'", *text);
	for (size_t i = 0; i < s->n; i++) {
		const struct sched_entry *a = &s->v[i], *b = &back.v[i];

		cr_assert(a->kind == b->kind && a->t_us == b->t_us && a->to_us == b->to_us &&
			  a->p == b->p && a->nparams == b->nparams, "'%s' entry %zu", *text, i);
		cr_assert_str_eq(a->fault, b->fault);
		for (size_t k = 0; k < a->nparams; k++) {
			cr_assert_str_eq(a->params[k].key, b->params[k].key);
			cr_assert_str_eq(a->params[k].value, b->params[k].value);
		}
		cr_assert_eq(b->line, (int)i + 1, "one entry per line");
	}
	schedule_release(&back);
}

Test(schedule, formats_canonical_text_one_entry_per_line)
{
	struct schedule s;
	char *text;

	parse_ok("# a comment\n  at 90m  agent/restart ; every 1.5d device/disconnect for=20m x=y\n"
		 "from 7200s to 3h p=0.10 agent/store/write count=3 errno=EIO;from 0 p=1 z",
		 &s);
	expect_round_trip(&s, &text);
	cr_assert_str_eq(text, "at 1h30m agent/restart\n"
			       "every 1d12h device/disconnect for=20m x=y\n"
			       "from 2h to 3h p=0.1 agent/store/write count=3 errno=EIO\n"
			       "from 0s p=1 z\n");
	free(text);
	schedule_release(&s);
	cr_assert_eq(schedule_format(&s, &text), 0);
	cr_assert_str_eq(text, "", "an empty schedule is empty text");
	free(text);
}

Test(schedule, formats_probabilities_exactly_and_briefly)
{
	static const double ps[] = { 1.0, 0.5, 0.1, 1e-4, 1e-7, 0.999999999999, 5e-324, 1.0 / 3 };
	static const char *const want[] = { "p=1", "p=0.5", "p=0.1", "p=0.0001", "p=1e-07",
					    "p=0.999999999999", "p=5e-324", "p=0.3333333333333333" };

	for (size_t i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		struct sched_entry e = { .kind = SCHED_WINDOW, .t_us = SEC, .fault = (char[]){ "f" },
					 .to_us = SCHED_UNTIL_END, .p = ps[i] };
		struct schedule s = { .v = &e, .n = 1 };
		char *text, line[64];

		expect_round_trip(&s, &text);
		snprintf(line, sizeof(line), "from 1s %s f\n", want[i]);
		cr_assert_str_eq(text, line);
		free(text);
	}
}

/* An 'at 1s f' entry with one parameter, or two when the key repeats. */
#define WITH_PARAM(k, v) { .kind = SCHED_AT, .t_us = SEC, .fault = (char[]){ "f" }, \
	.params = (struct schedule_param[]){ { (char[]){ "j" }, (char[]){ "w" } }, { k, v } }, \
	.nparams = 2 }

Test(schedule, format_refuses_entries_that_would_not_parse_back)
{
	struct sched_entry bad[] = {
		{ .kind = SCHED_AT, .t_us = -1, .fault = (char[]){ "f" } },
		{ .kind = SCHED_AT, .t_us = 3651LL * 24 * HOUR, .fault = (char[]){ "f" } },
		{ .kind = SCHED_EVERY, .t_us = 0, .fault = (char[]){ "f" } },
		{ .kind = SCHED_AT, .t_us = SEC, .fault = (char[]){ "f g" } },
		{ .kind = SCHED_AT, .t_us = SEC, .fault = NULL },
		{ .kind = SCHED_WINDOW, .t_us = SEC, .to_us = SEC, .p = 0.5, .fault = (char[]){ "f" } },
		{ .kind = SCHED_WINDOW, .t_us = SEC, .to_us = SCHED_UNTIL_END, .fault = (char[]){ "f" } },
		{ .kind = SCHED_WINDOW, .t_us = SEC, .to_us = INT64_MAX, .p = 1.5, .fault = (char[]){ "f" } },
		{ .kind = (enum sched_kind)7, .t_us = SEC, .fault = (char[]){ "f" } },
		WITH_PARAM((char[]){ "k" }, (char[]){ "a b" }),
		WITH_PARAM((char[]){ "k" }, (char[]){ "a;b" }),
		WITH_PARAM((char[]){ "k" }, (char[]){ "" }),
		WITH_PARAM((char[]){ "k.x" }, (char[]){ "v" }),
		WITH_PARAM((char[]){ "k" }, NULL),
		WITH_PARAM((char[]){ "j" }, (char[]){ "v" }),
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sched_entry two[2] = { { .kind = SCHED_AT, .t_us = SEC, .fault = (char[]){ "ok" } },
					      bad[i] };
		struct schedule s = { .v = two, .n = 2 };
		char *text = (char *)"untouched";

		cr_assert_eq(schedule_format(&s, &text), -EINVAL, "entry %zu", i);
		cr_assert_null(text);
	}
}

/* A random duration for the round trip: mostly whole units, sometimes odd
 * microsecond counts, up to 3000 days (a window's end stays in range). */
static int64_t random_us(struct prng *p)
{
	static const int64_t units[] = { 1, 1000, SEC, MIN, HOUR, 24 * HOUR };

	if (prng_below(p, 8) == 0)
		return prng_range(p, 0, 3000LL * 24 * HOUR);
	return prng_range(p, 0, 1000) * units[prng_below(p, 6)];
}

Test(schedule, format_then_parse_gives_back_random_schedules)
{
	static const char *const names[] = { "agent/crash", "a", "x.y-z_1/2", "posix/io/rw/write" };
	static const char *const values[] = { "1m", "EIO", "a=b", "/x:y,z", "0.5", "%!" };

	for (uint64_t seed = 1; seed <= 200; seed++) {
		struct prng p;
		struct schedule s = { 0 };
		char *text;

		prng_init(&p, seed, "test/schedule/round-trip");
		s.n = (size_t)prng_below(&p, 6);
		s.v = calloc(s.n + 1, sizeof(*s.v));
		for (size_t i = 0; i < s.n; i++) {
			struct sched_entry *e = &s.v[i];

			*e = (struct sched_entry){ .kind = (enum sched_kind)prng_below(&p, 3),
						   .to_us = SCHED_UNTIL_END, .p = 1.0 };
			e->t_us = random_us(&p) + (e->kind == SCHED_EVERY);
			if (e->kind == SCHED_WINDOW) {
				e->p = 1.0 - prng_unit(&p);
				if (prng_below(&p, 2))
					e->to_us = e->t_us + 1 + prng_range(&p, 0, 100 * HOUR);
			}
			e->fault = strdup(names[prng_below(&p, 4)]);
			e->nparams = (size_t)prng_below(&p, 4);
			e->params = calloc(e->nparams + 1, sizeof(*e->params));
			for (size_t k = 0; k < e->nparams; k++) {
				e->params[k].key = strdup((const char *[]){ "k", "for", "p" }[k]);
				e->params[k].value = strdup(values[prng_below(&p, 6)]);
			}
		}
		expect_round_trip(&s, &text);
		free(text);
		schedule_release(&s);
	}
}
