/* cstmt.c - the compiler's statement half: local declarations, if/while/
 * do/for/foreach/switch with break and continue, return/yield/throw,
 * try/catch, function and class statements, const and enum. compile.c holds
 * the function state and scopes, cexpr.c the expressions.
 */
#include <stdlib.h>
#include <string.h>
#include "compiler.h"

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
	cap = c_captured_from(fs, l->nlocals_at);
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
		c_add_local(c, AS_STR(c->fs->p->consts[k]), slot);
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
		c_add_local(c, AS_STR(c->fs->p->consts[k]), c->fs->sp - 1);
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
	c_scope_enter(c, &s);
	c_statement(c);
	c_scope_leave(c, &s);
}

static void for_statement(compiler *c)
{
	scope s;
	cloop *l;
	int top, jexit = -1, incr_start, body_jump, cont;
	uint32_t *saved = NULL;
	int32_t *savedl = NULL;
	int nsaved = 0;

	c_scope_enter(c, &s);
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
	c_scope_leave(c, &s);
}

static void foreach_statement(compiler *c)
{
	scope s;
	cloop *l;
	int base, head, jexit, k1, k2 = -1;

	c_scope_enter(c, &s);
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
	c_add_local(c, NULL, base);
	c_add_local(c, NULL, base + 1);
	c_add_local(c, k2 >= 0 ? AS_STR(c->fs->p->consts[k1]) : NULL, base + 2);
	c_add_local(c, AS_STR(c->fs->p->consts[k2 >= 0 ? k2 : k1]), base + 3);
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
	c_scope_leave(c, &s);
}

static void switch_statement(compiler *c)
{
	scope s;
	cloop *l;
	int slot, jtest = -1, jbody = -1, i;

	c_scope_enter(c, &s);
	slot = c->fs->sp;
	cond(c);
	c_add_local(c, NULL, slot);
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
		c_scope_enter(c, &cs);
		while (c->lx.tok != TK_CASE && c->lx.tok != TK_DEFAULT && c->lx.tok != '}')
			c_statement(c);
		c_scope_leave(c, &cs);
		jbody = c_emit(c, OP_JMP, 0, 0);
	}
	if (jtest >= 0)
		c_patch(c, jtest, c_here(c));
	if (jbody >= 0)
		c_patch(c, jbody, c_here(c));
	if (c_accept(c, TK_DEFAULT)) {
		scope cs;
		c_expect(c, ':');
		c_scope_enter(c, &cs);
		while (c->lx.tok != '}')
			c_statement(c);
		c_scope_leave(c, &cs);
	}
	c_expect(c, '}');
	i = c_here(c);
	loop_pop(c, l, i, i);
	c_scope_leave(c, &s);
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

/* Push the value of the name K[k]: a local, an upvalue or a variable. */
static void load_name(compiler *c, int k)
{
	fstate *fs = c->fs;
	sq_string *name = AS_STR(fs->p->consts[k]);
	int li = c_resolve_local(fs, name);
	int ui = li < 0 ? c_resolve_up(c, fs, name) : -1;

	if (li >= 0)
		c_emit(c, OP_GETLOCAL, li, 1);
	else if (ui >= 0)
		c_emit(c, OP_GETUP, ui, 1);
	else
		c_emit(c, OP_GETVAR, k, 1);
}

void c_statement(compiler *c)
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
		c_block_body(c);
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
		c_scope_enter(c, &s);
		slot = fs->sp;
		fs->sp++;	/* the VM pushes the error here */
		if (fs->sp > fs->p->maxslots)
			fs->p->maxslots = (uint16_t)fs->sp;
		if (c->lx.tok != TK_IDENT)
			c_error(c, "expected 'IDENTIFIER'");
		{
			int k = c_strconst(c, c->lx.sval, c->lx.slen);
			c_add_local(c, AS_STR(fs->p->consts[k]), slot);
		}
		c_next(c);
		c_expect(c, ')');
		sub_statement(c);
		c_scope_leave(c, &s);
		c_patch(c, j2, c_here(c));
		break;
	}
	case TK_FUNCTION: {
		int k;
		c_next(c);
		if (c->lx.tok != TK_IDENT)
			c_error(c, "expected 'IDENTIFIER'");
		k = c_strconst(c, c->lx.sval, c->lx.slen);
		c_next(c);
		if (c->lx.tok == TK_DCOLON || c->lx.tok == '.') {
			/* function A::b() / A.b(): a slot of A */
			load_name(c, k);
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
			load_name(c, k);
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

