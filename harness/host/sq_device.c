/*
 * sq_device.c - the device's imp API for Squirrel code, inside imp-device:
 * agent.on/send, server.* (connection, policy, shutdown, restart, sleep),
 * imp.* (idle, deep sleep, versions), the nv table, hardware.* (wake
 * reason, clocks, pins fed by the workload's sensors; the buses are
 * sq_device_bus.c's) and the platform's constants. Each is a binding over
 * device.c's C API (see sq_host.h).
 *
 *   app.device.nut -> agent.send("x", v) -> n_agent_send -> agent_send()
 *   hardware.pin5.read() -> hardware_read("pin5") (workload.sensors.pin5)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impchaos/device.h"
#include "sq_device.h"
#include "sq_host.h"

/* ---- agent.* ---- */

static int n_agent_on(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	char slot[300];
	struct sqh_cb *cb;

	(void)vm;
	(void)argc;
	(void)ret;
	snprintf(slot, sizeof(slot), "msg:%s", sq_str(argv[1]));
	cb = sqh_slot(slot, argv[2]);
	agent_on(sq_str(argv[1]), cb ? sqh_msg_tramp : NULL, cb);
	return 0;
}

static int n_agent_send(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	json_t *data = NULL;
	int rc;

	if (argc > 2 && sqh_to_json_link(vm, argv[2], "agent.send", &data) != SQ_OK)
		return SQ_ERROR;
	rc = agent_send(sq_str(argv[1]), data);
	json_decref(data);
	*ret = sq_int(rc);
	return 0;
}

/* ---- server.* ---- */

static int n_isconnected(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)argv;
	*ret = sq_bool(server_isconnected());
	return 0;
}

static int n_connect(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct sqh_cb *cb = sqh_slot("connect", argc > 1 ? argv[1] : sq_null());

	(void)vm;
	(void)ret;
	server_connect(cb ? sqh_reason_tramp : NULL, cb,
		       argc > 2 ? (double)sq_tofloat(argv[2]) : 60.0);
	return 0;
}

static int n_disconnect(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)argv;
	(void)ret;
	server_disconnect();
	return 0;
}

static int n_setsendtimeoutpolicy(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)ret;
	server_setsendtimeoutpolicy(sq_toint(argv[1]), sq_toint(argv[2]),
				    (double)sq_tofloat(argv[3]));
	return 0;
}

static int n_onunexpecteddisconnect(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct sqh_cb *cb = sqh_slot("onunexpecteddisconnect", argv[1]);

	(void)vm;
	(void)argc;
	(void)ret;
	server_onunexpecteddisconnect(cb ? sqh_reason_tramp : NULL, cb);
	return 0;
}

static int n_onshutdown(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct sqh_cb *cb = sqh_slot("onshutdown", argv[1]);

	(void)vm;
	(void)argc;
	(void)ret;
	server_onshutdown(cb ? sqh_reason_tramp : NULL, cb);
	return 0;
}

static int n_restart(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)argv;
	(void)ret;
	server_restart();
}

static int n_flush(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)argv;
	/* Messages leave at once in the simulation: nothing waits to flush. */
	*ret = sq_bool(1);
	return 0;
}

/* Deep sleep keeps the nv table only: the script's nv goes to the host's
 * nv_table() first (what JSON cannot hold is dropped, with a log line). */
static int n_deepsleepfor(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	sq_value key = sq_string_cstr(vm, "nv"), nv;
	json_t *j = NULL;

	(void)argc;
	(void)ret;
	if (sq_table_rawget(sq_roottable(vm), key, &nv) == 1 && nv.type == SQ_TTABLE)
		sqh_to_json_lenient(vm, nv, "nv", &j);
	sq_release(vm, key);
	json_object_clear(nv_table());
	if (json_is_object(j))
		json_object_update(nv_table(), j);
	json_decref(j);
	imp_deepsleepfor((double)sq_tofloat(argv[1]));
}

/* ---- imp.* ---- */

static struct sqh_cb *idle_cb;
static imp_timer *idle_timer;

/* The callback runs once the code is idle: the next event of the loop,
 * after everything due at this instant. */
static void idle_tramp(void *ud)
{
	sq_value fn = sq_dup(sq_handle_value(idle_cb->fn));

	(void)ud;
	idle_timer = NULL;
	idle_cb = sqh_slot("onidle", sq_null());
	sqh_call(fn, 0, NULL, NULL);
	sq_release(sqh_vm(), fn);
}

static int n_onidle(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)ret;
	if (idle_timer)
		imp_cancelwakeup(idle_timer);
	idle_timer = NULL;
	idle_cb = sqh_slot("onidle", argv[1]);
	if (idle_cb)
		idle_timer = imp_wakeup(0, idle_tramp, NULL);
	return 0;
}

static int n_getsoftwareversion(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	(void)argv;
	*ret = sq_string_cstr(vm, "impchaos - release-impchaos - Squirrel 3.0.4");
	return 0;
}

/* No power or blocking model in the harness: accepted and ignored. */
static int n_noop(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)argv;
	(void)ret;
	return 0;
}

/* ---- hardware.* ---- */

static int n_wakereason(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)argv;
	*ret = sq_int(hardware_wakereason());
	return 0;
}

/* Both wrap as the imp's 32-bit counters do. */
static int n_millis(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)argv;
	*ret = sq_int((int32_t)(uint32_t)(rt_uptime_us() / 1000));
	return 0;
}

static int n_micros(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)argv;
	*ret = sq_int((int32_t)(uint32_t)rt_uptime_us());
	return 0;
}

/* Pins: pin1..pin9 and pinA..pinZ; the udata is the pin's name. */
static char pin_names[35][8];

static int n_pin_read(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	const char *name = sq_instance_udata(argv[0]);
	double v;

	(void)vm;
	(void)argc;
	v = hardware_read(name ? name : "?");
	/* A digital or analog reading is an integer; a sensor declared with
	 * real values gives a float. */
	if (v == floor(v) && fabs(v) < 2147483647.0)
		*ret = sq_int((int32_t)v);
	else
		*ret = sq_float((float)v);
	return 0;
}

static void register_pins(sq_vm *vm, sq_value hw)
{
	static const sq_method_def methods[] = {
		{ "configure", n_noop, -2, NULL, 0 },
		{ "read", n_pin_read, 1, NULL, 0 },
		{ "write", n_noop, 2, NULL, 0 },
		{ NULL, NULL, 0, NULL, 0 },
	};
	static const sq_class_def pin = {
		.name = "_impchaos_pin",
		.typeof_name = NULL,
		.release = NULL,
		.methods = methods,
	};
	sq_value cls = sq_class_register(vm, &pin);
	int i;

	for (i = 0; i < 35; i++) {
		sq_value inst = sq_instance_new(vm, cls);

		snprintf(pin_names[i], sizeof(pin_names[i]), "pin%c", i < 9 ? '1' + i : 'A' + i - 9);
		sq_instance_setudata(inst, pin_names[i]);
		sq_table_setstr(vm, hw, pin_names[i], inst);
		sq_release(vm, inst);
	}
}

static void register_constants(sq_vm *vm)
{
	static const struct { const char *name; int value; } k[] = {
		{ "WAKEREASON_POWER_ON", WAKEREASON_POWER_ON },
		{ "WAKEREASON_TIMER", WAKEREASON_TIMER },
		{ "WAKEREASON_SW_RESET", WAKEREASON_SW_RESET },
		{ "WAKEREASON_PIN", 3 },
		{ "WAKEREASON_PIN1", 3 },
		{ "WAKEREASON_NEW_SQUIRREL", WAKEREASON_NEW_SQUIRREL },
		{ "WAKEREASON_SQUIRREL_ERROR", WAKEREASON_SQUIRREL_ERROR },
		{ "WAKEREASON_NEW_FIRMWARE", 6 },
		{ "WAKEREASON_SNOOZE", 7 },
		{ "WAKEREASON_HW_RESET", 8 },
		{ "WAKEREASON_BLINKUP", 9 },
		{ "WAKEREASON_SW_RESTART", 10 },
		{ "WAKEREASON_POWER_RESTORED", 11 },
		{ "SUSPEND_ON_ERROR", SUSPEND_ON_ERROR },
		{ "RETURN_ON_ERROR", RETURN_ON_ERROR },
		{ "WAIT_TIL_SENT", WAIT_TIL_SENT },
		{ "WAIT_FOR_ACK", WAIT_FOR_ACK },
		{ "NOT_CONNECTED", NOT_CONNECTED },
		{ "NO_WIFI", NO_WIFI },
		{ "NO_LINK", NO_WIFI },
		{ "NO_IP_ADDRESS", 2 },
		{ "NOT_RESOLVED", 3 },
		{ "NO_SERVER", 4 },
		{ "SERVER_CONNECTED", SERVER_CONNECTED },
		{ "SEND_ERROR_NOT_CONNECTED", SEND_ERROR_NOT_CONNECTED },
		{ "SEND_ERROR_TIMEOUT", SEND_ERROR_TIMEOUT },
		{ "SHUTDOWN_NEWSQUIRREL", SHUTDOWN_NEWSQUIRREL },
		{ "SHUTDOWN_NEWFIRMWARE", SHUTDOWN_NEWFIRMWARE },
		{ "SHUTDOWN_OTHER", SHUTDOWN_OTHER },
		/* Pin modes: opaque to code, so any distinct values do. */
		{ "DIGITAL_IN", 1 }, { "DIGITAL_IN_PULLUP", 2 }, { "DIGITAL_IN_PULLDOWN", 3 },
		{ "DIGITAL_IN_WAKEUP", 4 }, { "DIGITAL_OUT", 5 }, { "DIGITAL_OUT_OD", 6 },
		{ "ANALOG_IN", 7 }, { "ANALOG_OUT", 8 }, { "PWM_OUT", 9 }, { "PULSE_COUNTER", 10 },
	};
	size_t i;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		sqh_const_int(vm, k[i].name, k[i].value);
}

void sqb_device_api(struct sq_vm *vm)
{
	sq_value agent = sqh_subtable(vm, "agent"), server = sqh_subtable(vm, "server");
	sq_value imp = sqh_subtable(vm, "imp"), hw = sqh_subtable(vm, "hardware"), nv;

	sq_table_setfn(vm, agent, "on", n_agent_on, 3, ".sc|o");
	sq_table_setfn(vm, agent, "send", n_agent_send, -2, ".s");
	sq_table_setfn(vm, server, "isconnected", n_isconnected, 1, NULL);
	sq_table_setfn(vm, server, "connect", n_connect, -1, ".c|on");
	sq_table_setfn(vm, server, "disconnect", n_disconnect, 1, NULL);
	sq_table_setfn(vm, server, "setsendtimeoutpolicy", n_setsendtimeoutpolicy, 4, ".nnn");
	sq_table_setfn(vm, server, "onunexpecteddisconnect", n_onunexpecteddisconnect, 2, ".c|o");
	sq_table_setfn(vm, server, "onshutdown", n_onshutdown, 2, ".c|o");
	sq_table_setfn(vm, server, "restart", n_restart, 1, NULL);
	sq_table_setfn(vm, server, "sleepfor", n_deepsleepfor, 2, ".n");
	sq_table_setfn(vm, server, "flush", n_flush, -1, NULL);
	sq_table_setfn(vm, imp, "onidle", n_onidle, 2, ".c|o");
	sq_table_setfn(vm, imp, "deepsleepfor", n_deepsleepfor, 2, ".n");
	sq_table_setfn(vm, imp, "getsoftwareversion", n_getsoftwareversion, 1, NULL);
	sq_table_setfn(vm, imp, "setpowersave", n_noop, 2, NULL);
	sq_table_setfn(vm, imp, "sleep", n_noop, 2, ".n");
	sq_table_setfn(vm, hw, "wakereason", n_wakereason, 1, NULL);
	sq_table_setfn(vm, hw, "millis", n_millis, 1, NULL);
	sq_table_setfn(vm, hw, "micros", n_micros, 1, NULL);
	register_pins(vm, hw);
	sqb_device_bus_api(vm, hw);
	register_constants(vm);
	if (sq_from_json(vm, nv_table(), &nv) == SQ_OK) {
		sq_table_setstr(vm, sq_roottable(vm), "nv", nv);
		sq_release(vm, nv);
	}
}
