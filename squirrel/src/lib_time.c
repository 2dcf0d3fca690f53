/* lib_time.c - the global time functions time(), clock() and date(). Part of
 * the target's language runtime; it reaches the VM only through sq_native.h
 * and reads the clock through the VM's host callbacks (sq_vm_time,
 * sq_vm_clock), so the harness's simulated time is what scripts see. Calendar
 * arithmetic is the pure module datetime.c (UTC only: the agent runs in UTC).
 *
 * date([t[, 'u'|'l']]) returns a table whose slots follow the imp's date()
 * page: sec 0-59, min 0-59, hour 0-23, day 1-31, month 0-11 (January = 0),
 * year, wday 0-6 (Sunday = 0), yday 0-365 (1 January = 0), time (whole Unix
 * seconds) and usec (the microseconds within that second; 0 when t is given).
 * 'l' (local time) is the same as 'u' here, since the host's zone is UTC.
 */
#include "datetime.h"
#include "sq_native.h"

#include <math.h>

static int t_time(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	(void)argv;
	*ret = sq_int((int32_t)(int64_t)floor(sq_vm_time(vm)));
	return SQ_OK;
}

static int t_clock(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	(void)argv;
	*ret = sq_float((float)sq_vm_clock(vm));
	return SQ_OK;
}

static void set_int(sq_vm *vm, sq_value t, const char *name, int32_t v)
{
	sq_table_setstr(vm, t, name, sq_int(v));
}

static int t_date(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct dt_date d;
	int64_t secs;
	int32_t usec = 0;
	sq_value t;

	if (argc > 2) {
		int32_t f = argv[2].u.i;

		if (f != 'u' && f != 'l')
			return sq_throwf(vm, "invalid format");
	}
	if (argc > 1) {
		secs = sq_toint(argv[1]);
	} else {
		double now = sq_vm_time(vm), whole = floor(now);

		secs = (int64_t)whole;
		usec = (int32_t)((now - whole) * 1e6);
		if (usec > 999999)
			usec = 999999;
	}
	dt_from_epoch(secs, &d);
	t = sq_table_new(vm);
	set_int(vm, t, "sec", d.sec);
	set_int(vm, t, "min", d.min);
	set_int(vm, t, "hour", d.hour);
	set_int(vm, t, "day", d.day);
	set_int(vm, t, "month", d.month);
	set_int(vm, t, "year", d.year);
	set_int(vm, t, "wday", d.wday);
	set_int(vm, t, "yday", d.yday);
	set_int(vm, t, "time", (int32_t)secs);
	set_int(vm, t, "usec", usec);
	*ret = t;
	return SQ_OK;
}

void sqlib_time_register(sq_vm *vm)
{
	sq_register_global(vm, "time", t_time, 1, NULL);
	sq_register_global(vm, "clock", t_clock, 1, NULL);
	sq_register_global(vm, "date", t_date, -1, ".ni");
}
