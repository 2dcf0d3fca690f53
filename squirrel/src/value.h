/* value.h - the heap objects behind sq_value (sq_native.h) and the VM state.
 * Internal to squirrel/src: the VM, compiler and collector see these layouts;
 * libraries use the accessor functions of sq_native.h.
 *
 * DESIGN. Every object is reference counted (sq_obj.rc) and freed the moment
 * its count reaches zero. Objects that can hold references (tables, arrays,
 * closures, classes, instances, generators, weakref targets' owners...) are
 * also linked in vm->gclist so gc.c can find cycles by trial deletion: an
 * object whose count is entirely explained by references from other listed
 * objects, and that nothing outside reaches, is garbage. Strings are not in
 * that list: they live in the intern table (gcnext is their bucket chain).
 */
#ifndef SQ_VALUE_H
#define SQ_VALUE_H

#include <setjmp.h>
#include "sq_native.h"

typedef struct sq_string {
	sq_obj h;
	uint32_t hash;
	uint32_t len;
	char s[];
} sq_string;

typedef struct sq_tentry {
	sq_value key;	/* null key = deleted entry */
	sq_value val;
} sq_tentry;

/* Insertion-ordered hash table: entries[] in insertion order (with holes for
 * deleted keys), index[] an open-addressed array of entry numbers + 1. */
typedef struct sq_table {
	sq_obj h;
	sq_tentry *entries;
	uint32_t nused;		/* entries used, including holes */
	uint32_t count;		/* live entries */
	uint32_t cap;		/* entries allocated */
	uint32_t mask;		/* index size - 1 (power of two) */
	uint32_t *index;
	struct sq_table *delegate;
} sq_table;

typedef struct sq_array {
	sq_obj h;
	sq_value *items;
	uint32_t len, cap;
} sq_array;

typedef struct sq_upval {
	sq_obj h;
	sq_value *v;		/* points into the stack while open, at closed after */
	sq_value closed;
	struct sq_upval *next;	/* open list, sorted by stack slot, highest first */
} sq_upval;

/* How a closure captures: from the enclosing function's local slot or its upvalue. */
typedef struct sq_updesc { uint16_t fromlocal; uint16_t idx; } sq_updesc;

typedef struct sq_proto {
	sq_obj h;
	uint32_t *code;
	uint32_t ncode;
	int32_t *lines;		/* source line per instruction */
	sq_value *consts;
	uint32_t nconsts;
	struct sq_proto **protos;
	uint32_t nprotos;
	sq_updesc *updesc;
	uint32_t nupvals;
	sq_string *name;	/* NULL = anonymous */
	sq_string *source;
	sq_string **paramnames;	/* nparams names, `this` first (getinfos) */
	uint16_t nparams;	/* including `this` */
	uint16_t ndefaults;	/* trailing parameters with defaults */
	uint16_t maxslots;	/* locals + temporaries */
	uint8_t varargs;
	uint8_t generator;
} sq_proto;

typedef struct sq_closure {
	sq_obj h;
	sq_proto *p;
	sq_value env;		/* bound `this` (bindenv) or null */
	uint8_t hasenv;
	sq_value *defaults;	/* p->ndefaults values, evaluated at creation */
	struct sq_class *owner;	/* class the function was declared in (for base) */
	sq_upval *up[];
} sq_closure;

typedef struct sq_nclosure {
	sq_obj h;
	sq_native_fn fn;
	sq_string *name;
	int nparams;
	char *typemask;
	sq_value env;
	uint8_t hasenv;
} sq_nclosure;

typedef struct sq_class {
	sq_obj h;
	struct sq_class *base;
	sq_table *members;	/* methods and static members: name -> value */
	sq_table *fields;	/* instance variables: name -> integer index */
	sq_array *defaults;	/* default value of each instance variable */
	sq_table *attrs;	/* member -> attributes (</ />); the class's own under false */
	sq_value ctor;		/* cached "constructor" or null */
	sq_release_cb release;
	const char *typeof_name;
	uint8_t locked;		/* an instance exists: no new members */
} sq_class;

typedef struct sq_instance {
	sq_obj h;
	sq_class *cls;
	void *udata;
	uint32_t n;
	sq_value v[];
} sq_instance;

enum { SQ_GEN_SUSPENDED, SQ_GEN_RUNNING, SQ_GEN_DEAD };
typedef struct sq_generator {
	sq_obj h;
	sq_closure *cl;
	sq_value *slots;	/* saved frame while suspended */
	uint32_t nslots;
	uint32_t pc;
	int state;
	uint32_t *handlers;	/* (catch pc, sp - base) of try blocks open at the yield */
	uint32_t nhandlers;
	struct sq_upval *openups;	/* upvalues of its locals, pointing into slots */
} sq_generator;

typedef struct sq_weakref {
	sq_obj h;
	sq_obj *target;		/* NULL once it died */
	sq_type ttype;
} sq_weakref;

typedef struct sq_userdata {
	sq_obj h;
	void *p;
	sq_release_cb release;
} sq_userdata;

#define AS_STR(v) ((sq_string *)(v).u.o)
#define AS_TABLE(v) ((sq_table *)(v).u.o)
#define AS_ARRAY(v) ((sq_array *)(v).u.o)
#define AS_CLOSURE(v) ((sq_closure *)(v).u.o)
#define AS_NATIVE(v) ((sq_nclosure *)(v).u.o)
#define AS_CLASS(v) ((sq_class *)(v).u.o)
#define AS_INST(v) ((sq_instance *)(v).u.o)
#define AS_GEN(v) ((sq_generator *)(v).u.o)
#define AS_WEAK(v) ((sq_weakref *)(v).u.o)
#define AS_PROTO(v) ((sq_proto *)(v).u.o)

/* Weak references read through transparently when taken out of a slot. */
static inline sq_value sq_realval(sq_value v)
{
	if (v.type == SQ_TWEAKREF) {
		sq_obj *t = ((struct sq_weakref *)v.u.o)->target;
		if (!t) { v.type = SQ_TNULL; v.u.o = NULL; return v; }
		v.type = (sq_type)t->type;
		v.u.o = t;
	}
	return v;
}

static inline sq_value sq_objval(void *o)
{
	sq_value v;
	v.type = (sq_type)((sq_obj *)o)->type;
	v.u.o = (sq_obj *)o;
	return v;
}

/* A value slot assignment that keeps counts right: new value increfed first. */
static inline void sq_assign(sq_vm *vm, sq_value *dst, sq_value v)
{
	sq_value old = *dst;
	sq_incref(v);
	*dst = v;
	sq_release(vm, old);
}

/* ---- the VM ---- */
typedef struct sq_frame {
	sq_closure *cl;		/* NULL for a native frame */
	sq_nclosure *nc;
	uint32_t pc;
	uint32_t base;		/* stack index of `this` (local 0) */
	uint32_t top;		/* first free slot (natives) */
	uint32_t ret_to;	/* where the result goes (stack slot of the callee) */
	sq_generator *gen;	/* running generator, if this frame is one */
	uint8_t boundary;	/* 1: return from here leaves the execute() call */
	uint8_t is_ctor;	/* constructor call: the result is `this` */
} sq_frame;

typedef struct sq_handler {
	uint32_t frame;		/* index of the frame owning the try */
	uint32_t pc;		/* catch target */
	uint32_t sp;		/* stack top to restore */
} sq_handler;

struct sq_handle {
	sq_value v;
	struct sq_handle *prev, *next;
};

#define SQ_STACK_SLOTS (256 * 1024)
#define SQ_MAX_CALLS 10000
#define SQ_MAX_CDEPTH 200

#include "../include/squirrel.h"

struct sq_vm {
	/* memory */
	size_t mem_used, mem_quota;
	struct blk { size_t size; struct blk *prev, *next; size_t pad; } blocks;	/* live blocks (mem.c) */
	jmp_buf *oomjmp;	/* innermost protected boundary */
	/* objects */
	uint32_t serial;
	sq_obj gclist;		/* sentinel of the list of container objects */
	uint32_t ncontainers, gc_threshold;
	int gc_running;
	int free_depth;
	sq_obj *freeq;		/* objects waiting to be freed (bounded recursion) */
	sq_string **strtab;
	uint32_t strcount, strmask;
	/* stack and frames */
	sq_value *stack;
	uint32_t sp;		/* first free slot */
	sq_frame *frames;
	uint32_t nframes;
	sq_handler *handlers;
	uint32_t nhandlers, caphandlers;
	sq_upval *openupvals;
	int cdepth;
	char *scratch;		/* concatenation buffer, reused */
	size_t scratchlen;
	sq_value tmps[16];	/* owned temporaries released if an allocation unwinds */
	int ntmps;
	/* well-known values */
	sq_value root, consts, registry;
	sq_table *typedeleg[SQ_NTYPES];	/* default delegates */
	sq_string *s_constructor, *s_this, *s_vargv;
	sq_value s_oom;		/* "out of memory", made in advance */
	sq_string *mm[20];	/* metamethod names, by SQ_MM_* */
	/* errors */
	sq_value err;		/* pending error value */
	int has_err;
	int traced;		/* lasterr's frames describe the pending error */
	char trace_names[SQ_MAX_FRAMES][64];
	char trace_files[SQ_MAX_FRAMES][160];
	sq_value errstr;	/* tostring of the error, for lasterr.message */
	sq_error_info lasterr;
	char errmsg[512];
	/* host */
	sq_print_cb print, eprint;
	sq_clock_cb now, cpu;
	void *host_ud;
	struct sq_handle handles;	/* sentinel */
};

enum {
	SQ_MM_ADD, SQ_MM_SUB, SQ_MM_MUL, SQ_MM_DIV, SQ_MM_MOD, SQ_MM_UNM,
	SQ_MM_GET, SQ_MM_SET, SQ_MM_NEWSLOT, SQ_MM_DELSLOT, SQ_MM_CMP, SQ_MM_CALL,
	SQ_MM_TYPEOF, SQ_MM_TOSTRING, SQ_MM_NEXTI, SQ_MM_CLONED, SQ_MM_INHERITED,
	SQ_MM_NEWMEMBER, SQ_MM_COUNT
};

/* Register an owned C temporary so that an out-of-memory unwind releases it;
 * pop it (without releasing) before giving the reference away. */
static inline void sq_tmp_push(sq_vm *vm, sq_value v)
{
	if (vm->ntmps < 16)
		vm->tmps[vm->ntmps] = v;
	vm->ntmps++;
}
static inline void sq_tmp_pop(sq_vm *vm, int n) { vm->ntmps -= n; }
void sq_tmp_unwind(sq_vm *vm, int to);
/* mem.c */
sq_obj *sq_obj_alloc(sq_vm *vm, size_t size, sq_type t, int container);
void sq_oom(sq_vm *vm) __attribute__((noreturn));
void sq_mem_init(sq_vm *vm);
void sq_mem_free_all(sq_vm *vm);
/* string.c */
sq_string *sq_intern(sq_vm *vm, const char *s, size_t len);
void sq_strtab_init(sq_vm *vm);
void sq_string_unlink(sq_vm *vm, sq_string *s);
/* table.c */
sq_table *sq_tab_new(sq_vm *vm, uint32_t cap);
sq_value *sq_tab_find(sq_table *t, sq_value key);
sq_value *sq_tab_findstr(sq_table *t, sq_string *key);
void sq_tab_set(sq_vm *vm, sq_table *t, sq_value key, sq_value val);
int sq_tab_del(sq_vm *vm, sq_table *t, sq_value key);
void sq_tab_free(sq_vm *vm, sq_table *t);
uint32_t sq_hash(sq_value v);
/* array.c */
sq_array *sq_arr_new(sq_vm *vm, uint32_t n);
void sq_arr_push(sq_vm *vm, sq_array *a, sq_value v);
void sq_arr_free(sq_vm *vm, sq_array *a);
/* class.c */
sq_class *sq_class_new(sq_vm *vm, sq_class *base);
int sq_class_newmember(sq_vm *vm, sq_class *c, sq_value key, sq_value val, int is_static);
int sq_class_instantiate(sq_vm *vm, sq_class *c, sq_value *out);
sq_value *sq_class_lookup(sq_class *c, sq_value key);
sq_value *sq_inst_lookup(sq_instance *in, sq_value key, int *is_field);
sq_value sq_class_mm(sq_vm *vm, sq_class *c, int mm);
/* object.c */
void sq_obj_free_contents(sq_vm *vm, sq_obj *o);
sq_value sq_weakref_get(sq_vm *vm, sq_value v);
/* gc.c */
int sq_gc_collect(sq_vm *vm);
void sq_gc_maybe(sq_vm *vm);
/* call.c */
#define NO_STACK_ROOM(vm, n) ((vm)->sp + (n) + 64 > SQ_STACK_SLOTS)
void sq_close_upvals(sq_vm *vm, uint32_t level);
void sq_release_range(sq_vm *vm, uint32_t from, uint32_t to);
int sq_precall(sq_vm *vm, uint32_t fnslot, int nargs, int *pushed);
/* vm.c */
int sq_run(sq_vm *vm, uint32_t entry, int err_pending);
int sq_execute(sq_vm *vm, uint32_t entry);
int sq_vm_call(sq_vm *vm, sq_value fn, sq_value thisv, int nargs, const sq_value *args, sq_value *ret);
int sq_generator_resume(sq_vm *vm, sq_generator *g, sq_value *ret);
sq_value sq_mkclosure(sq_vm *vm, sq_proto *p, sq_closure *parent, uint32_t base);
int sq_arith(sq_vm *vm, int op, sq_value a, sq_value b, sq_value *out);
void sq_record_trace(sq_vm *vm);
/* ops.c */
int sq_get_ex(sq_vm *vm, sq_value obj, sq_value key, sq_value *out, int raise);
sq_value sq_type_delegate_get(sq_vm *vm, sq_value obj, sq_value key, int *found);
int sq_equal(sq_vm *vm, sq_value a, sq_value b);
int sq_truthy(sq_value v);
/* compile.c */
int sq_compile(sq_vm *vm, const char *src, size_t len, const char *file, sq_value *out);
/* lib_base.c */
void sq_base_register(sq_vm *vm);
void sq_stdlib_register(sq_vm *vm);

#endif
