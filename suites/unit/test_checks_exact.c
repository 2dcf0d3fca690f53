/*
 * test_checks_exact.c - unit tests for counter-exact (harness/checks/
 * checks_exact.c) and for counter-monotonic's epochs that go back
 * (harness/checks/checks.c), fed hand-written traces. Each checker fails on
 * the trace that breaks it and holds on the nearest one that does not.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "checks/check.h"

TestSuite(check_exact, .timeout = 10);

#define MIN 60000000LL

struct run {
	struct check_set *set;
	uint64_t seq;
};

static void start(struct run *r, const char *spec)
{
	char err[256] = "";

	r->seq = 0;
	cr_assert_eq(check_set_new(&r->set, &spec, 1, err, sizeof(err)), 0, "'%s': %s", spec, err);
}

/* Feeds {"seq","t","ev":kind, ...fields} (fields stolen). */
static void feed(struct run *r, int64_t t, const char *kind, json_t *fields)
{
	json_t *ev = json_pack("{s:I, s:I, s:s}", "seq", (json_int_t)r->seq++, "t", (json_int_t)t,
			       "ev", kind);

	if (fields)
		json_object_update(ev, fields);
	json_decref(fields);
	check_set_event(r->set, ev);
	json_decref(ev);
}

static void reading(struct run *r, int64_t t, int inc, double v)
{
	feed(r, t, "sensor.read", json_pack("{s:s, s:i, s:s, s:f}", "proc", "device", "inc", inc,
					    "sensor", "pin1", "value", v));
}

static void publish(struct run *r, int64_t t, const char *name, double v)
{
	feed(r, t, "observe", json_pack("{s:s, s:i, s:s, s:f}", "proc", "agent", "inc", 1, "name",
					name, "value", v));
}

static json_t *finish(struct run *r, int64_t end)
{
	json_t *all, *v;

	feed(r, end, "run.end", NULL);
	all = check_set_finish(r->set);
	v = json_incref(json_array_get(all, 0));
	json_decref(all);
	check_set_free(r->set);
	return v;
}

static const char *message(json_t *v)
{
	return json_string_value(json_object_get(v, "message")) ?: "";
}

/* A link that came up at 1 s: the flow is calm from then on. */
static void link_up(struct run *r)
{
	feed(r, 1000000, "link.up", json_pack("{s:s}", "server", "imp01"));
}

Test(check_exact, holds_when_every_reading_is_counted_once)
{
	struct run r;
	json_t *v;
	int i;

	start(&r, "counter-exact:total,pin1");
	link_up(&r);
	for (i = 1; i <= 60; i++) {
		reading(&r, i * MIN, 1, 2);
		publish(&r, i * MIN + 100000, "total", 2.0 * i);
	}
	v = finish(&r, 61 * MIN);
	cr_expect(json_is_true(json_object_get(v, "ok")), "%s", message(v));
	json_decref(v);
}

Test(check_exact, fails_at_once_on_a_double_count)
{
	struct run r;
	json_t *v, *first;

	start(&r, "counter-exact:total,pin1");
	link_up(&r);
	reading(&r, MIN, 1, 3);
	publish(&r, MIN + 1000, "total", 3);
	publish(&r, MIN + 31000000, "total", 6);     /* the same reading again */
	reading(&r, 2 * MIN, 1, 3);
	publish(&r, 2 * MIN + 1000, "total", 9);
	v = finish(&r, 60 * MIN);
	cr_expect(json_is_false(json_object_get(v, "ok")));
	first = json_object_get(v, "first_violation");
	cr_expect_eq(json_integer_value(json_object_get(first, "seq")), 3,
		     "the violation is the observation of 6, not a later one");
	cr_expect(strstr(message(v), "counted twice"), "%s", message(v));
	json_decref(v);
}

Test(check_exact, fails_at_the_end_on_a_lost_reading)
{
	struct run r;
	json_t *v;

	start(&r, "counter-exact:total,pin1");
	link_up(&r);
	reading(&r, MIN, 1, 3);
	publish(&r, MIN + 1000, "total", 3);
	reading(&r, 2 * MIN, 1, 4);                  /* never counted */
	reading(&r, 3 * MIN, 1, 5);
	publish(&r, 3 * MIN + 1000, "total", 8);
	v = finish(&r, 60 * MIN);
	cr_expect(json_is_false(json_object_get(v, "ok")));
	cr_expect(json_is_null(json_object_get(v, "first_violation")), "a loss is known at the end");
	cr_expect(strstr(message(v), "a reading was lost"), "%s", message(v));
	cr_expect_null(json_object_get(v, "unobserved"),
		       "a loss judged from what was seen is not an \"unobserved\" failure");
	json_decref(v);
}

/* A run too short to see the total at all fails too, but as "unobserved":
 * the mark shrinking uses to tell it from the loss it chases. */
Test(check_exact, a_run_that_sees_nothing_fails_as_unobserved)
{
	struct run r;
	json_t *v;

	start(&r, "counter-exact:total,pin1");
	link_up(&r);
	v = finish(&r, 60 * MIN);
	cr_expect(json_is_false(json_object_get(v, "ok")));
	cr_expect(json_is_true(json_object_get(v, "unobserved")), "%s", message(v));
	json_decref(v);

	start(&r, "counter-exact:total,pin1");
	link_up(&r);
	reading(&r, MIN, 1, 3);
	v = finish(&r, 60 * MIN);
	cr_expect(json_is_true(json_object_get(v, "unobserved")), "%s", message(v));
	json_decref(v);
}

Test(check_exact, a_late_reading_gets_a_fifth_of_the_grace)
{
	struct run r;
	json_t *v;

	/* The last reading is 2 minutes before the end and not counted yet:
	 * within GRACE / 5 (15m / 5 = 3m), so not a loss yet. */
	start(&r, "counter-exact:total,pin1");
	link_up(&r);
	reading(&r, MIN, 1, 3);
	publish(&r, MIN + 1000, "total", 3);
	reading(&r, 58 * MIN, 1, 4);
	v = finish(&r, 60 * MIN);
	cr_expect(json_is_true(json_object_get(v, "ok")), "%s", message(v));
	json_decref(v);
	/* 5 minutes before the end it is: the flow was calm all along. */
	start(&r, "counter-exact:total,pin1");
	link_up(&r);
	reading(&r, MIN, 1, 3);
	publish(&r, MIN + 1000, "total", 3);
	reading(&r, 55 * MIN, 1, 4);
	v = finish(&r, 60 * MIN);
	cr_expect(json_is_false(json_object_get(v, "ok")));
	json_decref(v);
	/* With a grace of 1h, 5 minutes is within its fifth. */
	start(&r, "counter-exact:total,pin1,1h");
	link_up(&r);
	reading(&r, MIN, 1, 3);
	publish(&r, MIN + 1000, "total", 3);
	reading(&r, 65 * MIN, 1, 4);
	v = finish(&r, 70 * MIN);
	cr_expect(json_is_true(json_object_get(v, "ok")), "%s", message(v));
	json_decref(v);
}

Test(check_exact, readings_of_a_device_boot_that_died_are_not_required)
{
	struct run r;
	json_t *v;

	start(&r, "counter-exact:total,pin1");
	link_up(&r);
	reading(&r, MIN, 1, 3);
	feed(&r, MIN + 10, "proc.exit", json_pack("{s:s, s:i, s:s}", "proc", "device", "inc", 1,
						  "how", "power-off"));
	reading(&r, 5 * MIN, 2, 4);
	publish(&r, 5 * MIN + 1000, "total", 4);
	v = finish(&r, 60 * MIN);
	cr_expect(json_is_true(json_object_get(v, "ok")), "%s", message(v));
	json_decref(v);
}

Test(check_exact, refuses_a_spec_without_a_sensor)
{
	struct check_set *s = NULL;
	const char *spec = "counter-exact:total";
	char err[256] = "";

	cr_expect_eq(check_set_new(&s, &spec, 1, err, sizeof(err)), -EINVAL);
	cr_expect(strstr(err, "counter-exact:NAME,SENSOR"), "%s", err);
}

Test(check_exact, names_the_sensors_to_trace)
{
	const char *specs[] = { "counter-monotonic:x", "counter-exact:total,pin1,30m",
				"counter-exact:n,openings" };
	json_t *a = check_sensors(specs, 3);

	cr_assert_eq(json_array_size(a), 2);
	cr_expect_str_eq(json_string_value(json_array_get(a, 0)), "pin1");
	cr_expect_str_eq(json_string_value(json_array_get(a, 1)), "openings");
	json_decref(a);
}

/* counter-monotonic:day_wh/day with the epoch observed before the counter. */
static json_t *epochs(double day2)
{
	struct run r;

	start(&r, "counter-monotonic:day_wh/day");
	publish(&r, MIN, "day", 20543);
	publish(&r, MIN, "day_wh", 50);
	publish(&r, 2 * MIN, "day", day2);
	publish(&r, 2 * MIN, "day_wh", 5);
	return finish(&r, 3 * MIN);
}

Test(check_exact, monotonic_forgives_a_drop_when_the_epoch_moves_forward)
{
	json_t *v = epochs(20544);

	cr_expect(json_is_true(json_object_get(v, "ok")), "%s", message(v));
	json_decref(v);
}

Test(check_exact, monotonic_fails_when_the_epoch_goes_back)
{
	json_t *v = epochs(20542);

	cr_expect(json_is_false(json_object_get(v, "ok")));
	cr_expect(strstr(message(v), "epoch went back"), "%s", message(v));
	cr_expect(strstr(message(v), "20543"), "%s", message(v));
	json_decref(v);
}
