/*
 * test_checks.c - unit tests for the invariant checkers (harness/checks/check.c,
 * the registry, and harness/checks/checks.c, the checkers), harness side.
 *
 * A checker's verdict is the product of a run, so each checker is shown
 * failing on a trace that breaks its invariant (at the right event, with a
 * message a human can act on) and passing on the nearest trace that does
 * not. Events are built exactly like trace lines: {"seq","t","ev",...}.
 * The registry's refusals of bad specs are tested with their messages.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "checks/check.h"
#include "core/trace.h"

TestSuite(check, .timeout = 10);

/* One check set being fed a hand-written trace. */
struct run {
	struct check_set *set;
	uint64_t seq;
};

static void start(struct run *r, const char *spec)
{
	char err[256] = "";

	r->seq = 0;
	r->set = NULL;
	cr_assert_eq(check_set_new(&r->set, &spec, 1, err, sizeof(err)), 0, "'%s': %s", spec,
		     err);
	cr_assert_not_null(r->set);
}

/* Feeds {"seq":N,"t":t,"ev":kind, ...fields} (fields stolen); returns N.
 * The event is freed right after: a checker must copy what it keeps. */
static uint64_t feed(struct run *r, int64_t t, const char *kind, json_t *fields)
{
	json_t *ev = json_pack("{s:I, s:I, s:s}", "seq", (json_int_t)r->seq, "t", (json_int_t)t,
			       "ev", kind);

	cr_assert_not_null(ev);
	if (fields)
		cr_assert_eq(json_object_update(ev, fields), 0);
	json_decref(fields);
	check_set_event(r->set, ev);
	json_decref(ev);
	return r->seq++;
}

/* An "observe" event: proc reported name = value (value stolen). */
static uint64_t observe(struct run *r, int64_t t, const char *proc, int inc, const char *name,
			json_t *value)
{
	return feed(r, t, "observe",
		    json_pack("{s:s, s:i, s:s, s:o}", "proc", proc, "inc", inc, "name", name,
			      "value", value));
}

/* A "store.save" event: the agent saved table (stolen) with result rc. */
static uint64_t save(struct run *r, int64_t t, int rc, json_t *table)
{
	return feed(r, t, "store.save",
		    json_pack("{s:i, s:i, s:o}", "inc", 1, "rc", rc, "table", table));
}

/* Ends the run; returns its one verdict (a new reference) and frees the
 * set. */
static json_t *finish(struct run *r)
{
	json_t *all = check_set_finish(r->set), *v;

	cr_assert(json_is_array(all));
	cr_assert_eq(json_array_size(all), 1);
	v = json_incref(json_array_get(all, 0));
	json_decref(all);
	check_set_free(r->set);
	r->set = NULL;
	return v;
}

static void expect_held(json_t *v)
{
	const char *msg = json_string_value(json_object_get(v, "message"));

	cr_assert(json_is_true(json_object_get(v, "ok")), "expected a pass, got: %s",
		  msg ? msg : "(no message)");
	cr_assert(json_is_null(json_object_get(v, "first_violation")));
}

/* A failure whose first violating event is (seq, t). Returns the message. */
static const char *expect_violation_at(json_t *v, uint64_t seq, int64_t t)
{
	json_t *first = json_object_get(v, "first_violation");
	const char *msg = json_string_value(json_object_get(v, "message"));

	cr_assert(json_is_false(json_object_get(v, "ok")), "expected a failure");
	cr_assert_not_null(msg);
	cr_assert(json_is_object(first), "no first_violation (message: %s)", msg);
	cr_assert_eq(json_integer_value(json_object_get(first, "seq")), (json_int_t)seq,
		     "first violation at seq %lld, want %llu (message: %s)",
		     (long long)json_integer_value(json_object_get(first, "seq")),
		     (unsigned long long)seq, msg);
	cr_assert_eq(json_integer_value(json_object_get(first, "t")), (json_int_t)t);
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(first, "event"), "seq")),
		     (json_int_t)seq, "first_violation.event is not the violating event");
	return msg;
}

static void expect_mentions(const char *msg, const char *want)
{
	cr_assert(strstr(msg, want), "message '%s' does not mention '%s'", msg, want);
}

#define INT(x) json_integer(x)
#define REAL(x) json_real(x)

/* ---- counter-monotonic:NAME ---- */

Test(check, counter_monotonic_fails_when_an_observed_value_decreases)
{
	struct run r;
	uint64_t bad;
	const char *msg;
	json_t *v;

	start(&r, "counter-monotonic:total_wh");
	observe(&r, 1000000, "agent", 1, "total_wh", INT(4000));
	observe(&r, 2000000, "agent", 1, "total_wh", INT(4711));
	bad = observe(&r, 3000000, "agent", 1, "total_wh", INT(4242));
	v = finish(&r);
	msg = expect_violation_at(v, bad, 3000000);
	expect_mentions(msg, "total_wh");
	expect_mentions(msg, "4711");
	expect_mentions(msg, "4242");
	json_decref(v);
}

Test(check, counter_monotonic_holds_when_observed_values_stay_equal_or_increase)
{
	static const int values[] = { 0, 0, 3, 3, 3, 10, 11 };
	struct run r;
	json_t *v;

	start(&r, "counter-monotonic:total_wh");
	for (int i = 0; i < 7; i++)
		observe(&r, i * 1000, "agent", 1, "total_wh", INT(values[i]));
	v = finish(&r);
	expect_held(v);
	json_decref(v);
}

Test(check, counter_monotonic_compares_integer_and_real_values_numerically)
{
	struct run r;
	uint64_t bad;
	json_t *v;

	start(&r, "counter-monotonic:total_wh");
	observe(&r, 1, "agent", 1, "total_wh", INT(10));
	observe(&r, 2, "agent", 1, "total_wh", REAL(10.5));
	observe(&r, 3, "agent", 1, "total_wh", INT(11));
	bad = observe(&r, 4, "agent", 1, "total_wh", REAL(10.75));
	v = finish(&r);
	expect_violation_at(v, bad, 4);
	json_decref(v);
}

Test(check, counter_monotonic_fails_when_a_restart_resets_the_observed_value)
{
	/* One series per side across incarnations: a new incarnation that
	 * publishes from zero again has lost the total. */
	struct run r;
	uint64_t bad;
	json_t *v;

	start(&r, "counter-monotonic:total_wh");
	observe(&r, 10, "agent", 1, "total_wh", INT(50));
	bad = observe(&r, 20, "agent", 2, "total_wh", INT(0));
	v = finish(&r);
	expect_violation_at(v, bad, 20);
	json_decref(v);
}

Test(check, counter_monotonic_reports_only_the_first_violation)
{
	struct run r;
	uint64_t first;
	const char *msg;
	json_t *v;

	start(&r, "counter-monotonic:total_wh");
	observe(&r, 100, "agent", 1, "total_wh", INT(900));
	first = observe(&r, 200, "agent", 1, "total_wh", INT(800));
	observe(&r, 300, "agent", 1, "total_wh", INT(700));
	observe(&r, 400, "agent", 1, "total_wh", INT(1000));
	observe(&r, 500, "agent", 1, "total_wh", INT(1));
	v = finish(&r);
	msg = expect_violation_at(v, first, 200);
	expect_mentions(msg, "900");
	expect_mentions(msg, "800");
	cr_assert_null(strstr(msg, "700"), "message '%s' is about a later violation", msg);
	json_decref(v);
}

Test(check, counter_monotonic_fails_when_a_successful_save_persists_a_decrease)
{
	struct run r;
	uint64_t bad;
	const char *msg;
	json_t *v;

	start(&r, "counter-monotonic:total_wh");
	save(&r, 1000, 0, json_pack("{s:i, s:s}", "total_wh", 3141, "unit", "Wh"));
	bad = save(&r, 2000, 0, json_pack("{s:i, s:s}", "total_wh", 2718, "unit", "Wh"));
	v = finish(&r);
	msg = expect_violation_at(v, bad, 2000);
	expect_mentions(msg, "3141");
	expect_mentions(msg, "2718");
	json_decref(v);
}

Test(check, counter_monotonic_holds_when_saved_values_do_not_decrease)
{
	struct run r;
	json_t *v;

	start(&r, "counter-monotonic:total_wh");
	save(&r, 1000, 0, json_pack("{s:i}", "total_wh", 5));
	save(&r, 2000, 0, json_pack("{s:i}", "total_wh", 5));
	save(&r, 3000, 0, json_pack("{s:i}", "total_wh", 6));
	v = finish(&r);
	expect_held(v);
	json_decref(v);
}

Test(check, counter_monotonic_ignores_a_decrease_in_a_failed_save)
{
	/* A save that returned an error persisted nothing; the next good save
	 * is compared with the last good one, not with the failed one. */
	struct run r;
	json_t *v;

	start(&r, "counter-monotonic:total_wh");
	save(&r, 1000, 0, json_pack("{s:i}", "total_wh", 10));
	save(&r, 2000, -EIO, json_pack("{s:i}", "total_wh", 2));
	save(&r, 3000, -ENOSPC, json_pack("{s:i}", "total_wh", 50));
	save(&r, 4000, 0, json_pack("{s:i}", "total_wh", 11));
	v = finish(&r);
	expect_held(v);
	json_decref(v);
}

Test(check, counter_monotonic_skips_saved_tables_without_the_field)
{
	struct run r;
	json_t *v;

	start(&r, "counter-monotonic:total_wh");
	save(&r, 1000, 0, json_pack("{s:i}", "total_wh", 10));
	save(&r, 2000, 0, json_pack("{s:i}", "other", 0));
	save(&r, 3000, 0, json_object());
	save(&r, 4000, 0, json_pack("{s:s}", "total_wh", "not a number"));
	save(&r, 5000, 0, json_pack("{s:i}", "total_wh", 10));
	v = finish(&r);
	expect_held(v);
	json_decref(v);
}

Test(check, counter_monotonic_fails_when_the_counter_is_never_seen)
{
	struct run r;
	const char *msg;
	json_t *v;

	start(&r, "counter-monotonic:total_wh");
	observe(&r, 1, "agent", 1, "total_wh_today", INT(1));
	observe(&r, 2, "device", 1, "total", INT(1));
	save(&r, 3, 0, json_pack("{s:i}", "total", 1));
	save(&r, 4, 0, json_pack("{s:{s:i}}", "nested", "total_wh", 1));
	/* A failed save persisted nothing, so it does not count as seen. */
	save(&r, 5, -EIO, json_pack("{s:i}", "total_wh", 1));
	feed(&r, 6, "proc.exit", json_pack("{s:s, s:i, s:s}", "proc", "agent", "inc", 1, "how",
					   "stopped"));
	v = finish(&r);
	cr_assert(json_is_false(json_object_get(v, "ok")));
	cr_assert(json_is_null(json_object_get(v, "first_violation")),
		  "a counter never seen has no violating event");
	cr_assert(json_is_true(json_object_get(v, "unobserved")),
		  "a counter never seen is marked \"unobserved\" for shrinking");
	msg = json_string_value(json_object_get(v, "message"));
	cr_assert_not_null(msg);
	expect_mentions(msg, "'total_wh'");
	expect_mentions(msg, "no value named");
	expect_mentions(msg, "ever observed or saved");
	json_decref(v);
}

Test(check, counter_monotonic_fails_on_an_empty_trace)
{
	struct run r;
	json_t *v;

	start(&r, "counter-monotonic:total_wh");
	v = finish(&r);
	cr_assert(json_is_false(json_object_get(v, "ok")));
	expect_mentions(json_string_value(json_object_get(v, "message")),
			"ever observed or saved");
	json_decref(v);
}

Test(check, counter_monotonic_keeps_agent_and_device_series_apart)
{
	/* Interleaved, the two sides' values go up and down; each side alone
	 * only goes up. */
	struct run r;
	json_t *v;

	start(&r, "counter-monotonic:total_wh");
	observe(&r, 1, "agent", 1, "total_wh", INT(100));
	observe(&r, 2, "device", 1, "total_wh", INT(5));
	observe(&r, 3, "agent", 1, "total_wh", INT(101));
	observe(&r, 4, "device", 1, "total_wh", INT(6));
	v = finish(&r);
	expect_held(v);
	json_decref(v);
}

Test(check, counter_monotonic_fails_on_a_device_side_decrease)
{
	struct run r;
	uint64_t bad;
	const char *msg;
	json_t *v;

	start(&r, "counter-monotonic:total_wh");
	observe(&r, 1, "device", 1, "total_wh", INT(6160));
	observe(&r, 2, "agent", 1, "total_wh", INT(10));
	observe(&r, 3, "agent", 1, "total_wh", INT(20));
	bad = observe(&r, 4, "device", 1, "total_wh", INT(6159));
	v = finish(&r);
	msg = expect_violation_at(v, bad, 4);
	expect_mentions(msg, "device");
	expect_mentions(msg, "6160");
	expect_mentions(msg, "6159");
	json_decref(v);
}

Test(check, counter_monotonic_keeps_observed_and_persisted_series_apart)
{
	struct run r;
	json_t *v;

	start(&r, "counter-monotonic:total_wh");
	observe(&r, 1, "agent", 1, "total_wh", INT(100));
	save(&r, 2, 0, json_pack("{s:i}", "total_wh", 90));
	observe(&r, 3, "agent", 1, "total_wh", INT(101));
	save(&r, 4, 0, json_pack("{s:i}", "total_wh", 91));
	v = finish(&r);
	expect_held(v);
	json_decref(v);
}

/* ---- counter-monotonic:NAME/EPOCH ---- */

Test(check, counter_epoch_allows_an_observed_decrease_when_the_epoch_changed)
{
	struct run r;
	json_t *v;

	start(&r, "counter-monotonic:today_wh/day");
	observe(&r, 1, "agent", 1, "day", INT(1));
	observe(&r, 2, "agent", 1, "today_wh", INT(40));
	observe(&r, 3, "agent", 1, "day", INT(2));
	observe(&r, 4, "agent", 1, "today_wh", INT(0));
	observe(&r, 5, "agent", 1, "today_wh", INT(7));
	v = finish(&r);
	expect_held(v);
	json_decref(v);
}

Test(check, counter_epoch_rejects_an_observed_decrease_when_the_epoch_is_unchanged)
{
	struct run r;
	uint64_t bad;
	const char *msg;
	json_t *v;

	start(&r, "counter-monotonic:today_wh/day");
	observe(&r, 1, "agent", 1, "day", INT(1));
	observe(&r, 2, "agent", 1, "today_wh", INT(40));
	observe(&r, 3, "agent", 1, "day", INT(1));	/* re-reported, same value */
	bad = observe(&r, 4, "agent", 1, "today_wh", INT(39));
	v = finish(&r);
	msg = expect_violation_at(v, bad, 4);
	expect_mentions(msg, "40");
	expect_mentions(msg, "39");
	expect_mentions(msg, "epoch unchanged");
	json_decref(v);
}

Test(check, counter_epoch_rejects_a_second_decrease_within_the_new_epoch)
{
	/* The epoch change excuses one reset, after which the new epoch's
	 * value is the one to beat. */
	struct run r;
	uint64_t bad;
	json_t *v;

	start(&r, "counter-monotonic:today_wh/day");
	observe(&r, 1, "agent", 1, "day", INT(1));
	observe(&r, 2, "agent", 1, "today_wh", INT(40));
	observe(&r, 3, "agent", 1, "day", INT(2));
	observe(&r, 4, "agent", 1, "today_wh", INT(5));
	bad = observe(&r, 5, "agent", 1, "today_wh", INT(4));
	v = finish(&r);
	expect_violation_at(v, bad, 5);
	json_decref(v);
}

Test(check, counter_epoch_of_one_side_does_not_excuse_the_other)
{
	struct run r;
	uint64_t bad;
	json_t *v;

	start(&r, "counter-monotonic:today_wh/day");
	observe(&r, 1, "agent", 1, "day", INT(1));
	observe(&r, 2, "agent", 1, "today_wh", INT(40));
	observe(&r, 3, "device", 1, "day", INT(2));
	bad = observe(&r, 4, "agent", 1, "today_wh", INT(0));
	v = finish(&r);
	expect_violation_at(v, bad, 4);
	json_decref(v);
}

Test(check, counter_epoch_allows_a_persisted_decrease_when_the_epoch_changed)
{
	struct run r;
	json_t *v;

	start(&r, "counter-monotonic:today_wh/day");
	save(&r, 1, 0, json_pack("{s:s, s:i}", "day", "2024-03-01", "today_wh", 40));
	save(&r, 2, 0, json_pack("{s:s, s:i}", "day", "2024-03-02", "today_wh", 1));
	v = finish(&r);
	expect_held(v);
	json_decref(v);
}

Test(check, counter_epoch_rejects_a_persisted_decrease_when_the_epoch_is_unchanged)
{
	struct run r;
	uint64_t bad;
	const char *msg;
	json_t *v;

	start(&r, "counter-monotonic:today_wh/day");
	save(&r, 1, 0, json_pack("{s:s, s:i}", "day", "2024-03-01", "today_wh", 40));
	bad = save(&r, 2, 0, json_pack("{s:s, s:i}", "day", "2024-03-01", "today_wh", 1));
	v = finish(&r);
	msg = expect_violation_at(v, bad, 2);
	expect_mentions(msg, "epoch unchanged");
	json_decref(v);
}

/* ---- no-missing-handler ---- */

Test(check, no_missing_handler_fails_on_a_message_without_handler)
{
	struct run r;
	uint64_t bad;
	const char *msg;
	json_t *v;

	start(&r, "no-missing-handler");
	observe(&r, 1, "agent", 1, "x", INT(1));
	bad = feed(&r, 5000000, "msg.nohandler",
		   json_pack("{s:s, s:i, s:i, s:s}", "to", "device", "inc", 1, "id", 7, "name",
			     "set_rate"));
	feed(&r, 6000000, "msg.nohandler",
	     json_pack("{s:s, s:i, s:i, s:s}", "to", "agent", "inc", 1, "id", 8, "name",
		       "later_one"));
	v = finish(&r);
	msg = expect_violation_at(v, bad, 5000000);
	expect_mentions(msg, "'set_rate'");
	expect_mentions(msg, "device");
	json_decref(v);
}

Test(check, no_missing_handler_holds_when_every_message_has_a_handler)
{
	struct run r;
	json_t *v;

	start(&r, "no-missing-handler");
	feed(&r, 1, "msg.send", json_pack("{s:s, s:i, s:s}", "to", "device", "id", 1, "name",
					  "set_rate"));
	feed(&r, 2, "msg.recv", json_pack("{s:s, s:i, s:s}", "to", "device", "id", 1, "name",
					  "set_rate"));
	observe(&r, 3, "agent", 1, "total_wh", INT(1));
	feed(&r, 4, "proc.exit", json_pack("{s:s, s:i, s:s}", "proc", "agent", "inc", 1, "how",
					   "hung"));
	v = finish(&r);
	expect_held(v);
	json_decref(v);
}

/* ---- no-hang ---- */

Test(check, no_hang_fails_when_a_process_hung)
{
	struct run r;
	uint64_t bad;
	const char *msg;
	json_t *v;

	start(&r, "no-hang");
	feed(&r, 10, "proc.exit", json_pack("{s:s, s:i, s:s}", "proc", "agent", "inc", 1, "how",
					    "crashed"));
	bad = feed(&r, 20, "proc.exit", json_pack("{s:s, s:i, s:s}", "proc", "device", "inc",
						  1, "how", "hung"));
	v = finish(&r);
	msg = expect_violation_at(v, bad, 20);
	expect_mentions(msg, "device");
	json_decref(v);
}

Test(check, no_hang_holds_for_every_other_way_of_exiting)
{
	static const char *const hows[] = { "crashed", "restart", "stopped", "killed" };
	struct run r;
	json_t *v;

	start(&r, "no-hang");
	for (int i = 0; i < 4; i++)
		feed(&r, i, "proc.exit", json_pack("{s:s, s:i, s:s}", "proc", "agent", "inc", i + 1,
						   "how", hows[i]));
	feed(&r, 9, "proc.exit", json_pack("{s:s, s:i}", "proc", "agent", "inc", 9));
	feed(&r, 10, "msg.nohandler", json_pack("{s:s, s:i, s:s}", "to", "agent", "inc", 1,
						"name", "x"));
	v = finish(&r);
	expect_held(v);
	json_decref(v);
}

/* ---- several checks at once, and the trace as their source ---- */

Test(check, verdicts_come_in_spec_order_named_by_spec)
{
	const char *specs[] = { "no-hang", "counter-monotonic:total_wh", "no-missing-handler" };
	struct check_set *s = NULL;
	char err[256] = "";
	json_t *all;

	cr_assert_eq(check_set_new(&s, specs, 3, err, sizeof(err)), 0, "%s", err);
	all = check_set_finish(s);
	cr_assert_eq(json_array_size(all), 3);
	for (size_t i = 0; i < 3; i++)
		cr_assert_str_eq(json_string_value(json_object_get(json_array_get(all, i),
								   "invariant")),
				 specs[i]);
	/* Only the counter, never seen, fails. */
	cr_assert(json_is_true(json_object_get(json_array_get(all, 0), "ok")));
	cr_assert(json_is_false(json_object_get(json_array_get(all, 1), "ok")));
	cr_assert(json_is_true(json_object_get(json_array_get(all, 2), "ok")));
	json_decref(all);
	check_set_free(s);
}

Test(check, empty_set_gives_no_verdicts)
{
	struct check_set *s = NULL;
	char err[64] = "";
	json_t *all;

	cr_assert_eq(check_set_new(&s, NULL, 0, err, sizeof(err)), 0, "%s", err);
	all = check_set_finish(s);
	cr_assert(json_is_array(all));
	cr_assert_eq(json_array_size(all), 0);
	json_decref(all);
	check_set_free(s);
	check_set_free(NULL);
}

static void to_checks(const struct trace_event *e, void *ud)
{
	check_set_trace_event(ud, e);
}

Test(check, checks_events_as_the_trace_writer_emits_them)
{
	const char *specs[] = { "counter-monotonic:total_wh", "no-hang" };
	struct check_set *s = NULL;
	struct trace *tr = NULL;
	char err[256] = "";
	json_t *all, *first;
	uint64_t bad;

	cr_assert_eq(check_set_new(&s, specs, 2, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(trace_open(&tr, NULL), 0);
	trace_set_sink(tr, to_checks, s, 0);
	trace_emit(tr, 0, "run.start", NULL);
	trace_emit(tr, 1000, "observe",
		   json_pack("{s:s, s:i, s:s, s:i}", "proc", "agent", "inc", 1, "name", "total_wh",
			     "value", 8));
	bad = trace_emit(tr, 2000, "store.save",
			 json_pack("{s:i, s:i, s:{s:i}}", "inc", 1, "rc", 0, "table", "total_wh",
				   7));
	trace_emit(tr, 2500, "store.save",
		   json_pack("{s:i, s:i, s:{s:i}}", "inc", 1, "rc", 0, "table", "total_wh", 6));
	cr_assert_eq(trace_close(tr), 0);
	all = check_set_finish(s);
	/* Observed 8 then persisted 7 is fine (separate series); persisted 7
	 * then 6 is not. */
	first = json_object_get(json_array_get(all, 0), "first_violation");
	cr_assert(json_is_object(first), "%s",
		  json_string_value(json_object_get(json_array_get(all, 0), "message")));
	cr_assert_eq(json_integer_value(json_object_get(first, "seq")), (json_int_t)bad + 1);
	cr_assert_eq(json_integer_value(json_object_get(first, "t")), 2500);
	cr_assert(json_is_true(json_object_get(json_array_get(all, 1), "ok")));
	json_decref(all);
	check_set_free(s);
}

/* ---- check_set_new refusals ---- */

static void expect_refused(const char *const *specs, size_t n, const char *want1,
			   const char *want2)
{
	struct check_set *s = NULL;
	char err[256] = "";
	int rc = check_set_new(&s, specs, n, err, sizeof(err));

	cr_assert_eq(rc, -EINVAL, "specs starting '%s': rc %d, want -EINVAL", specs[0], rc);
	cr_assert_null(s, "a refused set was returned");
	expect_mentions(err, want1);
	if (want2)
		expect_mentions(err, want2);
}

Test(check, refuses_an_unknown_invariant_naming_it_and_the_catalogue_command)
{
	const char *specs[] = { "no-hangs" };
	const char *with_arg[] = { "counter-monotone:total_wh" };

	expect_refused(specs, 1, "no-hangs", "impchaos invariants");
	expect_refused(with_arg, 1, "counter-monotone", "impchaos invariants");
}

Test(check, refuses_counter_monotonic_without_an_argument)
{
	const char *specs[] = { "counter-monotonic" };

	expect_refused(specs, 1, "counter-monotonic:NAME", "argument");
}

Test(check, refuses_an_argument_to_checks_that_take_none)
{
	const char *nmh[] = { "no-missing-handler:set_rate" };
	const char *hang[] = { "no-hang:agent" };

	expect_refused(nmh, 1, "no-missing-handler", "no argument");
	expect_refused(hang, 1, "no-hang", "no argument");
}

Test(check, refuses_the_same_spec_twice)
{
	const char *plain[] = { "no-hang", "no-missing-handler", "no-hang" };
	const char *counter[] = { "counter-monotonic:total_wh", "counter-monotonic:total_wh" };

	expect_refused(plain, 3, "'no-hang'", "twice");
	expect_refused(counter, 2, "'counter-monotonic:total_wh'", "twice");
}

Test(check, accepts_one_checker_with_different_arguments)
{
	const char *specs[] = { "counter-monotonic:total_wh", "counter-monotonic:today_wh/day" };
	struct check_set *s = NULL;
	char err[256] = "";

	cr_assert_eq(check_set_new(&s, specs, 2, err, sizeof(err)), 0, "%s", err);
	check_set_free(s);
}

Test(check, refuses_malformed_counter_monotonic_arguments)
{
	static const char *const bad[] = {
		"counter-monotonic:/x", "counter-monotonic:", "counter-monotonic:total_wh/",
		"counter-monotonic:/",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_refused(&bad[i], 1, bad[i], "counter-monotonic:NAME");
}

Test(check, refusal_of_a_later_spec_frees_the_earlier_ones)
{
	/* Valgrind's leak check is what makes this test bite. */
	const char *specs[] = { "no-hang", "counter-monotonic:total_wh/day", "bogus" };

	expect_refused(specs, 3, "bogus", NULL);
}

Test(check, catalog_lists_every_checker)
{
	static const char *const want[] = { "counter-monotonic", "counter-exact", "no-missing-handler", "no-hang",
					    "no-target-crash", "persist-roundtrip", "memcheck-clean", "liveness",
					    "no-target-error", "single-agent", "http-read-your-writes",
					    "http-answered", "no-crash-loop", "no-oom" };
	const size_t nwant = sizeof(want) / sizeof(want[0]);
	const struct check_info *cat = check_catalog();
	size_t n = 0;

	cr_assert_not_null(cat);
	for (; cat[n].name; n++) {
		cr_assert_not_null(cat[n].usage);
		cr_assert_eq(strncmp(cat[n].usage, cat[n].name, strlen(cat[n].name)), 0,
			     "usage '%s' does not start with '%s'", cat[n].usage, cat[n].name);
		cr_assert(cat[n].desc && cat[n].desc[0], "'%s' has no description", cat[n].name);
	}
	cr_assert_eq(n, nwant, "catalogue has %zu entries", n);
	for (size_t i = 0; i < nwant; i++) {
		int found = 0;

		for (size_t j = 0; j < n; j++)
			found |= !strcmp(cat[j].name, want[i]);
		cr_assert(found, "'%s' missing from the catalogue", want[i]);
	}
}

/* ---- persist-roundtrip ---- */

static void feed_json(struct check_set *set, const char *json)
{
	json_error_t jerr;
	json_t *ev = json_loads(json, 0, &jerr);

	cr_assert_not_null(ev, "bad test event %s: %s", json, jerr.text);
	check_set_event(set, ev);
	json_decref(ev);
}

static int roundtrip_holds(const char *const *events, size_t n)
{
	const char *spec = "persist-roundtrip";
	struct check_set *set;
	char err[256];
	json_t *v;
	size_t i;
	int ok;

	cr_assert_eq(check_set_new(&set, &spec, 1, err, sizeof(err)), 0, "%s", err);
	for (i = 0; i < n; i++)
		feed_json(set, events[i]);
	v = check_set_finish(set);
	ok = json_is_true(json_object_get(json_array_get(v, 0), "ok"));
	json_decref(v);
	check_set_free(set);
	return ok;
}

#define EVENTS(...) ((const char *const[]){ __VA_ARGS__ }), \
	sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *)

Test(check, persist_roundtrip_holds_when_load_returns_the_last_saved_table)
{
	cr_expect(roundtrip_holds(EVENTS(
		"{\"seq\":0,\"t\":0,\"ev\":\"store.load\",\"inc\":1,\"table\":{}}",
		"{\"seq\":1,\"t\":1,\"ev\":\"store.begin\",\"inc\":1,\"table\":{\"a\":1}}",
		"{\"seq\":2,\"t\":1,\"ev\":\"store.save\",\"inc\":1,\"rc\":0,\"table\":{\"a\":1}}",
		"{\"seq\":3,\"t\":2,\"ev\":\"store.begin\",\"inc\":1,\"table\":{\"a\":2}}",
		"{\"seq\":4,\"t\":2,\"ev\":\"store.save\",\"inc\":1,\"rc\":-5,\"table\":{\"a\":2}}",
		"{\"seq\":5,\"t\":3,\"ev\":\"store.load\",\"inc\":1,\"table\":{\"a\":1}}")));
}

Test(check, persist_roundtrip_fails_on_a_table_older_than_the_last_save)
{
	cr_expect_not(roundtrip_holds(EVENTS(
		"{\"seq\":1,\"t\":1,\"ev\":\"store.save\",\"inc\":1,\"rc\":0,\"table\":{\"a\":1}}",
		"{\"seq\":2,\"t\":2,\"ev\":\"store.save\",\"inc\":1,\"rc\":0,\"table\":{\"a\":2}}",
		"{\"seq\":3,\"t\":3,\"ev\":\"store.load\",\"inc\":2,\"table\":{\"a\":1}}")));
}

Test(check, persist_roundtrip_fails_on_an_empty_table_after_a_save)
{
	cr_expect_not(roundtrip_holds(EVENTS(
		"{\"seq\":1,\"t\":1,\"ev\":\"store.save\",\"inc\":1,\"rc\":0,\"table\":{\"a\":1}}",
		"{\"seq\":3,\"t\":3,\"ev\":\"store.load\",\"inc\":2,\"table\":{}}")));
}

Test(check, persist_roundtrip_accepts_either_table_after_death_inside_a_save)
{
	static const char *const prefix[] = {
		"{\"seq\":1,\"t\":1,\"ev\":\"store.save\",\"inc\":1,\"rc\":0,\"table\":{\"a\":1}}",
		"{\"seq\":2,\"t\":2,\"ev\":\"store.begin\",\"inc\":1,\"table\":{\"a\":2}}",
		"{\"seq\":3,\"t\":2,\"ev\":\"proc.exit\",\"proc\":\"agent\",\"inc\":1,\"how\":\"crash-point\"}",
	};

	cr_expect(roundtrip_holds(EVENTS(prefix[0], prefix[1], prefix[2],
		"{\"seq\":4,\"t\":3,\"ev\":\"store.load\",\"inc\":2,\"table\":{\"a\":1}}")));
	cr_expect(roundtrip_holds(EVENTS(prefix[0], prefix[1], prefix[2],
		"{\"seq\":4,\"t\":3,\"ev\":\"store.load\",\"inc\":2,\"table\":{\"a\":2}}")));
	/* Whichever it returned is the content from then on. */
	cr_expect_not(roundtrip_holds(EVENTS(prefix[0], prefix[1], prefix[2],
		"{\"seq\":4,\"t\":3,\"ev\":\"store.load\",\"inc\":2,\"table\":{\"a\":2}}",
		"{\"seq\":5,\"t\":4,\"ev\":\"store.load\",\"inc\":2,\"table\":{\"a\":1}}")));
	/* Without the death, the in-flight table is no excuse. */
	cr_expect_not(roundtrip_holds(EVENTS(prefix[0], prefix[1],
		"{\"seq\":4,\"t\":3,\"ev\":\"store.load\",\"inc\":1,\"table\":{\"a\":2}}")));
}

/* ---- liveness ---- */

static int holds(const char *spec, const char *const *events, size_t n)
{
	struct check_set *set;
	char err[256];
	json_t *v;
	size_t i;
	int ok;

	cr_assert_eq(check_set_new(&set, &spec, 1, err, sizeof(err)), 0, "%s", err);
	for (i = 0; i < n; i++)
		feed_json(set, events[i]);
	v = check_set_finish(set);
	ok = json_is_true(json_object_get(json_array_get(v, 0), "ok"));
	json_decref(v);
	check_set_free(set);
	return ok;
}


Test(check, liveness_holds_while_the_message_keeps_coming)
{
	cr_expect(holds("liveness:temps,31m", EVENTS(
		"{\"seq\":0,\"t\":0,\"ev\":\"link.up\"}",
		"{\"seq\":1,\"t\":60000000,\"ev\":\"msg.deliver\",\"to\":\"device\",\"name\":\"temps\"}",
		"{\"seq\":2,\"t\":1860000000,\"ev\":\"msg.deliver\",\"to\":\"device\",\"name\":\"temps\"}",
		"{\"seq\":3,\"t\":3660000000,\"ev\":\"msg.deliver\",\"to\":\"device\",\"name\":\"temps\"}",
		"{\"seq\":4,\"t\":3700000000,\"ev\":\"run.end\"}")));
}

Test(check, liveness_fails_when_the_flow_stops_after_a_restart)
{
	cr_expect_not(holds("liveness:temps,31m", EVENTS(
		"{\"seq\":0,\"t\":0,\"ev\":\"link.up\"}",
		"{\"seq\":1,\"t\":60000000,\"ev\":\"msg.deliver\",\"to\":\"device\",\"name\":\"temps\"}",
		"{\"seq\":2,\"t\":600000000,\"ev\":\"proc.exit\",\"proc\":\"agent\"}",
		"{\"seq\":3,\"t\":605000000,\"ev\":\"proc.start\",\"proc\":\"agent\"}",
		"{\"seq\":4,\"t\":9000000000,\"ev\":\"run.end\"}")));
}

Test(check, liveness_does_not_count_a_message_the_device_had_no_handler_for)
{
	/* The same flow, once with the handler missing at 31m: only then is
	 * the next 31 minutes a gap. */
	cr_expect(holds("liveness:temps,31m", EVENTS(
		"{\"seq\":0,\"t\":0,\"ev\":\"link.up\"}",
		"{\"seq\":1,\"t\":60000000,\"ev\":\"msg.deliver\",\"id\":1,\"to\":\"device\",\"name\":\"temps\"}",
		"{\"seq\":2,\"t\":1860000000,\"ev\":\"msg.deliver\",\"id\":2,\"to\":\"device\",\"name\":\"temps\"}",
		"{\"seq\":3,\"t\":3660000000,\"ev\":\"run.end\"}")));
	cr_expect_not(holds("liveness:temps,31m", EVENTS(
		"{\"seq\":0,\"t\":0,\"ev\":\"link.up\"}",
		"{\"seq\":1,\"t\":60000000,\"ev\":\"msg.deliver\",\"id\":1,\"to\":\"device\",\"name\":\"temps\"}",
		"{\"seq\":2,\"t\":1860000000,\"ev\":\"msg.deliver\",\"id\":2,\"to\":\"device\",\"name\":\"temps\"}",
		"{\"seq\":3,\"t\":1860000000,\"ev\":\"msg.nohandler\",\"id\":2,\"to\":\"device\",\"name\":\"temps\"}",
		"{\"seq\":4,\"t\":3660000000,\"ev\":\"run.end\"}")));
}

Test(check, liveness_asks_nothing_of_an_offline_device)
{
	cr_expect(holds("liveness:temps,31m", EVENTS(
		"{\"seq\":0,\"t\":0,\"ev\":\"link.up\"}",
		"{\"seq\":1,\"t\":60000000,\"ev\":\"msg.deliver\",\"to\":\"device\",\"name\":\"temps\"}",
		"{\"seq\":2,\"t\":120000000,\"ev\":\"link.down\"}",
		"{\"seq\":3,\"t\":9000000000,\"ev\":\"run.end\"}")));
}

Test(check, liveness_refuses_a_malformed_argument)
{
	const char *specs[] = { "liveness:temps" };
	struct check_set *set;
	char err[256];

	cr_expect_eq(check_set_new(&set, specs, 1, err, sizeof(err)), -EINVAL);
	cr_expect(strstr(err, "liveness:MSG,GAP"), "%s", err);
}

/* ---- no-target-error ---- */

Test(check, no_target_error_fails_on_a_target_error_line)
{
	cr_expect_not(holds("no-target-error", EVENTS(
		"{\"seq\":0,\"t\":0,\"ev\":\"log\",\"proc\":\"agent\",\"inc\":1,\"level\":\"log\",\"text\":\"hi\"}",
		"{\"seq\":1,\"t\":5,\"ev\":\"log\",\"proc\":\"agent\",\"inc\":1,\"level\":\"error\",\"text\":\"bad format\"}")));
}

Test(check, no_target_error_ignores_plain_logs_and_platform_errors)
{
	cr_expect(holds("no-target-error", EVENTS(
		"{\"seq\":0,\"t\":0,\"ev\":\"log\",\"proc\":\"agent\",\"inc\":1,\"level\":\"log\",\"text\":\"hi\"}",
		"{\"seq\":1,\"t\":5,\"ev\":\"log\",\"proc\":\"device\",\"inc\":1,\"level\":\"error\",\"source\":\"platform\",\"text\":\"ERROR: no handler for device.send()\"}")));
}

/* ---- single-agent (harness/checks/checks_agents.c) ---- */

/* A proc.start of agent incarnation inc on server. */
static uint64_t agent_start(struct run *r, int64_t t, int inc, const char *server)
{
	return feed(r, t, "proc.start", json_pack("{s:s, s:i, s:s}", "proc", "agent", "inc", inc,
						  "server", server));
}

static uint64_t proc_exit(struct run *r, int64_t t, const char *proc, int inc, const char *how)
{
	return feed(r, t, "proc.exit", json_pack("{s:s, s:i, s:s}", "proc", proc, "inc", inc,
						 "how", how));
}

Test(check, single_agent_fails_when_a_second_agent_starts_before_the_first_exits)
{
	struct run r;
	uint64_t bad;
	const char *msg;
	json_t *v;

	start(&r, "single-agent");
	agent_start(&r, 0, 1, "imp01");
	feed(&r, 0, "proc.start", json_pack("{s:s, s:i}", "proc", "device", "inc", 1));
	feed(&r, 300000000, "agent.stale", json_pack("{s:s, s:i, s:s}", "proc", "agent", "inc", 1,
						     "server", "imp01"));
	bad = agent_start(&r, 302000000, 2, "imp03");
	proc_exit(&r, 900000000, "agent", 1, "duplicate-stopped");
	/* Later restarts are clean, but the first violation stays. */
	proc_exit(&r, 1000000000, "agent", 2, "stopped");
	agent_start(&r, 1002000000, 3, "imp03");
	v = finish(&r);
	msg = expect_violation_at(v, bad, 302000000);
	expect_mentions(msg, "incarnation 2 started on imp03 at 00:05:02");
	expect_mentions(msg, "incarnation 1 (started on imp01 at 00:00:00");
	expect_mentions(msg, "two live agents");
	json_decref(v);
}

Test(check, single_agent_fails_when_the_stale_instance_outlives_a_restart_of_the_new_one)
{
	struct run r;
	uint64_t bad;
	json_t *v;

	/* 1 is left running; 2 starts (first violation); 2 crashes and 3
	 * starts while 1 still runs: the report stays at the first moment. */
	start(&r, "single-agent");
	agent_start(&r, 0, 1, "imp02");
	bad = agent_start(&r, 10, 2, "imp04");
	proc_exit(&r, 20, "agent", 2, "killed");
	agent_start(&r, 30, 3, "imp04");
	v = finish(&r);
	expect_violation_at(v, bad, 10);
	json_decref(v);
}

Test(check, single_agent_holds_through_restarts_crashes_and_migrations)
{
	static const char *const hows[] = { "stopped", "killed", "migrated", "crashed", "oom",
					    "restart", "hung" };
	static const char *const servers[] = { "imp01", "imp02", "imp03", "imp04" };
	struct run r;
	json_t *v;
	int64_t t = 0;

	start(&r, "single-agent");
	agent_start(&r, t, 1, servers[0]);
	feed(&r, t, "proc.start", json_pack("{s:s, s:i}", "proc", "device", "inc", 1));
	for (int i = 0; i < 7; i++) {
		/* The old instance exits before the new one starts, at the same
		 * microsecond for a zero outage. */
		t += 60000000;
		proc_exit(&r, t, "agent", i + 1, hows[i]);
		if (i % 2)
			t += 1500000;
		agent_start(&r, t, i + 2, servers[(i + 1) % 4]);
		/* Device reboots in between count for nothing. */
		proc_exit(&r, t + 5, "device", i + 1, "crashed");
		feed(&r, t + 6, "proc.start", json_pack("{s:s, s:i}", "proc", "device", "inc", i + 2));
	}
	proc_exit(&r, t + 10, "agent", 8, "stopped");
	v = finish(&r);
	expect_held(v);
	json_decref(v);
}

Test(check, single_agent_holds_for_a_duplicate_stopped_before_the_new_instance_starts)
{
	struct run r;
	json_t *v;

	/* A stale instance that the cloud stops during the outage never
	 * overlaps the new one. */
	start(&r, "single-agent");
	agent_start(&r, 0, 1, "imp01");
	feed(&r, 100, "agent.stale", json_pack("{s:s, s:i, s:s}", "proc", "agent", "inc", 1,
					       "server", "imp01"));
	proc_exit(&r, 200, "agent", 1, "duplicate-stopped");
	agent_start(&r, 300, 2, "imp02");
	v = finish(&r);
	expect_held(v);
	json_decref(v);
}

/* ---- the trace writer's parts against whole lines ----
 *
 * A run feeds its checkers each event's parts (seq, t, ev and the
 * fields, no object of the line); a saved trace is fed as whole lines.
 * Both must give the same verdicts, messages and first violations, for
 * every checker and every event kind a checker tests for. */

static void to_checks_whole(const struct trace_event *e, void *ud)
{
	check_set_event(ud, e->line);
}

/* Events that break every invariant below once, plus one whose fields
 * name a line member ("ev"), emitted into tr. */
static void emit_breaking_trace(struct trace *tr)
{
	trace_emit(tr, 0, "run.start", NULL);
	trace_emit(tr, 1, "proc.start", json_pack("{s:s, s:i, s:s}", "proc", "agent", "inc", 1,
						  "server", "imp01"));
	trace_emit(tr, 2, "proc.start", json_pack("{s:s, s:i}", "proc", "device", "inc", 1));
	trace_emit(tr, 3, "link.up", NULL);
	trace_emit(tr, 4, "sensor.read", json_pack("{s:s, s:i, s:s, s:f}", "proc", "device", "inc", 1,
						   "sensor", "pin1", "value", 5.0));
	trace_emit(tr, 5, "observe", json_pack("{s:s, s:i, s:s, s:i}", "proc", "agent", "inc", 1,
					       "name", "day", "value", 1));
	trace_emit(tr, 6, "observe", json_pack("{s:s, s:i, s:s, s:f}", "proc", "agent", "inc", 1,
					       "name", "total_wh", "value", 9.0));
	trace_emit(tr, 7, "store.begin", json_pack("{s:i, s:{s:i}}", "inc", 1, "table", "total_wh", 3));
	trace_emit(tr, 8, "store.save", json_pack("{s:i, s:i, s:{s:i, s:i}}", "inc", 1, "rc", 0,
						  "table", "total_wh", 3, "day", 1));
	trace_emit(tr, 9, "store.save", json_pack("{s:i, s:i, s:{s:i, s:i}}", "inc", 1, "rc", 0,
						  "table", "total_wh", 2, "day", 1));
	trace_emit(tr, 10, "msg.deliver", json_pack("{s:i, s:s, s:s, s:i}", "id", 7, "name", "temps",
						    "to", "device", "inc", 1));
	trace_emit(tr, 11, "msg.nohandler", json_pack("{s:s, s:i, s:i, s:s}", "to", "device", "inc", 1,
						      "id", 7, "name", "temps"));
	trace_emit(tr, 12, "log", json_pack("{s:s, s:i, s:s, s:s}", "proc", "agent", "inc", 1,
					    "level", "error", "text", "boom"));
	trace_emit(tr, 13, "http.request", json_pack("{s:i, s:s, s:s, s:{s:i}}", "id", 1, "method",
						     "PUT", "path", "/x", "body", "a", 1));
	trace_emit(tr, 14, "http.response", json_pack("{s:i, s:i, s:s}", "id", 1, "status", 200,
						      "by", "agent"));
	trace_emit(tr, 15, "http.request", json_pack("{s:i, s:s, s:s}", "id", 2, "method", "GET",
						     "path", "/x"));
	trace_emit(tr, 16, "http.response", json_pack("{s:i, s:i, s:s}", "id", 2, "status", 404,
						      "by", "agent"));
	trace_emit(tr, 17, "http.response", json_pack("{s:i, s:i, s:s, s:s, s:s, s:s, s:i}", "id", 3,
						      "status", 504, "by", "platform", "why",
						      "timeout", "method", "GET", "path", "/y",
						      "after_us", 1000));
	trace_emit(tr, 18, "proc.start", json_pack("{s:s, s:i}", "proc", "agent", "inc", 2));
	trace_emit(tr, 19, "fault.fire", json_pack("{s:s, s:i, s:s, s:s, s:i, s:i}", "proc", "device",
						   "inc", 1, "name", "memory-quota", "action", "oom",
						   "used", 100, "quota", 50));
	trace_emit(tr, 20, "proc.exit", json_pack("{s:s, s:i, s:s}", "proc", "device", "inc", 1,
						  "how", "oom"));
	trace_emit(tr, 21, "store.load", json_pack("{s:i, s:{s:i}}", "inc", 2, "table", "total_wh", 1));
	trace_emit(tr, 22, "proc.exit", json_pack("{s:s, s:i, s:s, s:s}", "proc", "agent", "inc", 1,
						  "how", "crashed", "signal", "SEGV"));
	trace_emit(tr, 23, "proc.exit", json_pack("{s:s, s:i, s:s, s:{s:s, s:s}}", "proc", "agent",
						  "inc", 2, "how", "hung", "memcheck", "kind",
						  "InvalidRead", "at", "f"));
	trace_emit(tr, 24, "renamed", json_pack("{s:s, s:s, s:i, s:s, s:f}", "ev", "observe", "proc",
						"agent", "inc", 2, "name", "total_wh", "value", 1.0));
	trace_emit(tr, 3600000000LL, "run.end", NULL);
}

Test(check, the_parts_of_a_trace_event_and_its_whole_line_get_the_same_verdicts)
{
	const char *specs[] = {
		"counter-monotonic:total_wh/day", "counter-exact:total_wh,pin1",
		"no-missing-handler", "no-hang", "no-target-crash", "persist-roundtrip",
		"memcheck-clean", "liveness:temps,10m", "no-target-error", "single-agent",
		"http-read-your-writes:/x", "http-answered", "no-crash-loop:0,1h", "no-oom",
	};
	size_t n = sizeof(specs) / sizeof(specs[0]), i, failed = 0;
	struct check_set *parts = NULL, *whole = NULL;
	struct trace *tp = NULL, *tw = NULL;
	char err[256] = "", *dp, *dw;
	json_t *vp, *vw;

	cr_assert_eq(check_set_new(&parts, specs, n, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(check_set_new(&whole, specs, n, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(trace_open(&tp, NULL), 0);
	cr_assert_eq(trace_open(&tw, NULL), 0);
	trace_set_sink(tp, to_checks, parts, 0);
	trace_set_sink(tw, to_checks_whole, whole, TRACE_SINK_ORDERED);
	emit_breaking_trace(tp);
	emit_breaking_trace(tw);
	cr_assert_eq(trace_close(tp), 0);
	cr_assert_eq(trace_close(tw), 0);
	vp = check_set_finish(parts);
	vw = check_set_finish(whole);
	for (i = 0; i < n; i++) {
		json_t *v = json_array_get(vw, i);

		failed += !json_is_true(json_object_get(v, "ok"));
		cr_expect(!json_is_true(json_object_get(v, "ok")), "%s held on a trace that breaks it",
			  specs[i]);
	}
	cr_assert_eq(failed, n);
	dp = json_dumps(vp, JSON_COMPACT);
	dw = json_dumps(vw, JSON_COMPACT);
	cr_assert_str_eq(dp, dw);
	free(dp);
	free(dw);
	json_decref(vp);
	json_decref(vw);
	check_set_free(parts);
	check_set_free(whole);
}
