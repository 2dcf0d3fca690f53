/* class.c - classes and instances. A class keeps its methods and static
 * members in `members` (name -> value) and its instance variables in `fields`
 * (name -> slot number) with their default values in `defaults`; an instance
 * is a class pointer plus one value per slot. A derived class starts as a copy
 * of its base's three tables, so lookups never walk the inheritance chain.
 * Native classes (blob, regexp) add a C pointer per instance and a release hook.
 */
#include <string.h>
#include "value.h"

sq_class *sq_class_new(sq_vm *vm, sq_class *base)
{
	sq_class *c = (sq_class *)sq_obj_alloc(vm, sizeof(sq_class), SQ_TCLASS, 1);
	uint32_t it = 0;
	sq_value k, v;

	c->ctor = sq_null();
	c->members = sq_tab_new(vm, 0);
	c->fields = sq_tab_new(vm, 0);
	c->defaults = sq_arr_new(vm, 0);
	if (base) {
		sq_incref(sq_objval(base));
		c->base = base;
		while (sq_table_next(sq_objval(base->members), &it, &k, &v))
			sq_tab_set(vm, c->members, k, v);
		it = 0;
		while (sq_table_next(sq_objval(base->fields), &it, &k, &v))
			sq_tab_set(vm, c->fields, k, v);
		for (it = 0; it < base->defaults->len; it++)
			sq_arr_push(vm, c->defaults, base->defaults->items[it]);
		sq_assign(vm, &c->ctor, base->ctor);
		c->release = base->release;
		c->typeof_name = base->typeof_name;
	}
	return c;
}

int sq_class_newmember(sq_vm *vm, sq_class *c, sq_value key, sq_value val, int is_static)
{
	sq_value *f;

	if (c->locked)
		return sq_throwf(vm, "trying to modify a class that has already been instantiated");
	if (key.type == SQ_TSTRING && AS_STR(key) == vm->s_constructor)
		sq_assign(vm, &c->ctor, val);
	f = sq_tab_find(c->fields, key);
	if (f) {
		sq_assign(vm, &c->defaults->items[f->u.i], val);
		return 0;
	}
	if (is_static || val.type == SQ_TCLOSURE || val.type == SQ_TNATIVE) {
		sq_tab_set(vm, c->members, key, val);
		return 0;
	}
	if (sq_tab_find(c->members, key)) {
		sq_tab_set(vm, c->members, key, val);
		return 0;
	}
	sq_tab_set(vm, c->fields, key, sq_int((int32_t)c->defaults->len));
	sq_arr_push(vm, c->defaults, val);
	return 0;
}

/* A member as the class sees it: method, static, or an instance variable's default. */
sq_value *sq_class_lookup(sq_class *c, sq_value key)
{
	sq_value *p = key.type == SQ_TSTRING ? sq_tab_findstr(c->members, AS_STR(key)) : sq_tab_find(c->members, key);

	if (p)
		return p;
	p = key.type == SQ_TSTRING ? sq_tab_findstr(c->fields, AS_STR(key)) : sq_tab_find(c->fields, key);
	return p ? &c->defaults->items[p->u.i] : NULL;
}

sq_value *sq_inst_lookup(sq_instance *in, sq_value key, int *is_field)
{
	sq_class *c = in->cls;
	sq_value *p = key.type == SQ_TSTRING ? sq_tab_findstr(c->fields, AS_STR(key)) : sq_tab_find(c->fields, key);

	if (p && (uint32_t)p->u.i < in->n) {
		*is_field = 1;
		return &in->v[p->u.i];
	}
	*is_field = 0;
	return key.type == SQ_TSTRING ? sq_tab_findstr(c->members, AS_STR(key)) : sq_tab_find(c->members, key);
}

sq_value sq_class_mm(sq_vm *vm, sq_class *c, int mm)
{
	sq_value *p = sq_tab_findstr(c->members, vm->mm[mm]);
	return p ? *p : sq_null();
}

int sq_class_instantiate(sq_vm *vm, sq_class *c, sq_value *out)
{
	uint32_t n = c->defaults->len, i;
	sq_instance *in = (sq_instance *)sq_obj_alloc(vm, sizeof(sq_instance) + n * sizeof(sq_value),
						     SQ_TINSTANCE, 1);

	in->n = n;
	for (i = 0; i < n; i++) {
		in->v[i] = c->defaults->items[i];
		sq_incref(in->v[i]);
	}
	in->cls = c;
	sq_incref(sq_objval(c));
	c->locked = 1;
	*out = sq_objval(in);
	return 0;
}

sq_value sq_instance_new(sq_vm *vm, sq_value cls)
{
	sq_value out;
	sq_class_instantiate(vm, AS_CLASS(cls), &out);
	return out;
}

void *sq_instance_udata(sq_value inst)
{
	return inst.type == SQ_TINSTANCE ? AS_INST(inst)->udata : NULL;
}

void sq_instance_setudata(sq_value inst, void *udata)
{
	if (inst.type == SQ_TINSTANCE)
		AS_INST(inst)->udata = udata;
}

int sq_instanceof(sq_value inst, sq_value cls)
{
	sq_class *c;

	if (inst.type != SQ_TINSTANCE || cls.type != SQ_TCLASS)
		return 0;
	for (c = AS_INST(inst)->cls; c; c = c->base)
		if (c == AS_CLASS(cls))
			return 1;
	return 0;
}

sq_value sq_class_register(sq_vm *vm, const sq_class_def *def)
{
	sq_class *c = sq_class_new(vm, NULL);
	sq_value cv = sq_objval(c);
	const sq_method_def *m;

	c->release = def->release;
	c->typeof_name = def->typeof_name;
	for (m = def->methods; m && m->name; m++) {
		sq_value f = sq_native_new(vm, m->name, m->fn, m->nparams, m->typemask);
		sq_value k = sq_string_cstr(vm, m->name);
		sq_class_newmember(vm, c, k, f, m->is_static);
		sq_release(vm, k);
		sq_release(vm, f);
	}
	sq_table_setstr(vm, vm->root, def->name, cv);
	sq_release(vm, cv);
	return cv;	/* the root table keeps it alive */
}
