/* compile.c - the Squirrel compiler: a one-pass parser that emits bytecode
 * (opcodes.h) for vm.c. This file holds the function state (code, constants,
 * locals, upvalues, peephole fusion in c_emit), scopes, functions, class
 * bodies and the entry point sq_compile; cstmt.c the statements and cexpr.c
 * the expressions. Compile errors carry the file, line and column of the token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler.h"


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
	c->prevline = c->lx.tline;
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
	p->lines[p->ncode] = c->prevline ? c->prevline : c->lx.tline;
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
	int k;

	sq_tmp_push(c->vm, v);
	k = c_const(c, v);
	sq_tmp_pop(c->vm, 1);
	sq_release(c->vm, v);
	return k;
}

/* ---- locals and upvalues ---- */
int c_add_local(compiler *c, sq_string *name, int slot)
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

void c_scope_enter(compiler *c, scope *s)
{
	s->nlocals = c->fs->nlocals;
	s->sp = c->fs->sp;
}

int c_captured_from(fstate *fs, int nlocals)
{
	int i;
	for (i = nlocals; i < fs->nlocals; i++)
		if (fs->locals[i].captured)
			return fs->locals[i].slot;
	return -1;
}

void c_scope_leave(compiler *c, scope *s)
{
	fstate *fs = c->fs;
	int cap = c_captured_from(fs, s->nlocals);

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
	c->fs = fs;	/* in the chain before anything can fail */
	fs->p = (sq_proto *)sq_obj_alloc(c->vm, sizeof(sq_proto), SQ_TPROTO, 0);
	if (name) {
		sq_incref(sq_objval(name));
		fs->p->name = name;
	}
	sq_incref(sq_objval(c->source));
	fs->p->source = c->source;
	fs->kmap = sq_tab_new(c->vm, 0);
	c_add_local(c, c->vm->s_this, 0);
	fs->sp = 1;
	fs->p->maxslots = 1;
	return fs;
}

/* Drop compile-time state; the proto stays (owned by the caller). */
static void fs_close(compiler *c, fstate *fs)
{
	if (fs->kmap)
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

void c_block_body(compiler *c)
{
	scope s;

	c_expect(c, '{');
	c_scope_enter(c, &s);
	while (c->lx.tok != '}' && c->lx.tok != TK_EOF)
		c_statement(c);
	c_expect(c, '}');
	c_scope_leave(c, &s);
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
		c_add_local(c, AS_STR(fs->p->consts[k]), nparams++);
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
	fs->p->paramnames = sq_malloc(c->vm, sizeof(sq_string *) * (size_t)nparams);
	for (k = 0; k < nparams; k++) {
		fs->p->paramnames[k] = fs->locals[k].name;
		sq_incref(sq_objval(fs->locals[k].name));
	}
	if (fs->p->varargs) {
		c_add_local(c, c->vm->s_vargv, nparams);
		fs->sp++;
	}
	if (fs->sp > fs->p->maxslots)
		fs->p->maxslots = (uint16_t)fs->sp;
	if (lambda) {
		c_exprv(c);
		c_emit(c, OP_RETURN, 0, -1);
	} else {
		c_block_body(c);
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

static void release_chain(compiler *c)
{
	if (c->pending) {
		/* its parent is c->fs: close it as if it were innermost */
		fstate *fs = c->pending;
		sq_proto *p = fs->p;
		c->pending = NULL;
		c->fs = fs;
		fs_close(c, fs);
		if (p)
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
		if (p)
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
		sq_tmp_unwind(vm, c->ntmps0);
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
	c->ntmps0 = vm->ntmps;
	vm->oomjmp = &c->jb;
	c->source = sq_intern(vm, file, strlen(file));
	top = calloc(1, sizeof *top);
	if (!top)
		sq_oom(vm);
	fs_open(c, top, NULL);
	top->p->name = sq_intern(vm, "main", 4);
	top->p->varargs = 1;
	top->p->nparams = 1;
	c_add_local(c, vm->s_vargv, 1);
	top->sp = 2;
	top->p->maxslots = 2;
	c_next(c);
	while (c->lx.tok != TK_EOF)
		c_statement(c);
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
