/*
 * test_swarm.c - unit tests for swarm-testing schedule generation
 * (faults/swarm.c), used by chaos mode.
 *
 * None of these tests names a fault: they read the catalogue as swarm.c
 * does, so they keep holding as faults are added. What they pin down is
 * that a seed always gives the same swarm, that swarms vary, and that every
 * generated schedule is one `impchaos run` would accept.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "faults/catalog.h"
#include "core/duration.h"
#include "faults/schedule.h"
#include "faults/swarm.h"

TestSuite(swarm, .timeout = 60);

#define SEC 1000000LL
#define HOUR (3600 * SEC)
#define DAY (24 * HOUR)

static size_t catalog_size(void)
{
	size_t n = 0;

	while (fault_catalog()[n].name)
		n++;
	return n;
}

static void generate(uint64_t seed, int64_t duration_us, size_t max, struct swarm *sw)
{
	cr_assert_eq(swarm_generate(seed, duration_us, max, sw), 0, "seed %llu",
		     (unsigned long long)seed);
}

static char *text_of(const struct swarm *sw)
{
	char *text = NULL;

	cr_assert_eq(swarm_to_schedule_text(sw, &text), 0);
	cr_assert_not_null(text);
	return text;
}

Test(swarm, same_seed_gives_the_same_swarm)
{
	for (uint64_t seed = 1; seed <= 20; seed++) {
		struct swarm a, b;
		char *ta, *tb;

		generate(seed, 2 * DAY, 1000, &a);
		generate(seed, 2 * DAY, 1000, &b);
		cr_assert_eq(a.nincluded, b.nincluded);
		for (size_t i = 0; i < a.nincluded; i++) {
			cr_assert_str_eq(a.included[i], b.included[i]);
			cr_assert_eq(a.mean_us[i], b.mean_us[i]);
		}
		ta = text_of(&a);
		tb = text_of(&b);
		cr_assert_str_eq(ta, tb);
		free(ta);
		free(tb);
		swarm_release(&a);
		swarm_release(&b);
	}
}

Test(swarm, different_seeds_give_different_swarms)
{
	char *texts[50];

	for (uint64_t seed = 0; seed < 50; seed++) {
		struct swarm sw;

		generate(seed, DAY, 1000, &sw);
		texts[seed] = text_of(&sw);
		cr_assert_gt(strlen(texts[seed]), 0, "a day-long swarm with no injection");
		for (uint64_t other = 0; other < seed; other++)
			cr_assert_str_neq(texts[seed], texts[other], "seeds %llu and %llu",
					  (unsigned long long)seed, (unsigned long long)other);
		swarm_release(&sw);
	}
	for (size_t i = 0; i < 50; i++)
		free(texts[i]);
}

Test(swarm, times_are_sorted_whole_milliseconds_inside_the_run)
{
	static const int64_t durations[] = { 2 * SEC, 90 * SEC, HOUR, DAY, 30 * DAY };

	for (size_t d = 0; d < sizeof(durations) / sizeof(durations[0]); d++) {
		for (uint64_t seed = 1; seed <= 30; seed++) {
			struct swarm sw;

			generate(seed, durations[d], 100000, &sw);
			for (size_t i = 0; i < sw.n; i++) {
				cr_assert_gt(sw.v[i].t_us, 0);
				cr_assert_lt(sw.v[i].t_us, durations[d]);
				cr_assert_eq(sw.v[i].t_us % SWARM_RES_US, 0);
				if (i > 0)
					cr_assert_leq(sw.v[i - 1].t_us, sw.v[i].t_us);
			}
			swarm_release(&sw);
		}
	}
}

Test(swarm, every_swarm_fault_is_both_included_and_excluded_over_200_seeds)
{
	size_t nf = catalog_size();
	size_t *in = calloc(nf, sizeof(*in)), *injected = calloc(nf, sizeof(*injected));

	for (uint64_t seed = 1; seed <= 200; seed++) {
		struct swarm sw;

		generate(seed, DAY, 1000, &sw);
		cr_assert_geq(sw.nincluded, 1);
		for (size_t i = 0; i < sw.nincluded; i++) {
			const struct fault_info *f = fault_find(sw.included[i]);

			cr_assert_not_null(f, "'%s' is not catalogued", sw.included[i]);
			in[f - fault_catalog()]++;
			cr_assert_geq(sw.mean_us[i], DAY / 50 - 1);
			cr_assert_leq(sw.mean_us[i], DAY / 2);
		}
		for (size_t i = 0; i < sw.n; i++) {
			const struct fault_info *f = fault_find(sw.v[i].fault);
			size_t k;

			for (k = 0; k < sw.nincluded; k++)
				if (!strcmp(sw.included[k], sw.v[i].fault))
					break;
			cr_assert_lt(k, sw.nincluded, "'%s' injected but not included", sw.v[i].fault);
			injected[f - fault_catalog()]++;
		}
		swarm_release(&sw);
	}
	for (size_t i = 0; i < nf; i++) {
		if (!fault_in_swarm(&fault_catalog()[i])) {
			/* Left out on purpose (catalog.h): never drawn. */
			cr_expect_eq(in[i] + injected[i], 0, "'%s' drawn", fault_catalog()[i].name);
			continue;
		}
		cr_expect_gt(in[i], 0, "'%s' never included", fault_catalog()[i].name);
		cr_expect_lt(in[i], 200, "'%s' never excluded", fault_catalog()[i].name);
		cr_expect_gt(injected[i], 0, "'%s' never injected", fault_catalog()[i].name);
	}
	free(in);
	free(injected);
}

Test(swarm, every_generated_text_parses_and_validates)
{
	for (uint64_t seed = 1; seed <= 200; seed++) {
		struct swarm sw;
		struct schedule s;
		char *text, err[512] = "";

		generate(seed, (int64_t)(seed % 7 + 1) * DAY, 300, &sw);
		text = text_of(&sw);
		cr_assert_eq(schedule_parse(text, &s, err, sizeof(err)), 0, "seed %llu: %s",
			     (unsigned long long)seed, err);
		cr_assert_eq(s.n, sw.n);
		for (size_t i = 0; i < s.n; i++) {
			cr_assert_eq(fault_validate(&s.v[i], err, sizeof(err)), 0, "seed %llu: %s",
				     (unsigned long long)seed, err);
			cr_assert_eq(s.v[i].kind, SCHED_AT);
			cr_assert_eq(s.v[i].t_us, sw.v[i].t_us);
			cr_assert_str_eq(s.v[i].fault, sw.v[i].fault);
			cr_assert_eq(s.v[i].nparams, sw.v[i].nparams);
		}
		schedule_release(&s);
		free(text);
		swarm_release(&sw);
	}
}

Test(swarm, params_are_within_the_catalogue_ranges_and_the_cap)
{
	size_t drawn = 0, left_unset = 0, on_agent = 0, on_device = 0;

	for (uint64_t seed = 1; seed <= 100; seed++) {
		struct swarm sw;

		generate(seed, DAY, 1000, &sw);
		for (size_t i = 0; i < sw.n; i++) {
			const struct fault_info *f = fault_find(sw.v[i].fault);

			for (const struct fault_param *fp = f->params; fp->key; fp++) {
				const char *v = NULL;
				int64_t us, cap = fp->max_us < SWARM_DURATION_CAP_US ? fp->max_us
										   : SWARM_DURATION_CAP_US;

				for (size_t k = 0; k < sw.v[i].nparams; k++)
					if (!strcmp(sw.v[i].params[k].key, fp->key))
						v = sw.v[i].params[k].value;
				if (fp->kind == FAULT_PARAM_PROC) {
					cr_assert(v && (!strcmp(v, "agent") || !strcmp(v, "device")));
					on_agent += !strcmp(v, "agent");
					on_device += !strcmp(v, "device");
					continue;
				}
				if (fp->kind != FAULT_PARAM_DURATION) {
					cr_assert_null(v, "%s %s=%s", f->name, fp->key, v);
					continue;
				}
				if (!v) {
					left_unset++;
					continue;
				}
				drawn++;
				cr_assert_eq(duration_parse(v, &us), 0);
				cr_assert_geq(us, fp->min_us, "%s %s=%s", f->name, fp->key, v);
				cr_assert_leq(us, fp->max_us, "%s %s=%s", f->name, fp->key, v);
				cr_assert_leq(us, cap > fp->min_us ? cap : fp->min_us, "%s %s=%s",
					      f->name, fp->key, v);
			}
		}
		swarm_release(&sw);
	}
	/* Half of them each way; either count near zero means the coin is
	 * broken (or the catalogue lost its duration parameters). */
	cr_assert_gt(drawn, 100);
	cr_assert_gt(left_unset, 100);
	cr_assert_lt(drawn, 2 * left_unset);
	cr_assert_lt(left_unset, 2 * drawn);
	/* The same for the process a raw point is armed in, if any fault in
	 * the catalogue takes one. */
	cr_assert_eq(on_agent == 0, on_device == 0, "agent %zu, device %zu", on_agent, on_device);
	cr_assert_lt(on_agent, 3 * on_device + 1);
	cr_assert_lt(on_device, 3 * on_agent + 1);
}

Test(swarm, max_injections_keeps_the_earliest)
{
	for (uint64_t seed = 1; seed <= 20; seed++) {
		struct swarm all, few, none;

		generate(seed, 7 * DAY, 100000, &all);
		generate(seed, 7 * DAY, 10, &few);
		generate(seed, 7 * DAY, 0, &none);
		cr_assert_gt(all.n, 10, "seed %llu drew only %zu", (unsigned long long)seed, all.n);
		cr_assert_eq(few.n, 10);
		cr_assert_eq(none.n, 0);
		cr_assert_eq(none.nincluded, all.nincluded, "the configuration does not depend on it");
		for (size_t i = 0; i < few.n; i++) {
			cr_assert_eq(few.v[i].t_us, all.v[i].t_us);
			cr_assert_str_eq(few.v[i].fault, all.v[i].fault);
			cr_assert_eq(few.v[i].nparams, all.v[i].nparams);
			for (size_t k = 0; k < few.v[i].nparams; k++)
				cr_assert_str_eq(few.v[i].params[k].value, all.v[i].params[k].value);
		}
		swarm_release(&all);
		swarm_release(&few);
		swarm_release(&none);
	}
}

Test(swarm, injection_counts_follow_the_drawn_rates)
{
	/* Over a week, with means in [D/50, D/2], each included fault expects
	 * 2 to 50 arrivals: summed over many seeds the count should sit near
	 * the sum of duration / mean. */
	double expected = 0;
	size_t got = 0;

	for (uint64_t seed = 1; seed <= 100; seed++) {
		struct swarm sw;

		generate(seed, 7 * DAY, 1000000, &sw);
		for (size_t i = 0; i < sw.nincluded; i++)
			expected += (double)(7 * DAY) / (double)sw.mean_us[i];
		got += sw.n;
		swarm_release(&sw);
	}
	cr_assert_gt((double)got, 0.9 * expected, "got %zu, expected about %.0f", got, expected);
	cr_assert_lt((double)got, 1.1 * expected, "got %zu, expected about %.0f", got, expected);
}

Test(swarm, text_is_one_at_line_per_injection)
{
	struct swarm_injection v[2] = { { .t_us = HOUR + 2 * 60 * SEC + 3 * SEC, .fault = "x/y" },
					{ .t_us = 1500, .fault = "z" } };
	struct schedule_param kv[2] = { { (char[]){ "a" }, (char[]){ "30s" } },
					{ (char[]){ "b" }, (char[]){ "agent" } } };
	struct swarm sw = { .v = v, .n = 2 }, empty = { 0 };
	char *text;

	v[0].params = kv;
	v[0].nparams = 2;
	text = text_of(&sw);
	cr_assert_str_eq(text, "at 1h2m3s x/y a=30s b=agent\nat 1ms500us z\n");
	free(text);
	text = text_of(&empty);
	cr_assert_str_eq(text, "");
	free(text);
}

Test(swarm, short_or_bad_durations)
{
	struct swarm sw;

	cr_assert_eq(swarm_generate(1, 0, 10, &sw), -EINVAL);
	cr_assert_eq(sw.n, 0);
	cr_assert_null(sw.v);
	cr_assert_eq(swarm_generate(1, -SEC, 10, &sw), -EINVAL);
	for (uint64_t seed = 1; seed <= 50; seed++) {
		generate(seed, SWARM_RES_US, 10, &sw);
		cr_assert_eq(sw.n, 0, "no whole millisecond lies inside (0, 1ms)");
		cr_assert_geq(sw.nincluded, 1);
		swarm_release(&sw);
	}
	swarm_release(&sw);
}
