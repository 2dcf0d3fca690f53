/*
 * huge_timer/agent.c - test-only agent (suites/targets/robustness, runs in
 * imp-agent) asking for timers no clock can hold: 9223372036854 s (one
 * microsecond short of INT64_MAX microseconds), -5 s and NaN. The host must
 * refuse or clamp them as target errors; the harness's clock must go on, so
 * the minute ticks are observed to the end of the run.
 */
#include <math.h>

#include <impchaos/agent.h>

static int ticks;

static void never(void *ud)
{
	(void)ud;
	impchaos_observe("huge-fired", 1);
}

static void soon(void *ud)
{
	(void)ud;
	impchaos_observe("negative-fired", 1);
}

static void tick(void *ud)
{
	(void)ud;
	impchaos_observe("ticks", ++ticks);
	imp_wakeup(60, tick, NULL);
}

void agent_main(void)
{
	impchaos_observe("huge-refused", imp_wakeup(9223372036854.0, never, NULL) == NULL);
	imp_wakeup(-5, soon, NULL);
	impchaos_observe("nan-refused", imp_wakeup(NAN, never, NULL) == NULL);
	imp_wakeup(60, tick, NULL);
}
