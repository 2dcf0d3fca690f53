/* compile.c - the Squirrel compiler: a one-pass parser that emits bytecode
 * (opcodes.h) for vm.c. This half holds the function state (code, constants,
 * locals, upvalues), scopes, statements and class bodies; cexpr.c holds the
 * expressions. Compile errors carry the file, line and column of the token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler.h"

static void statement(compiler *c);

void c_error(compiler *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof c->err, fmt, ap);
	va_end(ap);
	c->errline = c->lx.tline;
	c->errcol = c->lx.tcol;
	longjmp(c->jb, 1);
}

void c_next(compiler *c)
{
	if (lex_next(&c->lx) < 0) {
		snprintf(c->err, sizeof c->err, "%s", c->lx.err);
		c->errline = c->lx.errline;
		c->errcol = c->lx.errcol;
		longjmp(c->jb, 1);
	}
}

void c_expect(compiler *c, int tok)
{
	char b[8];

	if (c->lx.tok != tok)
		c_error(c, "expected '%s'", lex_tokname(tok, b, sizeof b));
	c_next(c);
}

int c_accept(compiler *c, int tok)
{
	if (c->lx.tok != tok)
		return 0;
	c_next(c);
	return 1;
}

int c_here(compiler *c)
{
	c->fs->barrier = (int)c->fs->p->ncode;
	return (int)c->fs->p->ncode;
}

/* Append an instruction; delta is its effect on the stack height. */
int c_emit(compiler *c, int op, int a, int delta)
{
	fstate *fs = c->fs;
	sq_proto *p = fs->p;

	if (op == OP_POP && p->ncode > 0 && fs->barrier < (int)p->ncode &&
	    SQ_OP(p->code[p->ncode - 1]) == OP_SETLOCAL) {
		p->code[p->ncode - 1] = SQ_INS(OP_SETLOCALP, SQ_UA(p->code[p->ncode - 1]));
		fs->sp--;
		return (int)p->ncode - 1;
	}
	if (op == OP_POP && p->ncode > 0 && fs->barrier < (int)p->ncode &&
	    SQ_OP(p->code[p->ncode - 1]) == OP_ARITHL) {
		p->code[p->ncode - 1] = SQ_INS(OP_ARITHLP, SQ_UA(p->code[p->ncode - 1]));
		fs->sp--;
		return (int)p->ncode - 1;
	}
	if (op == OP_POP && p->ncode > 0 && fs->barrier < (int)p->ncode &&
	    SQ_OP(p->code[p->ncode - 1]) == OP_INCL) {
		/* i++ as a statement: no value needed */
		p->code[p->ncode - 1] = SQ_INS(OP_INCLX, SQ_UA(p->code[p->ncode - 1]) & ~2u);
		fs->sp--;
		return (int)p->ncode - 1;
	}
	if (op == OP_JZ && p->ncode > 0 && fs->barrier < (int)p->ncode) {
		int last = SQ_OP(p->code[p->ncode - 1]), fused = -1;
		switch (last) {
		case OP_EQ: fused = OP_JNEQ; break;
		case OP_NE: fused = OP_JNNE; break;
		case OP_LT: fused = OP_JNLT; break;
		case OP_LE: fused = OP_JNLE; break;
		case OP_GT: fused = OP_JNGT; break;
		case OP_GE: fused = OP_JNGE; break;
		}
		if (fused >= 0 && p->ncode >= 3 && fs->barrier <= (int)p->ncode - 3 &&
		    SQ_OP(p->code[p->ncode - 3]) == OP_GETLOCAL &&
		    (SQ_OP(p->code[p->ncode - 2]) == OP_LOADINT || SQ_OP(p->code[p->ncode - 2]) == OP_LOADK)) {
			/* local <op> constant, then branch: one instruction, two operand words */
			uint32_t *w = p->code + p->ncode - 3;
			uint32_t cw = SQ_OP(w[1]) == OP_LOADK ? (SQ_UA(w[1]) << 1) | 1u : (uint32_t)SQ_A(w[1]) << 1;
			w[0] = SQ_INS(fused - OP_JNEQ + OP_JNEQLK, SQ_UA(w[0]));
			w[1] = cw;
			w[2] = SQ_INS(OP_JARG, 0);
			fs->sp--;
			return (int)p->ncode - 1;
		}
		if (fused >= 0) {
			/* compare-then-branch in one instruction */
			p->code[p->ncode - 1] = SQ_INS(fused, 0);
			fs->sp--;
			return (int)p->ncode - 1;
		}
	}
	if (p->ncode >= fs->codecap) {
		fs->codecap = fs->codecap ? fs->codecap * 2 : 64;
		p->code = sq_realloc(c->vm, p->code, fs->codecap * sizeof *p->code);
		p->lines = sq_realloc(c->vm, p->lines, fs->codecap * sizeof *p->lines);
	}
	p->code[p->ncode] = SQ_INS(op, a);
	p->lines[p->ncode] = c->lx.tline;
	fs->sp += delta;
	if (fs->sp > p->maxslots)
		p->maxslots = (uint16_t)(fs->sp > 65000 ? 65000 : fs->sp);
	if (fs->sp > 60000)
		c_error(c, "too many locals or temporaries");
	return (int)p->ncode++;
}

void c_patch(compiler *c, int at, int target)
{
	uint32_t *w = &c->fs->p->code[at];
	*w = SQ_INS(SQ_OP(*w), target - at - 1);
}

int c_const(compiler *c, sq_value v)
{
	fstate *fs = c->fs;
	sq_proto *p = fs->p;
	sq_value *found = v.type != SQ_TFLOAT ? sq_tab_find(fs->kmap, v) : NULL;

	if (found)
		return found->u.i;
	if (p->nconsts >= (1u << 23))
		c_error(c, "too many constants");
	if (p->nconsts >= fs->kcap) {
		fs->kcap = fs->kcap ? fs->kcap * 2 : 16;
		p->consts = sq_realloc(c->vm, p->consts, fs->kcap * sizeof *p->consts);
	}
	sq_incref(v);
	p->consts[p->nconsts] = v;
	if (v.type != SQ_TFLOAT)
		sq_tab_set(c->vm, fs->kmap, v, sq_int((int32_t)p->nconsts));
	return (int)p->nconsts++;
}

int c_strconst(compiler *c, const char *s, size_t n)
{
	sq_value v = sq_string_new(c->vm, s, n);
	int k = c_const(c, v);
	sq_release(c->vm, v);
	return k;
}

/* ---- locals and upvalues ---- */
static int add_local(compiler *c, sq_string *name, int slot)
{
	fstate *fs = c->fs;

	if (fs->nlocals >= fs->loccap) {
		fs->loccap = fs->loccap ? fs->loccap * 2 : 16;
		fs->locals = sq_realloc(c->vm, fs->locals, fs->loccap * sizeof *fs->locals);
	}
	fs->locals[fs->nlocals].name = name;
	fs->locals[fs->nlocals].slot = slot;
	fs->locals[fs->nlocals].captured = 0;
	return fs->nlocals++;
}

int c_resolve_local(fstate *fs, sq_string *name)
{
	int i;

	for (i = fs->nlocals - 1; i >= 0; i--)
		if (fs->locals[i].name == name)
			return fs->locals[i].slot;
	return -1;
}

int c_resolve_up(compiler *c, fstate *fs, sq_string *name)
{
	sq_proto *p = fs->p;
	uint32_t i;
	int idx, fromlocal = 1, li;

	for (i = 0; i < p->nupvals; i++)
		if (fs->upnames[i] == name)
			return (int)i;
	if (!fs->parent)
		return -1;
	idx = -1;
	for (li = fs->parent->nlocals - 1; li >= 0; li--)
		if (fs->parent->locals[li].name == name) {
			fs->parent->locals[li].captured = 1;
			idx = fs->parent->locals[li].slot;
			break;
		}
	if (idx < 0) {
		fromlocal = 0;
		idx = c_resolve_up(c, fs->parent, name);
		if (idx < 0)
			return -1;
	}
	if (p->nupvals >= fs->ucap) {
		fs->ucap = fs->ucap ? fs->ucap * 2 : 8;
		p->updesc = sq_realloc(c->vm, p->updesc, fs->ucap * sizeof *p->updesc);
		fs->upnames = sq_realloc(c->vm, fs->upnames, fs->ucap * sizeof *fs->upnames);
	}
	p->updesc[p->nupvals].fromlocal = (uint16_t)fromlocal;
	p->updesc[p->nupvals].idx = (uint16_t)idx;
	fs->upnames[p->nupvals] = name;
	return (int)p->nupvals++;
}

/* ---- scopes ---- */
typedef struct scope { int nlocals, sp; } scope;

static void scope_enter(compiler *c, scope *s)
{
	s->nlocals = c->fs->nlocals;
	s->sp = c->fs->sp;
}

static int captured_from(fstate *fs, int nlocals)
{
	int i;
	for (i = nlocals; i < fs->nlocals; i++)
		if (fs->locals[i].captured)
			return fs->locals[i].slot;
	return -1;
}

static void scope_leave(compiler *c, scope *s)
{
	fstate *fs = c->fs;
	int cap = captured_from(fs, s->nlocals);

	if (cap >= 0)
		c_emit(c, OP_CLOSEUP, cap, 0);
	if (fs->sp > s->sp)
		c_emit(c, fs->sp - s->sp == 1 ? OP_POP : OP_POPN, fs->sp - s->sp, -(fs->sp - s->sp));
	fs->nlocals = s->nlocals;
}

static fstate *fs_open(compiler *c, fstate *fs, sq_string *name)
{
	memset(fs, 0, sizeof *fs);
	fs->parent = c->fs;
	fs->barrier = -1;
	fs->p = (sq_proto *)sq_obj_alloc(c->vm, sizeof(sq_proto), SQ_TPROTO, 0);
	fs->kmap = sq_tab_new(c->vm, 0);
	if (name) {
		sq_incref(sq_objval(name));
		fs->p->name = name;
	}
	sq_incref(sq_objval(c->source));
	fs->p->source = c->source;
	c->fs = fs;
	add_local(c, c->vm->s_this, 0);
	fs->sp = 1;
	fs->p->maxslots = 1;
	return fs;
}

/* Drop compile-time state; the proto stays (owned by the caller). */
static void fs_close(compiler *c, fstate *fs)
{
	sq_release(c->vm, sq_objval(fs->kmap));
	sq_free(c->vm, fs->locals);
	sq_free(c->vm, fs->upnames);
	fs->kmap = NULL;
	fs->locals = NULL;
	fs->upnames = NULL;
	c->fs = fs->parent;
	free(fs);
}

static void add_proto(compiler *c, sq_proto *child)
{
	fstate *fs = c->fs;
	sq_proto *p = fs->p;

	if (p->nprotos >= fs->pcap) {
		fs->pcap = fs->pcap ? fs->pcap * 2 : 4;
		p->protos = sq_realloc(c->vm, p->protos, fs->pcap * sizeof *p->protos);
	}
	p->protos[p->nprotos++] = child;
}

static void block_body(compiler *c)
{
	scope s;

	c_expect(c, '{');
	scope_enter(c, &s);
	while (c->lx.tok != '}' && c->lx.tok != TK_EOF)
		statement(c);
	c_expect(c, '}');
	scope_leave(c, &s);
}

/* function [name](params) body, or @(params) expr for lambda; pushes the closure. */
void c_function(compiler *c, sq_string *name, int lambda)
{
	fstate *fs = calloc(1, sizeof *fs), *outer = c->fs;
	int ndef = 0, nparams = 1, k;
	sq_proto *p;

	if (!fs)
		c_error(c, "out of memory");
	fs_open(c, fs, name);
	fs->in_class = outer->in_class;
	c_expect(c, '(');
	while (c->lx.tok != ')') {
		if (c->lx.tok == TK_VARARGS) {
			c_next(c);
			fs->p->varargs = 1;
			break;
		}
		if (c->lx.tok != TK_IDENT)
			c_error(c, "expected 'IDENTIFIER'");
		k = c_strconst(c, c->lx.sval, c->lx.slen);
		add_local(c, AS_STR(fs->p->consts[k]), nparams++);
		fs->sp++;
		c_next(c);
		if (c_accept(c, '=')) {
			c->fs = outer;	/* defaults are evaluated where the function is made */
			c->pending = fs;
			c_exprv(c);
			c->pending = NULL;
			c->fs = fs;
			ndef++;
		} else if (ndef) {
			c_error(c, "expected '='");
		}
		if (c->lx.tok != ')')
			c_expect(c, ',');
	}
	c_next(c);
	fs->p->nparams = (uint16_t)nparams;
	fs->p->ndefaults = (uint16_t)ndef;
	if (fs->p->varargs) {
		add_local(c, c->vm->s_vargv, nparams);
		fs->sp++;
	}
	if (fs->sp > fs->p->maxslots)
		fs->p->maxslots = (uint16_t)fs->sp;
	if (lambda) {
		c_exprv(c);
		c_emit(c, OP_RETURN, 0, -1);
	} else {
		block_body(c);
		c_emit(c, OP_RETURNNULL, 0, 0);
	}
	p = fs->p;
	fs_close(c, fs);
	add_proto(c, p);
	c_emit(c, OP_CLOSURE, (int)c->fs->p->nprotos - 1, 1 - ndef);
}

/* class [extends expr] [attrs] { members }: pushes the class.
 * Attributes </ k = v, ... /> become a table pushed on the stack (returns 1). */
static int attributes(compiler *c)
{
	if (c->lx.tok != TK_ATTR_OPEN)
		return 0;
	c_next(c);
	c_emit(c, OP_NEWTABLE, 0, 1);
	while (c->lx.tok != TK_ATTR_CLOSE) {
		if (c->lx.tok != TK_IDENT)
			c_error(c, "expected 'IDENTIFIER'");
		c_emit(c, OP_LOADK, c_strconst(c, c->lx.sval, c->lx.slen), 1);
		c_next(c);
		if (c_accept(c, '='))
			c_exprv(c);
		else
			c_emit(c, OP_LOADNULL, 0, 1);
		c_emit(c, OP_TSLOT, 0, -2);
		c_accept(c, ',');
	}
	c_next(c);
	return 1;
}

void c_class_body(compiler *c)
{
	int hasbase = 0, saved = c->fs->in_class;

	if (c_accept(c, TK_EXTENDS)) {
		expdesc e;
		c->depth++;
		c_expr(c, &e);
		c_discharge(c, &e);
		c->depth--;
		hasbase = 1;
	}
	{
		int ca = attributes(c);
		c_emit(c, OP_NEWCLASS, hasbase | (ca << 1), 1 - hasbase - ca);
	}
	c_expect(c, '{');
	c->fs->in_class = 1;
	while (c->lx.tok != '}') {
		int is_static = 0, hasattr = attributes(c);
		if (c_accept(c, TK_STATIC))
			is_static = 1;
		if (c->lx.tok == TK_FUNCTION || c->lx.tok == TK_CONSTRUCTOR) {
			sq_string *name;
			int k;
			if (c_accept(c, TK_FUNCTION)) {
				if (c->lx.tok != TK_IDENT)
					c_error(c, "expected 'IDENTIFIER'");
				k = c_strconst(c, c->lx.sval, c->lx.slen);
			} else {
				k = c_const(c, sq_objval(c->vm->s_constructor));
			}
			name = AS_STR(c->fs->p->consts[k]);
			c_next(c);
			c_emit(c, OP_LOADK, k, 1);
			c_function(c, name, 0);
		} else if (c->lx.tok == '[') {
			c_next(c);
			c_exprv(c);
			c_expect(c, ']');
			c_expect(c, '=');
			c_exprv(c);
		} else if (c->lx.tok == TK_IDENT) {
			c_emit(c, OP_LOADK, c_strconst(c, c->lx.sval, c->lx.slen), 1);
			c_next(c);
			c_expect(c, '=');
			c_exprv(c);
		} else {
			c_error(c, "expected 'IDENTIFIER'");
		}
		if (hasattr) {
			/* the attribute table was pushed before key and value: move it up */
			c_emit(c, OP_ROT3, 0, 0);
		}
		c_emit(c, OP_CMEMBER, is_static | (hasattr << 1), -2 - hasattr);
		c_accept(c, ';');
		c_accept(c, ',');
	}
	c_next(c);
	c->fs->in_class = saved;
}

/* ---- statements ---- */
static int end_of_statement(compiler *c)
{
	return c->lx.nl_before || c->lx.tok == ';' || c->lx.tok == '}' || c->lx.tok == TK_EOF;
}

static cloop *loop_push(compiler *c, int is_switch)
{
	cloop *l = calloc(1, sizeof *l);

	if (!l)
		c_error(c, "out of memory");
	l->prev = c->fs->loop;
	l->is_switch = is_switch;
	l->sp_at = c->fs->sp;
	l->nlocals_at = c->fs->nlocals;
	l->trydepth = c->fs->trydepth;
	c->fs->loop = l;
	return l;
}

static void addjump(compiler *c, int **arr, int *n, int *cap, int at)
{
	if (*n >= *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*arr = sq_realloc(c->vm, *arr, (size_t)*cap * sizeof **arr);
	}
	(*arr)[(*n)++] = at;
}

static void loop_pop(compiler *c, cloop *l, int brk, int cont)
{
	int i;

	for (i = 0; i < l->nbreaks; i++)
		c_patch(c, l->breaks[i], brk);
	for (i = 0; i < l->nconts; i++)
		c_patch(c, l->conts[i], cont);
	sq_free(c->vm, l->breaks);
	sq_free(c->vm, l->conts);
	c->fs->loop = l->prev;
	free(l);
}

/* break/continue: leave try blocks and locals down to the loop's level, jump. */
static void jump_out(compiler *c, int is_break)
{
	fstate *fs = c->fs;
	cloop *l = fs->loop;
	int i, sp = fs->sp, cap;

	while (l && !is_break && l->is_switch)
		l = l->prev;
	if (!l)
		c_error(c, is_break ? "'break' has to be in a loop block" : "'continue' has to be in a loop block");
	cap = captured_from(fs, l->nlocals_at);
	if (cap >= 0)
		c_emit(c, OP_CLOSEUP, cap, 0);
	for (i = l->trydepth; i < fs->trydepth; i++)
		c_emit(c, OP_POPTRY, 0, 0);
	if (fs->sp > l->sp_at)
		c_emit(c, OP_POPN, fs->sp - l->sp_at, 0);
	i = c_emit(c, OP_JMP, 0, 0);
	fs->sp = sp;
	if (is_break)
		addjump(c, &l->breaks, &l->nbreaks, &l->capbreaks, i);
	else
		addjump(c, &l->conts, &l->nconts, &l->capconts, i);
}

static void local_decl(compiler *c)
{
	if (c_accept(c, TK_FUNCTION)) {
		int slot = c->fs->sp, k;
		if (c->lx.tok != TK_IDENT)
			c_error(c, "expected 'IDENTIFIER'");
		k = c_strconst(c, c->lx.sval, c->lx.slen);
		c_next(c);
		c_emit(c, OP_LOADNULL, 0, 1);
		add_local(c, AS_STR(c->fs->p->consts[k]), slot);
		c_function(c, AS_STR(c->fs->p->consts[k]), 0);
		c_emit(c, OP_SETLOCALP, slot, -1);
		return;
	}
	do {
		int k;
		if (c->lx.tok == TK_BASE) {
			c->lx.tok = TK_IDENT;
			c->lx.slen = 0;
			lex_addstr(&c->lx, "base");
		}
		if (c->lx.tok != TK_IDENT)
			c_error(c, "expected 'IDENTIFIER'");
		k = c_strconst(c, c->lx.sval, c->lx.slen);
		c_next(c);
		if (c_accept(c, '='))
			c_exprv(c);
		else
			c_emit(c, OP_LOADNULL, 0, 1);
		add_local(c, AS_STR(c->fs->p->consts[k]), c->fs->sp - 1);
	} while (c_accept(c, ','));
}

static void expr_statement(compiler *c)
{
	c_exprv(c);
	c_emit(c, OP_POP, 0, -1);
}

static void cond(compiler *c)
{
	c_expect(c, '(');
	c_exprv(c);
	c_expect(c, ')');
}

static void sub_statement(compiler *c)
{
	scope s;
	scope_enter(c, &s);
	statement(c);
	scope_leave(c, &s);
}

static void for_statement(compiler *c)
{
	scope s;
	cloop *l;
	int top, jexit = -1, incr_start, body_jump, cont;
	uint32_t *saved = NULL;
	int32_t *savedl = NULL;
	int nsaved = 0;

	scope_enter(c, &s);
	c_expect(c, '(');
	if (c->lx.tok == TK_LOCAL) {
		c_next(c);
		local_decl(c);
	} else if (c->lx.tok != ';') {
		do
			expr_statement(c);
		while (c_accept(c, ','));
	}
	c_expect(c, ';');
	top = c_here(c);
	if (c->lx.tok != ';') {
		c_exprv(c);
		jexit = c_emit(c, OP_JZ, 0, -1);
	}
	c_expect(c, ';');
	/* The increment is compiled here but belongs after the body: move it. */
	incr_start = (int)c->fs->p->ncode;
	if (c->lx.tok != ')') {
		do
			expr_statement(c);
		while (c_accept(c, ','));
	}
	c_expect(c, ')');
	nsaved = (int)c->fs->p->ncode - incr_start;
	if (nsaved) {
		saved = sq_malloc(c->vm, sizeof *saved * (size_t)nsaved);
		c->scratch[0] = saved;
		savedl = sq_malloc(c->vm, sizeof *savedl * (size_t)nsaved);
		c->scratch[1] = savedl;
		memcpy(saved, c->fs->p->code + incr_start, sizeof *saved * (size_t)nsaved);
		memcpy(savedl, c->fs->p->lines + incr_start, sizeof *savedl * (size_t)nsaved);
		c->fs->p->ncode = (uint32_t)incr_start;
	}
	l = loop_push(c, 0);
	sub_statement(c);
	cont = c_here(c);
	if (nsaved) {
		int i;
		for (i = 0; i < nsaved; i++) {
			int at = c_emit(c, OP_NOP, 0, 0);
			c->fs->p->code[at] = saved[i];
			c->fs->p->lines[at] = savedl[i];
		}
		sq_free(c->vm, saved);
		sq_free(c->vm, savedl);
		c->scratch[0] = c->scratch[1] = NULL;
	}
	body_jump = c_emit(c, OP_JMP, 0, 0);
	c_patch(c, body_jump, top);
	if (jexit >= 0)
		c_patch(c, jexit, c_here(c));
	loop_pop(c, l, c_here(c), cont);
	scope_leave(c, &s);
}

static void foreach_statement(compiler *c)
{
	scope s;
	cloop *l;
	int base, head, jexit, k1, k2 = -1;

	scope_enter(c, &s);
	c_expect(c, '(');
	if (c->lx.tok != TK_IDENT)
		c_error(c, "expected 'IDENTIFIER'");
	k1 = c_strconst(c, c->lx.sval, c->lx.slen);
	c_next(c);
	if (c_accept(c, ',')) {
		if (c->lx.tok != TK_IDENT)
			c_error(c, "expected 'IDENTIFIER'");
		k2 = c_strconst(c, c->lx.sval, c->lx.slen);
		c_next(c);
	}
	c_expect(c, TK_IN);
	base = c->fs->sp;
	c_exprv(c);
	c_expect(c, ')');
	c_emit(c, OP_LOADNULL, 0, 1);
	c_emit(c, OP_LOADNULL, 0, 1);
	c_emit(c, OP_LOADNULL, 0, 1);
	add_local(c, NULL, base);
	add_local(c, NULL, base + 1);
	add_local(c, k2 >= 0 ? AS_STR(c->fs->p->consts[k1]) : NULL, base + 2);
	add_local(c, AS_STR(c->fs->p->consts[k2 >= 0 ? k2 : k1]), base + 3);
	head = c_here(c);
	c_emit(c, OP_FOREACH, base, 0);
	jexit = c_emit(c, OP_NOP, 0, 0);
	l = loop_push(c, 0);
	sub_statement(c);
	{
		int cont = c_here(c);
		int j;
		j = c_emit(c, OP_JMP, 0, 0);
		c_patch(c, j, head);
		c->fs->p->code[jexit] = (uint32_t)(c_here(c) - jexit - 1);
		loop_pop(c, l, c_here(c), cont);
	}
	scope_leave(c, &s);
}

static void switch_statement(compiler *c)
{
	scope s;
	cloop *l;
	int slot, jtest = -1, jbody = -1, i;

	scope_enter(c, &s);
	slot = c->fs->sp;
	cond(c);
	add_local(c, NULL, slot);
	c_expect(c, '{');
	l = loop_push(c, 1);
	while (c_accept(c, TK_CASE)) {
		scope cs;
		if (jtest >= 0)
			c_patch(c, jtest, c_here(c));
		c_emit(c, OP_GETLOCAL, slot, 1);
		c_exprv(c);
		c_emit(c, OP_EQ, 0, -1);
		jtest = c_emit(c, OP_JZ, 0, -1);
		c_expect(c, ':');
		if (jbody >= 0)
			c_patch(c, jbody, c_here(c));
		scope_enter(c, &cs);
		while (c->lx.tok != TK_CASE && c->lx.tok != TK_DEFAULT && c->lx.tok != '}')
			statement(c);
		scope_leave(c, &cs);
		jbody = c_emit(c, OP_JMP, 0, 0);
	}
	if (jtest >= 0)
		c_patch(c, jtest, c_here(c));
	if (jbody >= 0)
		c_patch(c, jbody, c_here(c));
	if (c_accept(c, TK_DEFAULT)) {
		scope cs;
		c_expect(c, ':');
		scope_enter(c, &cs);
		while (c->lx.tok != '}')
			statement(c);
		scope_leave(c, &cs);
	}
	c_expect(c, '}');
	i = c_here(c);
	loop_pop(c, l, i, i);
	scope_leave(c, &s);
}

static sq_value const_literal(compiler *c)
{
	sq_value v;
	int neg = c_accept(c, '-');

	switch (c->lx.tok) {
	case TK_INT: v = sq_int(neg ? (int32_t)(0u - (uint32_t)c->lx.ival) : c->lx.ival); break;
	case TK_FLOAT: v = sq_float(neg ? -c->lx.fval : c->lx.fval); break;
	case TK_STRING:
		if (neg)
			c_error(c, "scalar expected : integer, float or string");
		v = sq_string_new(c->vm, c->lx.sval, c->lx.slen);
		break;
	case TK_TRUE: v = sq_bool(1); break;
	case TK_FALSE: v = sq_bool(0); break;
	case TK_NULL: v = sq_null(); break;
	default: c_error(c, "scalar expected : integer, float or string");
	}
	c_next(c);
	return v;
}

static void const_statement(compiler *c, int is_enum)
{
	sq_value name, v;

	if (c->lx.tok != TK_IDENT)
		c_error(c, "expected 'IDENTIFIER'");
	name = sq_string_new(c->vm, c->lx.sval, c->lx.slen);
	c_next(c);
	if (!is_enum) {
		c_expect(c, '=');
		v = const_literal(c);
	} else {
		int32_t n = 0;
		v = sq_table_new(c->vm);
		c_expect(c, '{');
		while (c->lx.tok != '}') {
			sq_value k, ev;
			if (c->lx.tok != TK_IDENT) {
				sq_release(c->vm, name);
				sq_release(c->vm, v);
				c_error(c, "expected 'IDENTIFIER'");
			}
			k = sq_string_new(c->vm, c->lx.sval, c->lx.slen);
			c_next(c);
			if (c_accept(c, '='))
				ev = const_literal(c);
			else
				ev = sq_int(n);
			if (ev.type == SQ_TINTEGER)
				n = (int32_t)((uint32_t)ev.u.i + 1);
			sq_tab_set(c->vm, AS_TABLE(v), k, ev);
			sq_release(c->vm, k);
			sq_release(c->vm, ev);
			c_accept(c, ',');
		}
		c_next(c);
	}
	sq_tab_set(c->vm, AS_TABLE(c->vm->consts), name, v);
	sq_release(c->vm, name);
	sq_release(c->vm, v);
}

static void statement(compiler *c)
{
	fstate *fs = c->fs;
	int j1, j2, top;
	cloop *l;

	if (++c->depth > SQ_MAX_DEPTH)
		c_error(c, "statement nesting too deep");
	switch (c->lx.tok) {
	case ';':
		c_next(c);
		break;
	case '{':
		block_body(c);
		break;
	case TK_LOCAL:
		c_next(c);
		local_decl(c);
		break;
	case TK_IF:
		c_next(c);
		cond(c);
		j1 = c_emit(c, OP_JZ, 0, -1);
		sub_statement(c);
		c_accept(c, ';');
		if (c_accept(c, TK_ELSE)) {
			j2 = c_emit(c, OP_JMP, 0, 0);
			c_patch(c, j1, c_here(c));
			sub_statement(c);
			c_patch(c, j2, c_here(c));
		} else {
			c_patch(c, j1, c_here(c));
		}
		break;
	case TK_WHILE:
		c_next(c);
		top = c_here(c);
		cond(c);
		j1 = c_emit(c, OP_JZ, 0, -1);
		l = loop_push(c, 0);
		sub_statement(c);
		c_patch(c, c_emit(c, OP_JMP, 0, 0), top);
		c_patch(c, j1, c_here(c));
		loop_pop(c, l, c_here(c), top);
		break;
	case TK_FOR:
		c_next(c);
		for_statement(c);
		break;
	case TK_FOREACH:
		c_next(c);
		foreach_statement(c);
		break;
	case TK_SWITCH:
		c_next(c);
		switch_statement(c);
		break;
	case TK_BREAK:
		c_next(c);
		jump_out(c, 1);
		break;
	case TK_CONTINUE:
		c_next(c);
		jump_out(c, 0);
		break;
	case TK_RETURN:
		c_next(c);
		if (end_of_statement(c)) {
			c_emit(c, OP_RETURNNULL, 0, 0);
		} else {
			c_exprv(c);
			c_emit(c, OP_RETURN, 0, -1);
		}
		break;
	case TK_YIELD:
		c_next(c);
		fs->p->generator = 1;
		if (end_of_statement(c))
			c_emit(c, OP_LOADNULL, 0, 1);
		else
			c_exprv(c);
		c_emit(c, OP_YIELD, 0, -1);
		break;
	case TK_THROW:
		c_next(c);
		c_exprv(c);
		c_emit(c, OP_THROW, 0, -1);
		break;
	case TK_TRY: {
		int slot;
		scope s;
		c_next(c);
		j1 = c_emit(c, OP_TRY, 0, 0);
		fs->trydepth++;
		sub_statement(c);
		fs->trydepth--;
		c_emit(c, OP_POPTRY, 0, 0);
		j2 = c_emit(c, OP_JMP, 0, 0);
		c_patch(c, j1, c_here(c));
		c_expect(c, TK_CATCH);
		c_expect(c, '(');
		scope_enter(c, &s);
		slot = fs->sp;
		fs->sp++;	/* the VM pushes the error here */
		if (fs->sp > fs->p->maxslots)
			fs->p->maxslots = (uint16_t)fs->sp;
		if (c->lx.tok != TK_IDENT)
			c_error(c, "expected 'IDENTIFIER'");
		{
			int k = c_strconst(c, c->lx.sval, c->lx.slen);
			add_local(c, AS_STR(fs->p->consts[k]), slot);
		}
		c_next(c);
		c_expect(c, ')');
		sub_statement(c);
		scope_leave(c, &s);
		c_patch(c, j2, c_here(c));
		break;
	}
	case TK_FUNCTION: {
		int k;
		expdesc e;
		c_next(c);
		if (c->lx.tok != TK_IDENT)
			c_error(c, "expected 'IDENTIFIER'");
		k = c_strconst(c, c->lx.sval, c->lx.slen);
		c_next(c);
		if (c->lx.tok == TK_DCOLON || c->lx.tok == '.') {
			/* function A::b() / A.b(): a slot of A */
			e.kind = E_VAR;
			{
				int li = c_resolve_local(fs, AS_STR(fs->p->consts[k]));
				if (li >= 0)
					c_emit(c, OP_GETLOCAL, li, 1);
				else
					c_emit(c, OP_GETVAR, k, 1);
			}
			while (c_accept(c, TK_DCOLON) || c_accept(c, '.')) {
				if (c->lx.tok != TK_IDENT)
					c_error(c, "expected 'IDENTIFIER'");
				k = c_strconst(c, c->lx.sval, c->lx.slen);
				c_next(c);
				if (c->lx.tok == TK_DCOLON || c->lx.tok == '.')
					c_emit(c, OP_GETK, k, 0);
			}
		} else {
			c_emit(c, OP_GETLOCAL, 0, 1);
		}
		(void)e;
		c_emit(c, OP_LOADK, k, 1);
		c_function(c, AS_STR(fs->p->consts[k]), 0);
		c_emit(c, OP_NEWSLOT, 0, -2);
		c_emit(c, OP_POP, 0, -1);
		break;
	}
	case TK_CLASS: {
		int k;
		c_next(c);
		if (c->lx.tok != TK_IDENT)
			c_error(c, "expected 'IDENTIFIER'");
		k = c_strconst(c, c->lx.sval, c->lx.slen);
		c_next(c);
		if (c->lx.tok == '.' || c->lx.tok == TK_DCOLON) {
			int li = c_resolve_local(fs, AS_STR(fs->p->consts[k]));
			int ui = li < 0 ? c_resolve_up(c, fs, AS_STR(fs->p->consts[k])) : -1;
			if (li >= 0)
				c_emit(c, OP_GETLOCAL, li, 1);
			else if (ui >= 0)
				c_emit(c, OP_GETUP, ui, 1);
			else
				c_emit(c, OP_GETVAR, k, 1);
		} else {
			c_emit(c, OP_GETLOCAL, 0, 1);
		}
		while (c->lx.tok == '.' || c->lx.tok == TK_DCOLON) {
			c_next(c);
			if (c->lx.tok != TK_IDENT)
				c_error(c, "expected 'IDENTIFIER'");
			k = c_strconst(c, c->lx.sval, c->lx.slen);
			c_next(c);
			if (c->lx.tok == '.' || c->lx.tok == TK_DCOLON)
				c_emit(c, OP_GETK, k, 0);
		}
		c_emit(c, OP_LOADK, k, 1);
		c_class_body(c);
		c_emit(c, OP_NEWSLOT, 0, -2);
		c_emit(c, OP_POP, 0, -1);
		break;
	}
	case TK_CONST:
		c_next(c);
		const_statement(c, 0);
		break;
	case TK_ENUM:
		c_next(c);
		const_statement(c, 1);
		break;
	case TK_IDENT:
		if (strcmp(c->lx.sval, "do") == 0) {
			c_next(c);
			top = c_here(c);
			l = loop_push(c, 0);
			sub_statement(c);
			j1 = c_here(c);
			c_expect(c, TK_WHILE);
			cond(c);
			c_patch(c, c_emit(c, OP_JNZ, 0, -1), top);
			loop_pop(c, l, c_here(c), j1);
			break;
		}
		/* fall through */
	default:
		expr_statement(c);
		break;
	}
	c_accept(c, ';');
	c->depth--;
}

static void release_chain(compiler *c)
{
	if (c->pending) {
		/* its parent is c->fs: close it as if it were innermost */
		fstate *fs = c->pending;
		sq_proto *p = fs->p;
		c->pending = NULL;
		c->fs = fs;
		fs_close(c, fs);
		sq_release(c->vm, sq_objval(p));
	}
	sq_free(c->vm, c->scratch[0]);
	sq_free(c->vm, c->scratch[1]);
	c->scratch[0] = c->scratch[1] = NULL;
	while (c->fs) {
		fstate *fs = c->fs;
		sq_proto *p = fs->p;
		cloop *l;
		while ((l = fs->loop) != NULL) {
			fs->loop = l->prev;
			sq_free(c->vm, l->breaks);
			sq_free(c->vm, l->conts);
			free(l);
		}
		fs_close(c, fs);
		sq_release(c->vm, sq_objval(p));
	}
}

int sq_compile(sq_vm *vm, const char *src, size_t len, const char *file, sq_value *out)
{
	compiler *c = calloc(1, sizeof *c);	/* not VM memory: must exist to report OOM */
	fstate *top;
	jmp_buf *saved = vm->oomjmp;
	sq_proto *p;
	sq_closure *cl;

	*out = sq_null();
	if (!c)
		return sq_throwf(vm, "out of memory");
	c->vm = vm;
	c->file = file;
	lex_init(&c->lx, src, len);
	if (setjmp(c->jb)) {
		vm->oomjmp = saved;
		release_chain(c);
		if (c->source)
			sq_release(vm, sq_objval(c->source));
		lex_release(&c->lx);
		if (vm->has_err && !c->err[0]) {	/* out of memory while compiling */
			snprintf(c->err, sizeof c->err, "out of memory");
			c->errline = c->lx.tline;
			c->errcol = c->lx.tcol;
		}
		sq_throwf(vm, "%s:%d:%d: error: %s", file, c->errline, c->errcol, c->err);
		vm->lasterr.is_compile = 1;
		vm->lasterr.line = c->errline;
		vm->lasterr.column = c->errcol;
		snprintf(vm->errmsg, sizeof vm->errmsg, "%s", c->err);
		free(c);
		return SQ_ERROR;
	}
	vm->oomjmp = &c->jb;
	c->source = sq_intern(vm, file, strlen(file));
	top = calloc(1, sizeof *top);
	if (!top)
		sq_oom(vm);
	fs_open(c, top, sq_intern(vm, "main", 4));
	top->p->name->h.rc--;	/* fs_open took its own reference */
	top->p->varargs = 1;
	top->p->nparams = 1;
	add_local(c, vm->s_vargv, 1);
	top->sp = 2;
	top->p->maxslots = 2;
	c_next(c);
	while (c->lx.tok != TK_EOF)
		statement(c);
	c_emit(c, OP_RETURNNULL, 0, 0);
	p = top->p;
	fs_close(c, top);
	vm->oomjmp = saved;
	cl = (sq_closure *)sq_obj_alloc(vm, sizeof(sq_closure), SQ_TCLOSURE, 1);
	cl->p = p;
	cl->env = sq_null();
	*out = sq_objval(cl);
	sq_release(vm, sq_objval(c->source));
	lex_release(&c->lx);
	free(c);
	return 0;
}
