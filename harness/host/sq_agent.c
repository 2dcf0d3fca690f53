/*
 * sq_agent.c - the agent's imp API for Squirrel code, inside imp-agent:
 * device.on/send/onconnect/ondisconnect/isconnected and server.save/load,
 * each a binding over the C API of agent.c (see sq_host.h, DESIGN). HTTP and
 * the http.* helpers are sq_agent_http.c's.
 *
 *   app.agent.nut -> device.send("x", v) -> n_device_send -> device_send()
 */
#include <stdio.h>
#include <string.h>

#include "impchaos/agent.h"
#include "sq_agent.h"
#include "sq_host.h"

static int n_device_on(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	char slot[300];
	struct sqh_cb *cb;

	(void)vm;
	(void)argc;
	(void)ret;
	snprintf(slot, sizeof(slot), "msg:%s", sq_str(argv[1]));
	cb = sqh_slot(slot, argv[2]);
	device_on(sq_str(argv[1]), cb ? sqh_msg_tramp : NULL, cb);
	return 0;
}

static int n_device_send(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	json_t *data = NULL;

	(void)ret;
	if (argc > 2 && sqh_to_json_link(vm, argv[2], "device.send", &data) != SQ_OK)
		return SQ_ERROR;
	device_send(sq_str(argv[1]), data);
	json_decref(data);
	return 0;
}

static int n_device_isconnected(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)argv;
	*ret = sq_bool(device_isconnected());
	return 0;
}

static int n_device_onconnect(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct sqh_cb *cb = sqh_slot("onconnect", argv[1]);

	(void)vm;
	(void)argc;
	(void)ret;
	device_onconnect(cb ? sqh_event_tramp : NULL, cb);
	return 0;
}

static int n_device_ondisconnect(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct sqh_cb *cb = sqh_slot("ondisconnect", argv[1]);

	(void)vm;
	(void)argc;
	(void)ret;
	device_ondisconnect(cb ? sqh_event_tramp : NULL, cb);
	return 0;
}

/* server.save(table): the platform throws when the argument is not a
 * table or serializes to more than 64 KB, drops (with an error in the log)
 * what JSON cannot hold, and returns 0 when the table is stored. A store
 * that failed (an injected I/O fault) returns the error code instead. */
static int n_server_save(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	json_t *table = NULL;
	int rc;

	(void)argc;
	sqh_to_json_lenient(vm, argv[1], "server.save", &table);
	rc = server_save(table);
	json_decref(table);
	if (rc == SAVE_ERROR_TOO_BIG)
		return sq_throwf(vm, "server.save: the table is larger than 64 KB serialized");
	if (rc == SAVE_ERROR_NOT_TABLE)
		return sq_throwf(vm, "server.save: expected a table");
	*ret = sq_int(rc);
	return 0;
}

static int n_server_load(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	json_t *t = server_load();
	int rc;

	(void)argc;
	(void)argv;
	rc = sq_from_json(vm, t, ret);
	json_decref(t);
	return rc;
}

void sqb_agent_api(struct sq_vm *vm)
{
	sq_value device = sqh_subtable(vm, "device"), server = sqh_subtable(vm, "server");

	sq_table_setfn(vm, device, "on", n_device_on, 3, ".sc|o");
	sq_table_setfn(vm, device, "send", n_device_send, -2, ".s");
	sq_table_setfn(vm, device, "isconnected", n_device_isconnected, 1, NULL);
	sq_table_setfn(vm, device, "onconnect", n_device_onconnect, 2, ".c|o");
	sq_table_setfn(vm, device, "ondisconnect", n_device_ondisconnect, 2, ".c|o");
	sq_table_setfn(vm, server, "save", n_server_save, -2, ".t");
	sq_table_setfn(vm, server, "load", n_server_load, 1, NULL);
	sqb_agent_http_api(vm);
	sqb_agent_httpout_api(vm);
	sqb_agent_crypto_api(vm);
}
