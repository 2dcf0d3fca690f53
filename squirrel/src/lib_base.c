/* lib_base.c - the base library: global functions (print, error, assert,
 * array, getroottable, collectgarbage, format...) and the methods every value
 * of a type has: conversions of integer/float/bool/string, function methods
 * (call, acall, pcall, bindenv, getinfos), class/instance/generator/weakref
 * methods. The per-type libraries (string, array, table, blob, math, regexp,
 * time) are lib_*.c, registered after this so they may override a method.
 */
#include <string.h>
#include "value.h"

#define NATIVE(name) static int name(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)

NATIVE(b_print)
{
	sq_value s;
	(void)argc;
	if (sq_tostring(vm, argv[1], &s))
		return SQ_ERROR;
	sq_vm_print(vm, AS_STR(s)->s, AS_STR(s)->len);
	sq_release(vm, s);
	(void)ret;
	return 0;
}

NATIVE(b_error)
{
	sq_value s;
	(void)argc;
	(void)ret;
	if (sq_tostring(vm, argv[1], &s))
		return SQ_ERROR;
	sq_vm_eprint(vm, AS_STR(s)->s, AS_STR(s)->len);
	sq_release(vm, s);
	return 0;
}

NATIVE(b_getroottable) { (void)argc; (void)argv; *ret = sq_dup(vm->root); return 0; }
NATIVE(b_getconsttable) { (void)argc; (void)argv; *ret = sq_dup(vm->consts); return 0; }

NATIVE(b_assert)
{
	(void)ret;
	if (!sq_truthy(argv[1])) {
		if (argc > 2 && argv[2].type == SQ_TSTRING)
			return sq_throw(vm, argv[2]);
		return sq_throwf(vm, "assertion failed");
	}
	return 0;
}

NATIVE(b_array)
{
	if (argv[1].u.i < 0)
		return sq_throwf(vm, "negative size");
	*ret = sq_array_new(vm, 0);
	sq_array_resize(vm, *ret, (uint32_t)argv[1].u.i, argc > 2 ? argv[2] : sq_null());
	return 0;
}

NATIVE(b_type)
{
	(void)argc;
	*ret = sq_string_cstr(vm, sq_typename(argv[1]));
	return 0;
}

NATIVE(b_collectgarbage)
{
	(void)argc;
	(void)argv;
	*ret = sq_int(sq_gc_collect(vm));
	return 0;
}

/* ---- conversions ---- */
NATIVE(m_tointeger)
{
	sq_value v = argv[0];
	(void)argc;
	if (v.type == SQ_TSTRING) {
		if (sq_str2num(AS_STR(v)->s, AS_STR(v)->len, 0, ret))
			return sq_throwf(vm, "cannot convert the string");
		return 0;
	}
	*ret = sq_int(sq_toint(v));
	return 0;
}

NATIVE(m_tofloat)
{
	sq_value v = argv[0];
	(void)argc;
	if (v.type == SQ_TSTRING) {
		if (sq_str2num(AS_STR(v)->s, AS_STR(v)->len, 1, ret))
			return sq_throwf(vm, "cannot convert the string");
		return 0;
	}
	*ret = sq_float(v.type == SQ_TFLOAT ? v.u.f : (float)v.u.i);
	return 0;
}

NATIVE(m_tostring)
{
	(void)argc;
	return sq_tostring(vm, argv[0], ret);
}

NATIVE(m_tochar)
{
	char c = (char)sq_toint(argv[0]);
	(void)argc;
	*ret = sq_string_new(vm, &c, 1);
	return 0;
}

NATIVE(m_weakref)
{
	sq_obj *o;
	sq_weakref *w;
	(void)argc;
	if (!sq_isobj(argv[0])) {
		*ret = argv[0];
		return 0;
	}
	o = argv[0].u.o;
	if (o->weak) {
		*ret = sq_dup(sq_objval(o->weak));
		return 0;
	}
	w = (sq_weakref *)sq_obj_alloc(vm, sizeof(sq_weakref), SQ_TWEAKREF, 0);
	w->target = o;
	w->ttype = argv[0].type;
	o->weak = &w->h;
	*ret = sq_objval(w);
	return 0;
}

NATIVE(m_len)
{
	(void)vm;
	(void)argc;
	switch (argv[0].type) {
	case SQ_TSTRING: *ret = sq_int((int32_t)AS_STR(argv[0])->len); break;
	case SQ_TARRAY: *ret = sq_int((int32_t)AS_ARRAY(argv[0])->len); break;
	case SQ_TTABLE: *ret = sq_int((int32_t)AS_TABLE(argv[0])->count); break;
	default: *ret = sq_int(0);
	}
	return 0;
}

/* ---- functions ---- */
NATIVE(f_call)
{
	return sq_vm_call(vm, argv[0], argc > 1 ? argv[1] : vm->root, argc > 2 ? argc - 2 : 0, argv + 2, ret);
}

NATIVE(f_acall)
{
	sq_array *a = AS_ARRAY(argv[1]);
	(void)argc;
	if (a->len < 1)
		return sq_throwf(vm, "wrong number of parameters");
	return sq_vm_call(vm, argv[0], a->items[0], (int)a->len - 1, a->items + 1, ret);
}

NATIVE(f_bindenv)
{
	(void)argc;
	if (argv[0].type == SQ_TCLOSURE) {
		sq_closure *c = AS_CLOSURE(argv[0]), *n;
		sq_proto *p = c->p;
		uint32_t i;
		n = (sq_closure *)sq_obj_alloc(vm, sizeof(sq_closure) + p->nupvals * sizeof(sq_upval *), SQ_TCLOSURE, 1);
		n->p = p;
		p->h.rc++;
		for (i = 0; i < p->nupvals; i++) {
			n->up[i] = c->up[i];
			n->up[i]->h.rc++;
		}
		if (p->ndefaults) {
			n->defaults = sq_malloc(vm, p->ndefaults * sizeof(sq_value));
			for (i = 0; i < p->ndefaults; i++)
				n->defaults[i] = sq_dup(c->defaults[i]);
		}
		n->owner = c->owner;
		if (n->owner)
			sq_incref(sq_objval(n->owner));
		n->env = sq_dup(argv[1]);
		n->hasenv = 1;
		*ret = sq_objval(n);
	} else {
		sq_nclosure *c = AS_NATIVE(argv[0]);
		sq_value n = sq_native_new(vm, c->name ? c->name->s : NULL, c->fn, c->nparams, c->typemask);
		AS_NATIVE(n)->env = sq_dup(argv[1]);
		AS_NATIVE(n)->hasenv = 1;
		*ret = n;
	}
	return 0;
}

NATIVE(f_getinfos)
{
	sq_value t = sq_table_new(vm);
	(void)argc;
	*ret = t;
	if (argv[0].type == SQ_TCLOSURE) {
		sq_proto *p = AS_CLOSURE(argv[0])->p;
		sq_value params = sq_array_new(vm, 0), v;
		int i;
		sq_table_setstr(vm, t, "native", sq_bool(0));
		v = p->name ? sq_objval(p->name) : sq_null();
		sq_table_setstr(vm, t, "name", v);
		sq_table_setstr(vm, t, "src", p->source ? sq_objval(p->source) : sq_null());
		for (i = 0; p->paramnames && i < p->nparams; i++)
			sq_array_push(vm, params, sq_objval(p->paramnames[i]));
		if (p->varargs) {
			sq_value s = sq_string_cstr(vm, "...");
			sq_array_push(vm, params, s);
			sq_release(vm, s);
		}
		sq_table_setstr(vm, t, "parameters", params);
		sq_release(vm, params);
		sq_table_setstr(vm, t, "varargs", sq_int(p->varargs));
		{
			sq_value defs = sq_array_new(vm, 0);
			sq_closure *cl = AS_CLOSURE(argv[0]);
			for (i = 0; i < p->ndefaults; i++)
				sq_array_push(vm, defs, cl->defaults[i]);
			sq_table_setstr(vm, t, "defparams", defs);
			sq_release(vm, defs);
		}
	} else {
		sq_nclosure *n = AS_NATIVE(argv[0]);
		sq_table_setstr(vm, t, "native", sq_bool(1));
		sq_table_setstr(vm, t, "name", n->name ? sq_objval(n->name) : sq_null());
		sq_table_setstr(vm, t, "paramscheck", sq_int(n->nparams));
	}
	return 0;
}

/* ---- classes, instances, generators, weakrefs ---- */
NATIVE(c_instance)
{
	(void)argc;
	return sq_class_instantiate(vm, AS_CLASS(argv[0]), ret);
}

NATIVE(c_getbase)
{
	sq_class *b = AS_CLASS(argv[0])->base;
	(void)vm;
	(void)argc;
	*ret = b ? sq_dup(sq_objval(b)) : sq_null();
	return 0;
}

NATIVE(c_getattributes)
{
	sq_class *c = AS_CLASS(argv[0]);
	sq_value *p;
	(void)vm;
	(void)argc;
	p = c->attrs ? sq_tab_find(c->attrs, argv[1].type == SQ_TNULL ? sq_bool(0) : argv[1]) : NULL;
	*ret = p ? sq_dup(*p) : sq_null();
	return 0;
}

NATIVE(i_getclass)
{
	(void)vm;
	(void)argc;
	*ret = sq_dup(sq_objval(AS_INST(argv[0])->cls));
	return 0;
}

NATIVE(o_rawget)
{
	int r = sq_rawget(vm, argv[0], argv[1], ret);
	(void)argc;
	if (r == 0) {
		char b[32] = "";
		if (argv[1].type == SQ_TINTEGER || argv[1].type == SQ_TFLOAT)
			sq_num2str(argv[1], b, sizeof b);
		return sq_throwf(vm, "the index '%s' does not exist",
				 argv[1].type == SQ_TSTRING ? AS_STR(argv[1])->s : b[0] ? b : sq_typename(argv[1]));
	}
	return r < 0 ? SQ_ERROR : 0;
}

NATIVE(o_rawset)
{
	(void)argc;
	if (sq_rawset(vm, argv[0], argv[1], argv[2]))
		return SQ_ERROR;
	*ret = sq_dup(argv[0]);
	return 0;
}

NATIVE(o_rawin)
{
	sq_value v;
	int r = sq_rawget(vm, argv[0], argv[1], &v);
	(void)argc;
	if (r < 0)
		return SQ_ERROR;
	sq_release(vm, v);
	*ret = sq_bool(r == 1);
	return 0;
}

NATIVE(g_getstatus)
{
	static const char *names[] = { "suspended", "running", "dead" };
	(void)argc;
	*ret = sq_string_cstr(vm, names[AS_GEN(argv[0])->state]);
	return 0;
}

NATIVE(w_ref)
{
	(void)argc;
	*ret = sq_dup(sq_weakref_get(vm, argv[0]));
	return 0;
}

NATIVE(t_len) { return m_len(vm, argc, argv, ret); }

void sq_base_register(sq_vm *vm)
{
	static const sq_type numeric[] = { SQ_TINTEGER, SQ_TFLOAT, SQ_TBOOL };
	static const sq_type all[] = { SQ_TINTEGER, SQ_TFLOAT, SQ_TBOOL, SQ_TSTRING, SQ_TTABLE,
		SQ_TARRAY, SQ_TCLOSURE, SQ_TCLASS, SQ_TINSTANCE, SQ_TGENERATOR, SQ_TWEAKREF };
	size_t i;

	sq_register_global(vm, "print", b_print, 2, NULL);
	sq_register_global(vm, "error", b_error, 2, NULL);
	sq_register_global(vm, "getroottable", b_getroottable, 1, NULL);
	sq_register_global(vm, "getconsttable", b_getconsttable, 1, NULL);
	sq_register_global(vm, "assert", b_assert, -2, NULL);
	sq_register_global(vm, "array", b_array, -2, ".n");
	sq_register_global(vm, "type", b_type, 2, NULL);
	sq_register_global(vm, "collectgarbage", b_collectgarbage, 1, NULL);
#ifdef SQ_HAVE_LIB_STRING
	sq_register_global(vm, "format", sqlib_format, -2, ".s");
#endif
	for (i = 0; i < sizeof numeric / sizeof numeric[0]; i++) {
		sq_register_method(vm, numeric[i], "tointeger", m_tointeger, 1, NULL);
		sq_register_method(vm, numeric[i], "tofloat", m_tofloat, 1, NULL);
		sq_register_method(vm, numeric[i], "tochar", m_tochar, 1, NULL);
	}
	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		sq_register_method(vm, all[i], "tostring", m_tostring, 1, NULL);
		sq_register_method(vm, all[i], "weakref", m_weakref, 1, NULL);
	}
	sq_register_method(vm, SQ_TSTRING, "tointeger", m_tointeger, 1, NULL);
	sq_register_method(vm, SQ_TSTRING, "tofloat", m_tofloat, 1, NULL);
	sq_register_method(vm, SQ_TSTRING, "len", m_len, 1, NULL);
	sq_register_method(vm, SQ_TARRAY, "len", m_len, 1, NULL);
	sq_register_method(vm, SQ_TTABLE, "len", t_len, 1, NULL);
	sq_register_method(vm, SQ_TTABLE, "rawget", o_rawget, 2, NULL);
	sq_register_method(vm, SQ_TTABLE, "rawset", o_rawset, 3, NULL);
	sq_register_method(vm, SQ_TTABLE, "rawin", o_rawin, 2, NULL);
	sq_register_method(vm, SQ_TCLOSURE, "call", f_call, -2, NULL);
	sq_register_method(vm, SQ_TCLOSURE, "pcall", f_call, -2, NULL);
	sq_register_method(vm, SQ_TCLOSURE, "acall", f_acall, 2, "ca");
	sq_register_method(vm, SQ_TCLOSURE, "pacall", f_acall, 2, "ca");
	sq_register_method(vm, SQ_TCLOSURE, "bindenv", f_bindenv, 2, NULL);
	sq_register_method(vm, SQ_TCLOSURE, "getinfos", f_getinfos, 1, NULL);
	sq_register_method(vm, SQ_TCLASS, "instance", c_instance, 1, NULL);
	sq_register_method(vm, SQ_TCLASS, "getbase", c_getbase, 1, NULL);
	sq_register_method(vm, SQ_TCLASS, "getattributes", c_getattributes, 2, NULL);
	sq_register_method(vm, SQ_TCLASS, "rawget", o_rawget, 2, NULL);
	sq_register_method(vm, SQ_TCLASS, "rawset", o_rawset, 3, NULL);
	sq_register_method(vm, SQ_TCLASS, "rawin", o_rawin, 2, NULL);
	sq_register_method(vm, SQ_TCLASS, "newmember", o_rawset, -3, NULL);
	sq_register_method(vm, SQ_TINSTANCE, "getclass", i_getclass, 1, NULL);
	sq_register_method(vm, SQ_TINSTANCE, "rawget", o_rawget, 2, NULL);
	sq_register_method(vm, SQ_TINSTANCE, "rawset", o_rawset, 3, NULL);
	sq_register_method(vm, SQ_TINSTANCE, "rawin", o_rawin, 2, NULL);
	sq_register_method(vm, SQ_TGENERATOR, "getstatus", g_getstatus, 1, NULL);
	sq_register_method(vm, SQ_TWEAKREF, "ref", w_ref, 1, NULL);
}
