/* sq_native.h - the native API of impchaos's Squirrel interpreter: what C code
 * (the standard library in lib_*.c, and the hosts through squirrel.h) uses to
 * make and inspect values, raise errors, call back into Squirrel and register
 * functions and classes. Architecture: harness -> agent host / device emulator ->
 * target; this VM is the target's language runtime and knows nothing of imp.
 *
 * NOTE FOR THE STDLIB ENGINEER. Write each library as natives with the signature
 * sq_native_fn and register them from your sqlib_<lib>_register(vm) (declared at
 * the bottom; the VM calls each one at start-up when the file lib_<lib>.c exists
 * - squirrel.mk defines SQ_HAVE_LIB_<LIB> from the file's existence, so no
 * stubs are needed). Methods of a type go in its default delegate with
 * sq_register_method(vm, SQ_TARRAY, "sort", fn, -1, "ac"); globals with
 * sq_register_global. Argument counts and types are checked by the VM before
 * your function runs when you give nparams/typemask (Squirrel's own rules, see
 * sq_register_method). argv[0] is `this` (the string/array/table for a method).
 * Return 0 after storing an OWNED value in *ret (it starts as null), or return
 * sq_throwf(vm, "fmt", ...) to raise an error. Allocation (sq_malloc and every
 * constructor below) never returns NULL: on "out of memory" it longjmps to the
 * innermost VM boundary, so do not hold plain malloc() memory across calls that
 * allocate - use sq_malloc, whose blocks are at worst leaked against the quota.
 *
 * REFERENCE COUNTING RULES (every object dies when its last reference goes; a
 * cycle collector reclaims cycles):
 *  - Values passed INTO an API function are BORROWED: the callee increfs what it
 *    keeps (sq_array_push, sq_table_rawset, sq_throw, sq_call's args...).
 *  - Values RETURNED by constructors (sq_string_new, sq_array_new, ...), by
 *    sq_get/sq_call/sq_tostring/sq_clone (through their out parameter) and
 *    stored by a native into *ret are OWNED: the receiver must eventually give
 *    the reference away (store into *ret) or sq_release() it.
 *  - Plain readers (sq_array_get, sq_table_rawget, sq_table_next, sq_str) return
 *    BORROWED values valid until the container is next modified or any Squirrel
 *    code runs; sq_dup() one if you need it longer.
 *  - argv[] entries are borrowed and stay valid for the whole native call.
 *  - On error (a non-zero return) out parameters are left null; nothing to free.
 *    *ret of a native that returns an error is released by the VM.
 *  - Integers, floats, bools and null are not reference counted.
 */
#ifndef SQ_NATIVE_H
#define SQ_NATIVE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Value types. Everything from SQ_TSTRING on lives on the heap and is counted.
 * Names as `typeof` prints them: sq_typename(). */
typedef enum sq_type {
	SQ_TNULL = 0,
	SQ_TBOOL,
	SQ_TINTEGER,
	SQ_TFLOAT,
	SQ_TSTRING,	/* first heap type */
	SQ_TTABLE,
	SQ_TARRAY,
	SQ_TCLOSURE,	/* Squirrel function; typeof "function" */
	SQ_TNATIVE,	/* C function; typeof "function" */
	SQ_TCLASS,
	SQ_TINSTANCE,
	SQ_TGENERATOR,
	SQ_TUSERDATA,
	SQ_TWEAKREF,
	SQ_TPROTO,	/* internal: compiled function prototype */
	SQ_TUPVAL,	/* internal: captured variable */
	SQ_NTYPES
} sq_type;

/* The header every heap object starts with. Only rc is for outside use, via
 * sq_incref/sq_release. serial is the object's creation number in its VM: it is
 * what objects hash by, so table order never depends on addresses. */
typedef struct sq_obj {
	uint32_t rc;
	uint8_t type;
	uint8_t gcflags;
	uint16_t aux;
	uint32_t serial;
	uint32_t gcrefs;		/* collector scratch */
	struct sq_obj *gcnext, *gcprev;
	struct sq_obj *weak;	/* the weakref object pointing here, if any */
} sq_obj;

/* A Squirrel value: 16 bytes, numbers inline. */
typedef struct sq_value {
	sq_type type;
	union {
		int32_t i;	/* SQ_TINTEGER; also SQ_TBOOL (0/1) */
		float f;	/* SQ_TFLOAT */
		sq_obj *o;	/* heap types */
	} u;
} sq_value;

typedef struct sq_vm sq_vm;

/* A native function. argv[0] is `this`, argv[1..argc-1] the arguments (argc
 * counts `this`). Store an owned result in *ret (initially null) and return 0,
 * or return SQ_ERROR after sq_throwf()/sq_throw() (or after a failed sq_call,
 * sq_get, ... which already set the error: just return its SQ_ERROR). */
typedef int (*sq_native_fn)(sq_vm *vm, int argc, sq_value *argv, sq_value *ret);

#define SQ_OK 0
#define SQ_ERROR (-1)

/* ---- making plain values ---- */
static inline sq_value sq_null(void) { sq_value v; v.type = SQ_TNULL; v.u.o = NULL; return v; }
static inline sq_value sq_bool(int b) { sq_value v; v.type = SQ_TBOOL; v.u.o = NULL; v.u.i = b != 0; return v; }
static inline sq_value sq_int(int32_t i) { sq_value v; v.type = SQ_TINTEGER; v.u.o = NULL; v.u.i = i; return v; }
static inline sq_value sq_float(float f) { sq_value v; v.type = SQ_TFLOAT; v.u.o = NULL; v.u.f = f; return v; }
static inline int sq_isobj(sq_value v) { return v.type >= SQ_TSTRING; }
static inline int sq_isnumber(sq_value v) { return v.type == SQ_TINTEGER || v.type == SQ_TFLOAT; }
/* A number as float / as integer (floats truncate toward zero). */
static inline float sq_tofloat(sq_value v) { return v.type == SQ_TINTEGER ? (float)v.u.i : v.u.f; }
int32_t sq_toint(sq_value v);

/* "null", "bool", "integer", "float", "string", "table", "array", "function",
 * "class", "instance", "generator", "userdata", "weakref" (no _typeof). */
const char *sq_typename(sq_value v);
/* typeof as the language does it (instances with _typeof, blob...): owned string. */
int sq_typeof(sq_vm *vm, sq_value v, sq_value *out);

/* ---- reference counting ---- */
static inline void sq_incref(sq_value v) { if (v.type >= SQ_TSTRING) v.u.o->rc++; }
static inline sq_value sq_dup(sq_value v) { sq_incref(v); return v; }
void sq_obj_free(sq_vm *vm, sq_obj *o);
static inline void sq_release(sq_vm *vm, sq_value v)
{
	if (v.type >= SQ_TSTRING && --v.u.o->rc == 0)
		sq_obj_free(vm, v.u.o);
}

/* ---- memory: every block counts against the VM's quota ---- */
void *sq_malloc(sq_vm *vm, size_t n);		/* never NULL (unwinds on OOM) */
void *sq_realloc(sq_vm *vm, void *p, size_t n);	/* p may be NULL */
void sq_free(sq_vm *vm, void *p);		/* p may be NULL */
size_t sq_mem_used(sq_vm *vm);

/* ---- errors ---- */
int sq_throwf(sq_vm *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sq_throw(sq_vm *vm, sq_value v);	/* throw any value (borrowed) */
/* The pending error value (borrowed; null if none) - e.g. to wrap it. */
sq_value sq_error_value(sq_vm *vm);
/* Check argument count and types as registration does; returns 0 or SQ_ERROR
 * with "wrong number of parameters" / "parameter 1 has an invalid type
 * 'string' ; expected: 'integer'". See sq_register_method for the masks. */
int sq_check_args(sq_vm *vm, int argc, const sq_value *argv, int nparams, const char *typemask);

/* ---- strings (all interned; immutable; NUL-terminated; may contain NULs) ---- */
sq_value sq_string_new(sq_vm *vm, const char *s, size_t len);
sq_value sq_string_cstr(sq_vm *vm, const char *s);
sq_value sq_string_fmt(sq_vm *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *sq_str(sq_value s);		/* borrowed bytes of a string value */
size_t sq_strlen(sq_value s);

/* A growable byte buffer in VM memory for building strings. */
typedef struct sq_buf { char *p; size_t len, cap; } sq_buf;
void sq_buf_init(sq_buf *b);
void sq_buf_add(sq_vm *vm, sq_buf *b, const char *s, size_t n);
void sq_buf_addc(sq_vm *vm, sq_buf *b, char c);
void sq_buf_printf(sq_vm *vm, sq_buf *b, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
sq_value sq_buf_finish(sq_vm *vm, sq_buf *b);	/* owned string; frees the buffer */
void sq_buf_release(sq_vm *vm, sq_buf *b);

/* Squirrel's number formatting (tostring: integers "%d", floats "%g", so 1.0
 * prints "1") and parsing of a number in a string for tointeger/tofloat
 * (decimal, 0x hex, floats; surrounding blanks allowed). sq_str2num returns
 * 0, or -1 when the string is not a number ("cannot convert the string"). */
void sq_num2str(sq_value v, char *buf, size_t n);
int sq_str2num(const char *s, size_t len, int want_float, sq_value *out);

/* ---- arrays ---- */
sq_value sq_array_new(sq_vm *vm, uint32_t n);	/* n nulls */
uint32_t sq_array_len(sq_value a);
sq_value sq_array_get(sq_value a, uint32_t i);	/* borrowed; i < len */
sq_value *sq_array_items(sq_value a);		/* borrowed; invalid after resize */
void sq_array_set(sq_vm *vm, sq_value a, uint32_t i, sq_value v);
void sq_array_push(sq_vm *vm, sq_value a, sq_value v);
void sq_array_insert(sq_vm *vm, sq_value a, uint32_t i, sq_value v);	/* i <= len */
void sq_array_remove(sq_vm *vm, sq_value a, uint32_t i);		/* i < len */
void sq_array_resize(sq_vm *vm, sq_value a, uint32_t n, sq_value fill);

/* ---- tables (iteration order: insertion order, deterministic) ---- */
sq_value sq_table_new(sq_vm *vm);
uint32_t sq_table_count(sq_value t);
int sq_table_rawget(sq_value t, sq_value key, sq_value *out);	/* 1 found (borrowed) */
void sq_table_rawset(sq_vm *vm, sq_value t, sq_value key, sq_value val); /* create or overwrite */
int sq_table_rawdelete(sq_vm *vm, sq_value t, sq_value key);	/* 1 if it existed */
void sq_table_clear(sq_vm *vm, sq_value t);
/* Iterate: uint32_t it = 0; while (sq_table_next(t, &it, &k, &v)) ...
 * k and v are borrowed. Safe against deleting the current key. */
int sq_table_next(sq_value t, uint32_t *it, sq_value *key, sq_value *val);
sq_value sq_table_getdelegate(sq_value t);	/* borrowed; null if none */
int sq_table_setdelegate(sq_vm *vm, sq_value t, sq_value delegate); /* null clears */

/* ---- generic access with delegates, metamethods and default delegates ---- */
int sq_get(sq_vm *vm, sq_value obj, sq_value key, sq_value *out);	/* owned out */
int sq_set(sq_vm *vm, sq_value obj, sq_value key, sq_value val);
int sq_newslot(sq_vm *vm, sq_value obj, sq_value key, sq_value val);
int sq_delete(sq_vm *vm, sq_value obj, sq_value key);
/* Raw versions (no delegates/metamethods) for tables, arrays, classes, instances.
 * sq_rawget returns 1 found / 0 missing / SQ_ERROR bad type. */
int sq_rawget(sq_vm *vm, sq_value obj, sq_value key, sq_value *out);	/* owned out */
int sq_rawset(sq_vm *vm, sq_value obj, sq_value key, sq_value val);
/* Compare as < > <=> do (numbers, strings, _cmp): *res <0, 0, >0. */
int sq_cmp(sq_vm *vm, sq_value a, sq_value b, int *res);
int sq_rawequal(sq_value a, sq_value b);	/* == without metamethods */
/* Call fn (closure, native, class = construct, or object with _call) with this
 * and nargs arguments (all borrowed). Owned result in *ret. */
int sq_call(sq_vm *vm, sq_value fn, sq_value thisv, int nargs, const sq_value *args, sq_value *ret);
/* tostring exactly as the language (calls _tostring). Owned string in *out. */
int sq_tostring(sq_vm *vm, sq_value v, sq_value *out);
int sq_clone(sq_vm *vm, sq_value v, sq_value *out);
sq_value sq_roottable(sq_vm *vm);	/* borrowed */
sq_value sq_consttable(sq_vm *vm);	/* borrowed */

/* ---- registration ----
 * nparams counts `this`: n > 0 exactly n; n < 0 at least -n; 0 no check.
 * typemask: one group per parameter starting with `this`, letters joined by '|'
 * allowed alternatives: 'o' null, 'i' integer, 'f' float, 'n' integer|float,
 * 's' string, 't' table, 'a' array, 'u' userdata, 'c' closure|native,
 * 'b' bool, 'g' generator, 'x' instance, 'y' class, 'r' weakref, '.' any.
 * E.g. "ai|f" = this array, arg 1 integer or float. NULL = no type check. */
void sq_register_method(sq_vm *vm, sq_type t, const char *name, sq_native_fn fn,
			int nparams, const char *typemask);
void sq_register_global(sq_vm *vm, const char *name, sq_native_fn fn,
			int nparams, const char *typemask);
sq_value sq_native_new(sq_vm *vm, const char *name, sq_native_fn fn,
		       int nparams, const char *typemask);	/* owned */
/* Set a slot of a table by C-string name (e.g. build `math`): val borrowed. */
void sq_table_setstr(sq_vm *vm, sq_value t, const char *name, sq_value val);
void sq_table_setfn(sq_vm *vm, sq_value t, const char *name, sq_native_fn fn,
		    int nparams, const char *typemask);

/* Classes implemented in C (blob, regexp). Instances carry a void* user pointer
 * that the class's release hook frees when the instance dies. The constructor
 * is a method named "constructor" (argv[0] = the new instance); it calls
 * sq_instance_setudata. typeof_name, if set, is what typeof prints ("blob"). */
typedef void (*sq_release_cb)(sq_vm *vm, void *udata);
typedef struct sq_method_def {
	const char *name;
	sq_native_fn fn;
	int nparams;
	const char *typemask;
	int is_static;
} sq_method_def;
typedef struct sq_class_def {
	const char *name;		/* registered as a global of that name */
	const char *typeof_name;	/* NULL = "instance" */
	sq_release_cb release;		/* NULL = nothing to free */
	const sq_method_def *methods;	/* terminated by a {NULL} entry */
} sq_class_def;
sq_value sq_class_register(sq_vm *vm, const sq_class_def *def);	/* borrowed class */
void *sq_instance_udata(sq_value inst);		/* NULL if none / not an instance */
void sq_instance_setudata(sq_value inst, void *udata);
/* 1 if inst is an instance of cls or of a class derived from it. */
int sq_instanceof(sq_value inst, sq_value cls);
/* Create an instance of a native class without running its constructor. */
sq_value sq_instance_new(sq_vm *vm, sq_value cls);	/* owned */

/* ---- blobs (lib_blob.c), for hosts whose API takes or gives bytes ---- */
/* A new blob holding a copy of n bytes, its pointer at 0 (owned in *out). */
int sq_blob_new(sq_vm *vm, const void *src, size_t n, sq_value *out);
/* The bytes of a blob (borrowed: valid until the blob changes or Squirrel
 * runs) and their count in *n; NULL when v is not a blob. */
const uint8_t *sq_blob_bytes(sq_vm *vm, sq_value v, size_t *n);

/* ---- host services the libraries use ---- */
double sq_vm_time(sq_vm *vm);	/* seconds since the epoch (host's clock) */
double sq_vm_clock(sq_vm *vm);	/* processor seconds (host's clock) */
void sq_vm_print(sq_vm *vm, const char *s, size_t n);	/* print() output */
void sq_vm_eprint(sq_vm *vm, const char *s, size_t n);	/* error() output */

/* ---- provided by the standard library (lib_*.c), called at VM start-up ---- */
void sqlib_string_register(sq_vm *vm);
void sqlib_array_register(sq_vm *vm);
void sqlib_table_register(sq_vm *vm);
void sqlib_blob_register(sq_vm *vm);
void sqlib_math_register(sq_vm *vm);
void sqlib_regexp_register(sq_vm *vm);
void sqlib_time_register(sq_vm *vm);
/* format(fmt, ...): argv[0] this, argv[1] the format string, then the values.
 * A native; lib_base registers it as the global `format` (lives in lib_string.c). */
int sqlib_format(sq_vm *vm, int argc, sq_value *argv, sq_value *ret);

#endif
