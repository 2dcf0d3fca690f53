/* squirrel.h - the public API of impchaos's Squirrel 3.0 interpreter for hosts
 * (the agent host and device emulator embed it; the `sqrun` driver is the
 * smallest host). Architecture: harness -> agent host / device emulator ->
 * target; this library runs the target's Squirrel and knows nothing of imp.
 *
 * Build with -Isquirrel/include -Isquirrel/src; link build/squirrel/libsquirrel.a
 * -ljansson -lpcre2-8 -lm. The native API (values, natives, classes,
 * sq_call...) is in sq_native.h, included here.
 *
 * A host's life: sq_vm_new(quota) -> sq_vm_set_print/_set_clock -> register its
 * natives (sq_register_global, sq_table_setfn on a table then sq_table_setstr on
 * sq_roottable) -> sq_compile_file/_buffer -> sq_call the closure with
 * this = sq_roottable -> on error sq_last_error -> sq_vm_free.
 * A host keeps a Squirrel value alive across calls with sq_handle_new (e.g. the
 * callback given to device.on) and lets go with sq_handle_free.
 *
 * Rules worth knowing:
 *  - A VM is single-threaded; separate VMs share nothing (no globals), so
 *    several may run in one process. Everything is deterministic: table order
 *    is insertion order, objects print and hash by creation serial number.
 *  - The quota is enforced while Squirrel runs (inside sq_call, sq_compile_*):
 *    passing it - or malloc failing - is the Squirrel error "out of memory",
 *    catchable by try/catch. Allocations a host makes outside any call
 *    (building arguments with sq_string_cstr...) may exceed it; there is
 *    nowhere to report that. sq_vm_free returns every byte, leaked or not.
 *  - Calls nest at most 10000 Squirrel frames and 200 C re-entries (natives
 *    calling back, metamethods, generator resumes): beyond is "stack overflow".
 *  - sq_last_error() describes the error of the last failing call until the
 *    next call; message/frames point into VM storage.
 */
#ifndef SQUIRREL_H
#define SQUIRREL_H

#include "../src/sq_native.h"

struct json_t;

/* Create a VM whose allocations may total at most quota bytes (0 = no limit).
 * NULL if even the VM cannot be allocated. The standard library is registered. */
sq_vm *sq_vm_new(size_t quota);
void sq_vm_free(sq_vm *vm);	/* NULL does nothing */

/* Output of print() and error(): default stdout/stderr. */
typedef void (*sq_print_cb)(void *ud, const char *s, size_t n);
void sq_vm_set_print(sq_vm *vm, sq_print_cb print, sq_print_cb eprint, void *ud);
/* Clock for time()/date()/clock(): now returns seconds since the epoch, cpu
 * processor seconds; NULL callbacks = the real clocks. */
typedef double (*sq_clock_cb)(void *ud);
void sq_vm_set_clock(sq_vm *vm, sq_clock_cb now, sq_clock_cb cpu, void *ud);

/* Compile source into a closure (owned, in *out) taking varargs. file names
 * the source in positions and traces. On a compile error returns SQ_ERROR and
 * sq_last_error() holds "file:line:column: error: message" with line/column. */
int sq_compile_buffer(sq_vm *vm, const char *src, size_t len, const char *file, sq_value *out);
int sq_compile_file(sq_vm *vm, const char *path, sq_value *out);

/* Host-held references: keep v alive until sq_handle_free. */
typedef struct sq_handle sq_handle;
sq_handle *sq_handle_new(sq_vm *vm, sq_value v);
sq_value sq_handle_value(const sq_handle *h);	/* borrowed */
void sq_handle_free(sq_vm *vm, sq_handle *h);	/* NULL does nothing */

/* The last uncaught error (after sq_call / sq_compile_* returned SQ_ERROR). */
#define SQ_MAX_FRAMES 32
typedef struct sq_frame_info {
	const char *function;	/* "main", "unknown" for anonymous, or the name */
	const char *file;
	int line;
} sq_frame_info;
typedef struct sq_error_info {
	const char *message;	/* tostring of the thrown value */
	int is_compile;		/* 1 for compile errors */
	int line, column;	/* compile errors */
	int nframes;		/* innermost first */
	sq_frame_info frames[SQ_MAX_FRAMES];
} sq_error_info;
const sq_error_info *sq_last_error(sq_vm *vm);	/* valid until the next call */
/* The error formatted: compile errors as "file:line:col: error: msg\n", runtime
 * errors as the imp logs them: "ERROR: msg\nERROR:   in f file:line\n...". */
int sq_format_error(sq_vm *vm, char *buf, size_t n);
void sq_clear_error(sq_vm *vm);

/* JSON conversion (jansson). Integers stay integers, floats floats; tables
 * become objects (non-string keys are tostring'ed), arrays arrays. Functions,
 * classes, instances, generators... are an error (SQ_ERROR, message set). */
int sq_to_json(sq_vm *vm, sq_value v, struct json_t **out);	/* new reference */
int sq_from_json(sq_vm *vm, const struct json_t *j, sq_value *out);	/* owned */
/* The same with a host's hooks, for values JSON has no type for (a host may
 * carry a blob as an object with a reserved key). encode is asked about each
 * value of such a type: 1 with *out set (a new reference), 0 to leave it the
 * usual error, SQ_ERROR with the error set. decode is asked about each JSON
 * object first: 1 with *out set (owned), 0 to make it a table as usual. */
typedef struct sq_json_hooks {
	int (*encode)(sq_vm *vm, sq_value v, struct json_t **out, void *ud);
	int (*decode)(sq_vm *vm, const struct json_t *obj, sq_value *out, void *ud);
	void *ud;
} sq_json_hooks;
int sq_to_json_with(sq_vm *vm, sq_value v, struct json_t **out, const sq_json_hooks *h);
int sq_from_json_with(sq_vm *vm, const struct json_t *j, sq_value *out, const sq_json_hooks *h);

/* Run a full collection of cycles; returns the number of objects freed. */
int sq_collect_garbage(sq_vm *vm);

/* The sqrun driver's main, also used by `impchaos sq`: sqrun FILE.nut [ARGS]. */
int sq_run_main(int argc, char **argv);

#endif
