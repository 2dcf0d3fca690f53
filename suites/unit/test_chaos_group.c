/*
 * test_chaos_group.c - the signature that groups a chaos campaign's
 * failures (chaos_signature): target, first failing invariant and the kind
 * of its first violating event, then once shrunk the fault kinds of the
 * reproducer, sorted and without repeats.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/chaos.h"

/* A verdict whose invariant inv failed first at an event of kind ev (no
 * event when ev is NULL), after a held one. A new reference. */
static json_t *verdict(const char *inv, const char *ev)
{
	json_t *first = ev ? json_pack("{s:i, s:{s:s, s:i}}", "seq", 7, "event", "ev", ev, "seq", 7)
			   : json_null();

	return json_pack("{s:[{s:s, s:b}, {s:s, s:b, s:s, s:o}]}", "invariants", "invariant",
			 "no-hang", "ok", 1, "invariant", inv, "ok", 0, "message", "went backwards",
			 "first_violation", first);
}

static char *sig(const char *target, const char *inv, const char *ev, const char *faults)
{
	json_t *v = verdict(inv, ev), *rep = faults ? json_pack("{s:s}", "faults", faults) : NULL;
	char *s = chaos_signature(target, v, rep);

	json_decref(v);
	json_decref(rep);
	cr_assert_not_null(s);
	return s;
}

Test(chaos_group, signature_names_target_invariant_and_event_kind)
{
	char *s = sig("power_meter/naive", "counter-monotonic:total_wh", "store.save", NULL);

	cr_expect_str_eq(s, "power_meter/naive | counter-monotonic:total_wh | store.save");
	free(s);
	s = sig("door_counter/naive", "persist-roundtrip", NULL, NULL);
	cr_expect_str_eq(s, "door_counter/naive | persist-roundtrip | -");
	free(s);
}

Test(chaos_group, equal_failures_of_other_seeds_have_equal_signatures)
{
	/* Another seed, another message, another event sequence number: the
	 * same failure. */
	json_t *a = verdict("counter-monotonic:total_wh", "store.save");
	json_t *b = json_pack("{s:[{s:s, s:b, s:s, s:{s:i, s:{s:s, s:i}}}]}", "invariants",
			      "invariant", "counter-monotonic:total_wh", "ok", 0, "message",
			      "from 12 to 0", "first_violation", "seq", 900, "event", "ev",
			      "store.save", "seq", 900);
	char *x = chaos_signature("power_meter/naive", a, NULL);
	char *y = chaos_signature("power_meter/naive", b, NULL);

	cr_expect_str_eq(x, y);
	free(x);
	free(y);
	json_decref(a);
	json_decref(b);
}

Test(chaos_group, different_target_invariant_or_event_differ)
{
	char *base = sig("power_meter/naive", "counter-monotonic:total_wh", "store.save", NULL);
	char *other[] = {
		sig("power_meter/sq_naive", "counter-monotonic:total_wh", "store.save", NULL),
		sig("power_meter/naive", "counter-monotonic:day_wh/day", "store.save", NULL),
		sig("power_meter/naive", "counter-monotonic:total_wh", "observe", NULL),
	};

	for (size_t i = 0; i < 3; i++) {
		cr_expect_str_neq(base, other[i]);
		free(other[i]);
	}
	free(base);
}

Test(chaos_group, shrunk_signature_adds_the_reproducers_fault_kinds)
{
	char *a = sig("door_counter/naive", "counter-monotonic:count", "store.save",
		      "at 5h2m agent/store/write\nat 5h3m agent/store/crash/after-fsync\n"
		      "at 5h4m agent/store/write count=2\n");
	char *b = sig("door_counter/naive", "counter-monotonic:count", "store.save",
		      "at 1h agent/store/crash/after-fsync; at 2h agent/store/write");
	char *c = sig("door_counter/naive", "counter-monotonic:count", "store.save",
		      "at 1h agent/crash");
	char *none = sig("handler_typo/naive", "no-missing-handler", "msg.nohandler", "");

	/* Sorted and without repeats, so times and order do not matter. */
	cr_expect_str_eq(a, "door_counter/naive | counter-monotonic:count | store.save | "
			 "agent/store/crash/after-fsync,agent/store/write");
	cr_expect_str_eq(a, b);
	cr_expect_str_neq(a, c);
	cr_expect_str_eq(none, "handler_typo/naive | no-missing-handler | msg.nohandler | no faults");
	free(a);
	free(b);
	free(c);
	free(none);
}

Test(chaos_group, a_verdict_that_held_has_no_signature)
{
	json_t *v = json_pack("{s:[{s:s, s:b}]}", "invariants", "invariant", "no-hang", "ok", 1);

	cr_expect_null(chaos_signature("power_meter/robust", v, NULL));
	json_decref(v);
}
