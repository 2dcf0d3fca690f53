/*
 * agent.c - imp-agent, the agent host: one process per agent instance.
 * Harness -> imp-agent -> agent.so (the target's agent code).
 *
 * Implements the agent side of the target API (impchaos/agent.h) on top of
 * the shared runtime (rt.c) and the persisted store (store.c); HTTP requests
 * to the agent are agent_http.c's, requests from it agent_httpout.c's. A restart, crash recovery or migration is a new
 * imp-agent process over the same store file, whose path the harness passes
 * in the init frame.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impchaos/agent.h"
#include "core/jtext.h"
#include "core/proto.h"
#include "agent_http.h"
#include "agent_httpout.h"
#include "hfault.h"
#include "rt.h"
#include "sq_agent.h"
#include "store.h"

static struct store store;
static const char *store_path;
static int store_sync;

static int agent_setup(const json_t *init, char *err, size_t errlen)
{
	store_path = json_string_value(json_object_get(init, "store"));
	store_sync = json_is_true(json_object_get(init, "sync"));
	if (!store_path) {
		snprintf(err, errlen, "init frame names no store");
		return -EINVAL;
	}
	return 0;
}

/* The target is loaded: from here on the host works in the store's
 * directory (store.h). */
static void agent_loaded(void)
{
	store_open(&store, store_path);
}

void device_on(const char *name, imp_msg_cb cb, void *ud)
{
	rt_on(name, cb, ud);
}

void device_send(const char *name, json_t *data)
{
	if (!name) {
		rt_target_error("device_send: NULL message name");
		return;
	}
	if (!rt_send_allowed())
		return;
	{
		char *clean = rt_utf8(name);
		const char *nm = clean ? clean : name;
		struct proto_build *b = rt_effect_begin("send", 2);

		proto_build_string(b, "name", nm, strlen(nm));
		proto_build_value(b, "data", data);
		rt_effect_end(b);
		free(clean);
	}
	hfault_point("agent/send/crash");
}

bool device_isconnected(void)
{
	return rt_linked();
}

void device_onconnect(imp_event_cb cb, void *ud)
{
	rt_onlink(true, cb, ud);
}

void device_ondisconnect(imp_event_cb cb, void *ud)
{
	rt_onlink(false, cb, ud);
}

/* The text of the table being saved, kept for the process's saves. The
 * lock keeps a target's own thread that saves (an error the harness
 * reports) from writing into it at the same time. */
static struct jtext save_text;
static pthread_mutex_t save_lock = PTHREAD_MUTEX_INITIALIZER;

static int save(json_t *table);

int server_save(json_t *table)
{
	int rc;

	pthread_mutex_lock(&save_lock);
	rc = save(table);
	pthread_mutex_unlock(&save_lock);
	return rc;
}

static int save(json_t *table)
{
	/* A table is serialized once, into a buffer kept for the process's
	 * saves (jtext: the bytes json_dumps writes, with no allocation once
	 * the buffer is large enough); its size is checked on the text that
	 * the store then writes. What jtext leaves to jansson (a string that
	 * is not UTF-8, a table that contains itself, a failed allocation)
	 * goes through json_dumps as before. */
	char *dumped = NULL;
	const char *text = NULL;
	struct proto_build *b;
	size_t size;
	int rc;

	if (json_is_object(table)) {
		if (jtext_dump(&save_text, table) == 0)
			text = save_text.buf;
		else
			text = dumped = json_dumps(table, JSON_COMPACT);
	}
	size = dumped ? strlen(dumped) : text ? save_text.len :
	       table ? json_dumpb(table, NULL, 0, JSON_COMPACT) : 0;
	if (size > PROTO_MAX_FRAME - 4096) {
		/* Too big for the store and for any frame: refused as a table
		 * over 64 KB is, its size in the trace instead of its content. */
		rt_effect(json_pack("{s:s, s:i, s:{s:I}}", "t", "save", "rc", SAVE_ERROR_TOO_BIG,
				    "table", "$impchaos.too_big", (json_int_t)size));
		free(dumped);
		return SAVE_ERROR_TOO_BIG;
	}
	/* Announced first: if the process dies inside the save, the harness
	 * knows which table was in flight (persist-roundtrip accepts it). */
	b = rt_effect_begin("saving", 1);
	proto_build_value(b, "table", table);
	rt_effect_end(b);
	rc = text ? store_save_text(&store, text, size, store_sync) :
		    store_save(&store, table, store_sync);
	free(dumped);

	b = rt_effect_begin("save", 2);
	proto_build_int(b, "rc", rc);
	proto_build_value(b, "table", table);
	rt_effect_end(b);
	return rc;
}

json_t *server_load(void)
{
	char err[512];
	json_t *t = store_load(&store, err, sizeof(err));

	if (!t) {
		/* The platform never hands agent code a broken table; report it
		 * loudly and give the target what the platform would give an agent
		 * with nothing saved. persist-roundtrip flags the loss. */
		rt_target_error("server_load: %s", err);
		t = json_object();
	}
	rt_effect(json_pack("{s:s, s:O}", "t", "load", "table", t));
	return t;
}

/* Frames only the agent knows: requests to it, answers to its requests. */
static int agent_frame(const char *type, const json_t *ev)
{
	int rc = agent_http_frame(type, ev);

	return rc == -ENOENT ? agent_httpout_frame(type, ev) : rc;
}

int main(int argc, char **argv)
{
	static const struct rt_role role = {
		.name = "agent",
		.entry = "agent_main",
		.setup = agent_setup,
		.loaded = agent_loaded,
		.frame = agent_frame,
		.sq_api = sqb_agent_api,
		/* Not documented by the platform; a generous cloud VM. */
		.sq_default_quota = 1 << 20,
	};
	int rc = rt_main(&role, argc, argv);

	agent_http_release();
	agent_httpout_release();
	jtext_release(&save_text);
	return rc;
}
