/*
 * test_handlers.c - scenario suite for no-missing-handler (the platform's advice: "a
 * mis-typed message name string in either of the two calls").
 */
#include <criterion/criterion.h>
#include <string.h>

#include "scenario.h"

TestSuite(handlers, .timeout = 60);

Test(handlers, typo_in_message_name_fails_no_missing_handler)
{
	struct run_outcome out;
	json_t *v, *ev;

	cr_assert_eq(scenario_run("handler_typo/naive", 1, "2h", NULL, NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "no-missing-handler"), 0);
	v = scenario_verdict(&out, "no-missing-handler");
	ev = json_object_get(json_object_get(v, "first_violation"), "event");
	cr_expect_str_eq(json_string_value(json_object_get(ev, "ev")), "msg.nohandler");
	cr_expect_str_eq(json_string_value(json_object_get(ev, "name")), "setpiont");
	cr_expect_str_eq(json_string_value(json_object_get(ev, "to")), "device");
	cr_expect(strstr(json_string_value(json_object_get(v, "message")), "device.send()"));
	run_outcome_release(&out);
}

Test(handlers, matching_names_pass_no_missing_handler)
{
	uint64_t seed;

	for (seed = 1; seed <= 5; seed++) {
		struct run_outcome out;

		cr_assert_eq(scenario_run("handler_typo/robust", seed, "1d", "every 5h agent/restart",
					  NULL, &out), 0);
		cr_expect_eq(scenario_held(&out, "no-missing-handler"), 1, "seed %llu, see %s",
			     (unsigned long long)seed, out.dir);
		run_outcome_release(&out);
	}
}
