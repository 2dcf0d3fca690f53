/* api.c - the VM's lifecycle and the host-facing API of squirrel.h and
 * sq_native.h that is not about one object type: creating and freeing a VM,
 * errors (throwing, checking native arguments, the last error and its imp-style
 * formatting), registration of natives, host handles, host print/clock hooks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "value.h"

static const char *mm_names[SQ_MM_COUNT] = {
	"_add", "_sub", "_mul", "_div", "_modulo", "_unm", "_get", "_set", "_newslot",
	"_delslot", "_cmp", "_call", "_typeof", "_tostring", "_nexti", "_cloned",
	"_inherited", "_newmember",
};

static void default_print(void *ud, const char *s, size_t n)
{
	(void)ud;
	fwrite(s, 1, n, stdout);
}

static void default_eprint(void *ud, const char *s, size_t n)
{
	(void)ud;
	fwrite(s, 1, n, stderr);
}

static void init_body(sq_vm *vm);

static int init_protected(sq_vm *vm, jmp_buf *jb)
{
	if (setjmp(*jb)) {
		sq_tmp_unwind(vm, 0);
		return -1;
	}
	vm->oomjmp = jb;
	init_body(vm);
	return 0;
}

sq_vm *sq_vm_new(size_t quota)
{
	sq_vm *vm = calloc(1, sizeof *vm);
	jmp_buf jb;

	if (!vm)
		return NULL;
	vm->stack = calloc(SQ_STACK_SLOTS, sizeof(sq_value));
	vm->frames = calloc(SQ_MAX_CALLS + 1, sizeof(sq_frame));
	if (!vm->stack || !vm->frames) {
		free(vm->stack);
		free(vm->frames);
		free(vm);
		return NULL;
	}
	vm->mem_quota = quota;
	sq_mem_init(vm);
	vm->gclist.gcnext = vm->gclist.gcprev = &vm->gclist;
	vm->gc_threshold = 20000;
	vm->print = default_print;
	vm->eprint = default_eprint;
	vm->handles.next = vm->handles.prev = &vm->handles;
	if (init_protected(vm, &jb)) {
		vm->oomjmp = NULL;
		sq_vm_free(vm);
		return NULL;
	}
	vm->oomjmp = NULL;
	return vm;
}

static void init_body(sq_vm *vm)
{
	int i;

	sq_strtab_init(vm);
	vm->s_oom = sq_string_cstr(vm, "out of memory");
	vm->root = sq_table_new(vm);
	vm->consts = sq_table_new(vm);
	vm->registry = sq_table_new(vm);
	vm->s_constructor = sq_intern(vm, "constructor", 11);
	vm->s_this = sq_intern(vm, "this", 4);
	vm->s_vargv = sq_intern(vm, "vargv", 5);
	for (i = 0; i < SQ_MM_COUNT; i++)
		vm->mm[i] = sq_intern(vm, mm_names[i], strlen(mm_names[i]));
	for (i = 0; i < SQ_NTYPES; i++)
		vm->typedeleg[i] = sq_tab_new(vm, 0);
	sq_base_register(vm);
	sq_stdlib_register(vm);
}

void sq_vm_free(sq_vm *vm)
{
	int i;

	if (!vm)
		return;
	vm->oomjmp = NULL;
	while (vm->handles.next != &vm->handles)
		sq_handle_free(vm, vm->handles.next);
	sq_release_range(vm, 0, vm->sp);
	vm->sp = 0;
	sq_release(vm, vm->err);
	vm->err = sq_null();
	sq_release(vm, vm->errstr);
	vm->errstr = sq_null();
	if (vm->strtab) {
		sq_release(vm, vm->root);
		sq_release(vm, vm->consts);
		sq_release(vm, vm->registry);
		vm->root = vm->consts = vm->registry = sq_null();
		for (i = 0; i < SQ_NTYPES; i++)
			if (vm->typedeleg[i])
				sq_release(vm, sq_objval(vm->typedeleg[i]));
		sq_gc_collect(vm);
		for (i = 0; i < SQ_MM_COUNT; i++)
			if (vm->mm[i])
				sq_release(vm, sq_objval(vm->mm[i]));
		if (vm->s_constructor) sq_release(vm, sq_objval(vm->s_constructor));
		if (vm->s_this) sq_release(vm, sq_objval(vm->s_this));
		if (vm->s_vargv) sq_release(vm, sq_objval(vm->s_vargv));
		sq_release(vm, vm->s_oom);
		sq_free(vm, vm->strtab);
	}
	sq_free(vm, vm->handlers);
	sq_free(vm, vm->scratch);
	sq_mem_free_all(vm);
	free(vm->stack);
	free(vm->frames);
	free(vm);
}

void sq_vm_set_print(sq_vm *vm, sq_print_cb print, sq_print_cb eprint, void *ud)
{
	vm->print = print ? print : default_print;
	vm->eprint = eprint ? eprint : default_eprint;
	vm->host_ud = ud;
}

void sq_vm_set_clock(sq_vm *vm, sq_clock_cb now, sq_clock_cb cpu, void *ud)
{
	vm->now = now;
	vm->cpu = cpu;
	vm->host_ud = ud;
}

double sq_vm_time(sq_vm *vm)
{
	struct timespec ts;

	if (vm->now)
		return vm->now(vm->host_ud);
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

double sq_vm_clock(sq_vm *vm)
{
	if (vm->cpu)
		return vm->cpu(vm->host_ud);
	return (double)clock() / CLOCKS_PER_SEC;
}

void sq_vm_print(sq_vm *vm, const char *s, size_t n)
{
	vm->print(vm->host_ud, s, n);
}

void sq_vm_eprint(sq_vm *vm, const char *s, size_t n)
{
	vm->eprint(vm->host_ud, s, n);
}

/* ---- errors ---- */
int sq_throw(sq_vm *vm, sq_value v)
{
	sq_incref(v);
	sq_release(vm, vm->err);
	vm->err = v;
	vm->has_err = 1;
	vm->traced = 0;
	return SQ_ERROR;
}

int sq_throwf(sq_vm *vm, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	sq_value s;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	s = sq_string_cstr(vm, buf);
	sq_throw(vm, s);
	sq_release(vm, s);
	return SQ_ERROR;
}

sq_value sq_error_value(sq_vm *vm)
{
	return vm->has_err ? vm->err : sq_null();
}

void sq_clear_error(sq_vm *vm)
{
	sq_release(vm, vm->err);
	vm->err = sq_null();
	vm->has_err = 0;
	vm->traced = 0;
}

static int type_matches(char m, sq_value v)
{
	switch (m) {
	case 'o': return v.type == SQ_TNULL;
	case 'i': return v.type == SQ_TINTEGER;
	case 'f': return v.type == SQ_TFLOAT;
	case 'n': return v.type == SQ_TINTEGER || v.type == SQ_TFLOAT;
	case 's': return v.type == SQ_TSTRING;
	case 't': return v.type == SQ_TTABLE;
	case 'a': return v.type == SQ_TARRAY;
	case 'u': return v.type == SQ_TUSERDATA;
	case 'c': return v.type == SQ_TCLOSURE || v.type == SQ_TNATIVE;
	case 'b': return v.type == SQ_TBOOL;
	case 'g': return v.type == SQ_TGENERATOR;
	case 'x': return v.type == SQ_TINSTANCE;
	case 'y': return v.type == SQ_TCLASS;
	case 'r': return v.type == SQ_TWEAKREF;
	case '.': return 1;
	default: return 0;
	}
}

static const char *mask_name(char m)
{
	switch (m) {
	case 'o': return "null";
	case 'i': return "integer";
	case 'f': return "float";
	case 'n': return "integer|float";
	case 's': return "string";
	case 't': return "table";
	case 'a': return "array";
	case 'u': return "userdata";
	case 'c': return "closure|nativeclosure";
	case 'b': return "bool";
	case 'g': return "generator";
	case 'x': return "instance";
	case 'y': return "class";
	case 'r': return "weakref";
	default: return "any";
	}
}

int sq_check_args(sq_vm *vm, int argc, const sq_value *argv, int nparams, const char *mask)
{
	int i;
	const char *m = mask;

	if ((nparams > 0 && argc != nparams) || (nparams < 0 && argc < -nparams))
		return sq_throwf(vm, "wrong number of parameters");
	if (!mask)
		return 0;
	for (i = 0; i < argc && *m; i++) {
		const char *g = m;
		int ok = 0;
		char exp[128] = "";
		for (;;) {
			if (type_matches(*m, argv[i]))
				ok = 1;
			m++;
			if (*m != '|')
				break;
			m++;
		}
		if (!ok) {
			for (; g < m; g++) {
				if (*g == '|')
					continue;
				if (exp[0])
					strncat(exp, "|", sizeof exp - strlen(exp) - 1);
				strncat(exp, mask_name(*g), sizeof exp - strlen(exp) - 1);
			}
			return sq_throwf(vm, "parameter %d has an invalid type '%s' ; expected: '%s'",
					 i, sq_typename(argv[i]), exp);
		}
		while (*m == ' ')
			m++;
	}
	return 0;
}

/* ---- registration ---- */
sq_value sq_native_new(sq_vm *vm, const char *name, sq_native_fn fn, int nparams, const char *mask)
{
	sq_nclosure *n = (sq_nclosure *)sq_obj_alloc(vm, sizeof(sq_nclosure), SQ_TNATIVE, 1);

	n->env = sq_null();
	n->fn = fn;
	n->nparams = nparams;
	sq_tmp_push(vm, sq_objval(n));
	n->name = name ? sq_intern(vm, name, strlen(name)) : NULL;
	if (mask) {
		n->typemask = sq_malloc(vm, strlen(mask) + 1);
		strcpy(n->typemask, mask);
	}
	sq_tmp_pop(vm, 1);
	return sq_objval(n);
}

void sq_table_setfn(sq_vm *vm, sq_value t, const char *name, sq_native_fn fn, int nparams, const char *mask)
{
	sq_value f = sq_native_new(vm, name, fn, nparams, mask);
	sq_tmp_push(vm, f);
	sq_table_setstr(vm, t, name, f);
	sq_tmp_pop(vm, 1);
	sq_release(vm, f);
}

void sq_register_method(sq_vm *vm, sq_type t, const char *name, sq_native_fn fn, int nparams, const char *mask)
{
	if (t == SQ_TNATIVE)
		t = SQ_TCLOSURE;
	sq_table_setfn(vm, sq_objval(vm->typedeleg[t]), name, fn, nparams, mask);
}

void sq_register_global(sq_vm *vm, const char *name, sq_native_fn fn, int nparams, const char *mask)
{
	sq_table_setfn(vm, vm->root, name, fn, nparams, mask);
}

sq_value sq_roottable(sq_vm *vm) { return vm->root; }
sq_value sq_consttable(sq_vm *vm) { return vm->consts; }

int sq_call(sq_vm *vm, sq_value fn, sq_value thisv, int nargs, const sq_value *args, sq_value *ret)
{
	return sq_vm_call(vm, fn, thisv, nargs, args, ret);
}

/* ---- handles ---- */
sq_handle *sq_handle_new(sq_vm *vm, sq_value v)
{
	sq_handle *h = malloc(sizeof *h);

	if (!h)
		return NULL;
	h->v = sq_dup(v);
	h->next = vm->handles.next;
	h->prev = &vm->handles;
	vm->handles.next->prev = h;
	vm->handles.next = h;
	return h;
}

sq_value sq_handle_value(const sq_handle *h)
{
	return h->v;
}

void sq_handle_free(sq_vm *vm, sq_handle *h)
{
	if (!h)
		return;
	h->prev->next = h->next;
	h->next->prev = h->prev;
	sq_release(vm, h->v);
	free(h);
}

/* ---- last error ---- */
const sq_error_info *sq_last_error(sq_vm *vm)
{
	if (!vm->lasterr.is_compile) {
		sq_value s = sq_null();
		jmp_buf jb, *saved = vm->oomjmp;
		if (setjmp(jb) == 0) {
			vm->oomjmp = &jb;
			if (vm->err.type == SQ_TSTRING) {
				s = sq_dup(vm->err);
			} else {
				sq_value e = sq_dup(vm->err);
				if (sq_tostring(vm, e, &s))
					s = sq_string_cstr(vm, "(error in _tostring)");
				sq_release(vm, e);
			}
		}
		vm->oomjmp = saved;
		sq_release(vm, vm->errstr);
		vm->errstr = s;
		vm->lasterr.message = s.type == SQ_TSTRING ? AS_STR(s)->s : "out of memory";
	} else {
		vm->lasterr.message = vm->errmsg;
	}
	return &vm->lasterr;
}

int sq_format_error(sq_vm *vm, char *buf, size_t n)
{
	const sq_error_info *e = sq_last_error(vm);
	size_t len = 0;
	int i;

	if (e->is_compile) {
		const char *m = vm->err.type == SQ_TSTRING ? AS_STR(vm->err)->s : e->message;
		return snprintf(buf, n, "%s\n", m);
	}
	len += (size_t)snprintf(buf, n, "ERROR: %s\n", e->message);
	for (i = 0; i < e->nframes && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "ERROR:   %s %s %s:%d\n", i == 0 ? "in" : "from",
					e->frames[i].function, e->frames[i].file, e->frames[i].line);
	return (int)len;
}
