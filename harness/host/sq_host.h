/*
 * sq_host.h - Squirrel targets in the child hosts: the VM, the imp API
 * both sides share, and the trampolines that turn Squirrel callbacks into
 * the C callbacks of the host runtime. Internal to harness/host.
 *
 *   harness -> imp-agent  [rt.c, agent.c  + sq_host.c + sq_agent*.c]  -> app.agent.nut
 *           -> imp-device [rt.c, device.c + sq_host.c + sq_device*.c] -> app.device.nut
 *
 * DESIGN
 * There is one model of the platform: the host runtime (rt.c, agent.c,
 * device.c) that C targets call. The Squirrel API is a binding over the same
 * functions (device_on, server_save, imp_wakeup, ...): a Squirrel callback
 * is kept in a struct sqh_cb holding an sq_handle, and the C callback given
 * to the runtime is one of the trampolines below. So every fault, trace
 * event and invariant works for Squirrel targets unchanged.
 *
 * Errors are the platform's: an uncaught Squirrel error is logged with
 * server_error() (the message, then a line per stack frame with the file
 * and line the developer wrote, as the imp logs them); on the device it then
 * restarts the device (wake reason WAKEREASON_SQUIRREL_ERROR), on the agent
 * the agent goes on. Exhausting the VM's memory quota is the platform's out
 * of memory: the side restarts (rt_oom). Nothing a script does is a host
 * crash or a harness error.
 */
#ifndef IMPCHAOS_SQ_HOST_H
#define IMPCHAOS_SQ_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include <squirrel.h>

#include "rt.h"

/* Whether the host's --target names a Squirrel file (*.nut). */
bool sqh_is_squirrel(const char *target);

/* Creates the VM with `quota` bytes, registers the API (shared + the
 * role's), preprocesses (#require, @include) and compiles the file. 0, or a
 * negative errno with err filled. */
int sqh_load(const struct rt_role *role, const char *path, size_t quota, char *err,
	     size_t errlen);

/* Runs the file's top level: the "start" event. */
void sqh_start(void);

/* The VM (NULL before sqh_load). */
sq_vm *sqh_vm(void);

/* imp.getmemoryfree(): the quota minus what the VM uses. */
size_t sqh_memory_free(void);

void sqh_release(void);

/* Calls fn with this = the root table and the arguments (borrowed) as
 * target code. An error is handled as the platform does (see DESIGN) and
 * gives -1; *ret (may be NULL) gets the owned result on success. */
int sqh_call(sq_value fn, int nargs, const sq_value *args, sq_value *ret);

/* A Squirrel callback kept by the host. */
struct sqh_cb {
	sq_handle *fn;
	int64_t id;                 /* timers: the runtime's id; else 0 */
	struct sqh_cb *next;        /* sqh_slot's and the timers' lists */
	char *slot;
};

/* A named slot holding one callback (device.on's "msg:NAME",
 * "onconnect", ...): fn replaces what the slot held; null empties it and
 * gives NULL. The slot owns the callback. */
struct sqh_cb *sqh_slot(const char *name, sq_value fn);

/* Trampolines for the runtime's callback types; ud is a struct sqh_cb. */
void sqh_msg_tramp(json_t *data, void *ud);
void sqh_event_tramp(void *ud);
void sqh_reason_tramp(int reason, void *ud);

/* A value as JSON for the link: integers stay integers, floats floats;
 * a function, class, instance... is a Squirrel error raised for the caller
 * (returns SQ_ERROR with the error set, naming `what`). */
int sqh_to_json(sq_vm *vm, sq_value v, const char *what, json_t **out);

/* The same for the link (agent.send, device.send and their handlers): a
 * blob travels as {SQH_BLOB_KEY: "base64 bytes"} and arrives as a blob. */
#define SQH_BLOB_KEY "$impchaos.blob"
int sqh_to_json_link(sq_vm *vm, sq_value v, const char *what, json_t **out);
int sqh_from_json_link(sq_vm *vm, const json_t *j, sq_value *out);	/* owned */

/* Base64 (RFC 4648). encode writes 4 * ((n + 2) / 3) characters and a NUL
 * to out and returns their count; decode writes at most n / 4 * 3 + 3
 * bytes, skips line breaks and blanks, stops at '=', and returns the count,
 * or -1 with *bad the position of a character that is not base64. */
size_t sqh_base64_encode(const uint8_t *s, size_t n, char *out);
long sqh_base64_decode(const char *s, size_t n, uint8_t *out, size_t *bad);

/* A table as the store keeps it: keys and values that JSON cannot hold
 * (functions, blobs, strings with NUL, NaN) are dropped, each with a log
 * line naming it. Never fails but on out of memory. */
int sqh_to_json_lenient(sq_vm *vm, sq_value v, const char *what, json_t **out);

/* Helpers for building the API tables. */
sq_value sqh_subtable(sq_vm *vm, const char *name);      /* root.name, made if missing; borrowed */
void sqh_const_int(sq_vm *vm, const char *name, int value);  /* a global constant */

/* The printable form of a value as server.log shows it (strings as they
 * are; containers by kind and creation number, never an address). A
 * malloc'd string. */
char *sqh_logtext(sq_vm *vm, sq_value v);

#endif
