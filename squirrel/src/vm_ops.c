/* vm_ops.c - instructions too big for the VM loop (vm.c): bare identifier
 * lookup/assignment (this, then the root table), ++/-- on every kind of
 * place, unary minus with _unm, foreach over arrays, tables, strings,
 * classes, instances (_nexti) and generators, and building classes (with
 * attributes, _inherited and _newmember).
 */
#include "vm_ops.h"
#include "opcodes.h"

static int no_var(sq_vm *vm, sq_value key)
{
	return sq_throwf(vm, "the index '%s' does not exist", sq_str(key));
}

int sq_op_getvar(sq_vm *vm, sq_value self, sq_value key, sq_value *out)
{
	sq_value *p;
	int rc;

	if (self.type == SQ_TTABLE) {
		p = sq_tab_findstr(AS_TABLE(self), AS_STR(key));
		if (p) {
			*out = sq_dup(*p);
			return 0;
		}
		if (AS_TABLE(self)->delegate || self.u.o != vm->root.u.o) {
			rc = sq_get_ex(vm, self, key, out, 0);
			if (rc <= 0)
				return rc;
		}
	} else if (self.type != SQ_TNULL) {
		rc = sq_get_ex(vm, self, key, out, 0);
		if (rc <= 0)
			return rc;
	}
	p = sq_tab_findstr(AS_TABLE(vm->root), AS_STR(key));
	if (p) {
		*out = sq_dup(*p);
		return 0;
	}
	return no_var(vm, key);
}

int sq_op_setvar(sq_vm *vm, sq_value self, sq_value key, sq_value val)
{
	sq_value *p;
	int isf;

	if (self.type == SQ_TTABLE) {
		p = sq_tab_findstr(AS_TABLE(self), AS_STR(key));
		if (p) {
			sq_assign(vm, p, val);
			return 0;
		}
	} else if (self.type == SQ_TINSTANCE) {
		p = sq_inst_lookup(AS_INST(self), key, &isf);
		if (p && isf) {
			sq_assign(vm, p, val);
			return 0;
		}
	} else if (self.type == SQ_TCLASS) {
		p = sq_class_lookup(AS_CLASS(self), key);
		if (p) {
			sq_assign(vm, p, val);
			return 0;
		}
	}
	p = sq_tab_findstr(AS_TABLE(vm->root), AS_STR(key));
	if (p) {
		sq_assign(vm, p, val);
		return 0;
	}
	return no_var(vm, key);
}

int sq_op_unm(sq_vm *vm, sq_value a, sq_value *out)
{
	if (a.type == SQ_TINSTANCE) {
		sq_value mm = sq_class_mm(vm, AS_INST(a)->cls, SQ_MM_UNM);
		if (mm.type != SQ_TNULL)
			return sq_vm_call(vm, mm, a, 0, NULL, out);
	} else if (a.type == SQ_TTABLE && AS_TABLE(a)->delegate) {
		sq_value *p = sq_tab_findstr(AS_TABLE(a)->delegate, vm->mm[SQ_MM_UNM]);
		if (p)
			return sq_vm_call(vm, *p, a, 0, NULL, out);
	}
	return sq_throwf(vm, "attempt to negate a %s", sq_typename(a));
}

int sq_op_incdec(sq_vm *vm, uint32_t ins, sq_value *base, sq_closure *cl,
		 const sq_value *K, sq_value *sp, sq_value *out)
{
	uint32_t a = SQ_UA(ins), idx = a >> 2;
	int post = (a >> 1) & 1, dec = a & 1, op = SQ_OP(ins);
	sq_value old, nv;

	*out = sq_null();
	switch (op) {
	case OP_INCL: old = sq_dup(base[idx]); break;
	case OP_INCU: old = sq_dup(*cl->up[idx]->v); break;
	case OP_INCV:
		if (sq_op_getvar(vm, base[0], K[idx], &old))
			return SQ_ERROR;
		break;
	default:
		if (sq_get(vm, sp[-2], sp[-1], &old))
			return SQ_ERROR;
		break;
	}
	if (old.type == SQ_TINTEGER)
		nv = sq_int((int32_t)((uint32_t)old.u.i + (dec ? 0xffffffffu : 1u)));
	else if (old.type == SQ_TFLOAT)
		nv = sq_float(old.u.f + (dec ? -1.0f : 1.0f));
	else if (sq_arith(vm, dec ? 1 : 0, old, sq_int(1), &nv)) {
		sq_release(vm, old);
		return SQ_ERROR;
	}
	switch (op) {
	case OP_INCL: sq_assign(vm, &base[idx], nv); break;
	case OP_INCU: sq_assign(vm, cl->up[idx]->v, nv); break;
	case OP_INCV:
		if (sq_op_setvar(vm, base[0], K[idx], nv))
			goto fail;
		break;
	default:
		if (sq_set(vm, sp[-2], sp[-1], nv))
			goto fail;
		break;
	}
	if (post) {
		*out = old;
		sq_release(vm, nv);
	} else {
		*out = nv;
		sq_release(vm, old);
	}
	return 0;
fail:
	sq_release(vm, old);
	sq_release(vm, nv);
	return SQ_ERROR;
}

static int table_step(sq_vm *vm, sq_table *t, sq_value *s)
{
	uint32_t i = s[1].type == SQ_TINTEGER ? (uint32_t)s[1].u.i : 0;

	while (i < t->nused && t->entries[i].key.type == SQ_TNULL)
		i++;
	if (i >= t->nused)
		return 0;
	sq_assign(vm, &s[2], t->entries[i].key);
	sq_assign(vm, &s[3], sq_realval(t->entries[i].val));
	s[1] = sq_int((int32_t)i + 1);
	return 1;
}

int sq_op_foreach(sq_vm *vm, sq_value *s)
{
	sq_value c = s[0];
	uint32_t i = s[1].type == SQ_TINTEGER ? (uint32_t)s[1].u.i : 0;

	switch (c.type) {
	case SQ_TARRAY:
		if (i >= AS_ARRAY(c)->len)
			return 0;
		sq_assign(vm, &s[2], sq_int((int32_t)i));
		sq_assign(vm, &s[3], sq_realval(AS_ARRAY(c)->items[i]));
		s[1] = sq_int((int32_t)i + 1);
		return 1;
	case SQ_TTABLE:
		return table_step(vm, AS_TABLE(c), s);
	case SQ_TCLASS: {
		/* methods and statics first, then instance variables' defaults */
		sq_class *cl = AS_CLASS(c);
		sq_table *m = cl->members, *fl = cl->fields;
		if (i < m->nused) {
			if (table_step(vm, m, s))
				return 1;
			i = m->nused;
		}
		i -= m->nused;
		while (i < fl->nused && fl->entries[i].key.type == SQ_TNULL)
			i++;
		if (i >= fl->nused)
			return 0;
		sq_assign(vm, &s[2], fl->entries[i].key);
		sq_assign(vm, &s[3], cl->defaults->items[fl->entries[i].val.u.i]);
		s[1] = sq_int((int32_t)(m->nused + i + 1));
		return 1;
	}
	case SQ_TSTRING:
		if (i >= AS_STR(c)->len)
			return 0;
		sq_assign(vm, &s[2], sq_int((int32_t)i));
		sq_assign(vm, &s[3], sq_int((int32_t)(signed char)AS_STR(c)->s[i]));
		s[1] = sq_int((int32_t)i + 1);
		return 1;
	case SQ_TINSTANCE: {
		sq_value mm = sq_class_mm(vm, AS_INST(c)->cls, SQ_MM_NEXTI), k, v;
		if (mm.type != SQ_TNULL) {
			if (sq_vm_call(vm, mm, c, 1, &s[1], &k))
				return SQ_ERROR;
			if (k.type == SQ_TNULL)
				return 0;
			if (sq_get(vm, c, k, &v)) {
				sq_release(vm, k);
				return SQ_ERROR;
			}
			sq_assign(vm, &s[1], k);
			sq_assign(vm, &s[2], k);
			sq_release(vm, k);
			sq_assign(vm, &s[3], v);
			sq_release(vm, v);
			return 1;
		}
		{
			sq_table *fl = AS_INST(c)->cls->fields;
			while (i < fl->nused && fl->entries[i].key.type == SQ_TNULL)
				i++;
			if (i >= fl->nused)
				return 0;
			sq_assign(vm, &s[2], fl->entries[i].key);
			sq_assign(vm, &s[3], AS_INST(c)->v[fl->entries[i].val.u.i]);
			s[1] = sq_int((int32_t)i + 1);
			return 1;
		}
	}
	case SQ_TGENERATOR: {
		sq_generator *g = AS_GEN(c);
		sq_value v;
		if (g->state == SQ_GEN_DEAD)
			return 0;
		if (sq_generator_resume(vm, g, &v))
			return SQ_ERROR;
		if (g->state == SQ_GEN_DEAD) {
			sq_release(vm, v);
			return 0;
		}
		sq_assign(vm, &s[2], sq_int((int32_t)i));
		sq_assign(vm, &s[3], v);
		sq_release(vm, v);
		s[1] = sq_int((int32_t)i + 1);
		return 1;
	}
	default:
		return sq_throwf(vm, "cannot iterate %s", sq_typename(c));
	}
}

/* [base] [attrs] -> class. A = has base | has attributes << 1. */
int sq_op_newclass(sq_vm *vm, uint32_t a, sq_value **spp)
{
	sq_value *sp = *spp;
	sq_class *b = NULL, *c;

	if (a & 1) {
		sq_value bv = sp[-1 - ((a & 2) != 0)];
		if (bv.type != SQ_TCLASS)
			return sq_throwf(vm, "invalid base type %s", sq_typename(bv));
		b = AS_CLASS(bv);
	}
	c = sq_class_new(vm, b);
	sq_tmp_push(vm, sq_objval(c));
	if (a & 2) {	/* class attributes on top */
		c->attrs = sq_tab_new(vm, 0);
		sq_tab_set(vm, c->attrs, sq_bool(0), sp[-1]);
		sp--;
		sq_release(vm, *sp);
	}
	sq_tmp_pop(vm, 1);
	if (b) {
		sq_value mm = sq_class_mm(vm, b, SQ_MM_INHERITED), r, cv = sq_objval(c);
		sq_value old = sp[-1];
		sp[-1] = cv;
		sq_release(vm, old);
		*spp = sp;
		vm->sp = (uint32_t)(sp - vm->stack);
		if (mm.type != SQ_TNULL) {
			sq_value na = sq_null();
			if (sq_vm_call(vm, mm, cv, 1, &na, &r))
				return SQ_ERROR;
			sq_release(vm, r);
		}
	} else {
		*sp++ = sq_objval(c);
		*spp = sp;
	}
	return 0;
}

/* cls key value [attrs] -> cls. A = static | has attributes << 1. */
int sq_op_cmember(sq_vm *vm, uint32_t a, sq_value **spp)
{
	sq_value *sp = *spp;
	int hasattr = (a & 2) != 0, isstatic = a & 1;
	sq_value c = sp[-3 - hasattr], k = sp[-2 - hasattr], v = sp[-1 - hasattr];
	sq_value at = hasattr ? sp[-1] : sq_null(), mm;

	mm = sq_class_mm(vm, AS_CLASS(c), SQ_MM_NEWMEMBER);
	if (mm.type != SQ_TNULL) {
		sq_value a4[4] = { k, v, at, sq_bool(isstatic) }, r;
		if (sq_vm_call(vm, mm, c, 4, a4, &r))
			return SQ_ERROR;
		sq_release(vm, r);
	} else if (sq_class_newmember(vm, AS_CLASS(c), k, v, isstatic)) {
		return SQ_ERROR;
	}
	if (hasattr) {
		sq_class *cl = AS_CLASS(c);
		if (!cl->attrs)
			cl->attrs = sq_tab_new(vm, 0);
		sq_tab_set(vm, cl->attrs, k, at);
	}
	if (v.type == SQ_TCLOSURE && !AS_CLOSURE(v)->owner) {
		AS_CLOSURE(v)->owner = AS_CLASS(c);
		sq_incref(c);
	}
	sp -= 2 + hasattr;
	sq_release(vm, k);
	sq_release(vm, v);
	sq_release(vm, at);
	*spp = sp;
	return 0;
}
