/* cexpr.c - the compiler's expression half: precedence climbing over
 * Squirrel's operators, emitting stack code. An expression leaves an expdesc
 * saying where its value is (a local, an upvalue, a variable of `this`, a
 * field whose object/key are on the stack, or on the stack), so assignments,
 * ++/--, method calls and delete can use the place instead of the value.
 */
#include <string.h>
#include "compiler.h"

static void expr_unary(compiler *c, expdesc *e);

void c_discharge(compiler *c, expdesc *e)
{
	switch (e->kind) {
	case E_LOCAL: c_emit(c, OP_GETLOCAL, e->idx, 1); break;
	case E_UP: c_emit(c, OP_GETUP, e->idx, 1); break;
	case E_VAR: c_emit(c, OP_GETVAR, e->idx, 1); break;
	case E_FIELD: c_emit(c, OP_GET, 0, -1); break;
	case E_FIELDK: c_emit(c, OP_GETK, e->idx, 0); break;
	default: break;
	}
	e->kind = E_VALUE;
}

void c_exprv(compiler *c)
{
	expdesc e;
	c_expr(c, &e);
	c_discharge(c, &e);
}

static sq_string *ident(compiler *c)
{
	sq_string *s;
	int k;

	if (c->lx.tok != TK_IDENT)
		c_error(c, "expected 'IDENTIFIER'");
	k = c_strconst(c, c->lx.sval, c->lx.slen);
	s = AS_STR(c->fs->p->consts[k]);
	c_next(c);
	return s;
}

static void load_const_value(compiler *c, sq_value v)
{
	if (v.type == SQ_TINTEGER && v.u.i >= -(1 << 23) && v.u.i < (1 << 23))
		c_emit(c, OP_LOADINT, v.u.i, 1);
	else if (v.type == SQ_TNULL)
		c_emit(c, OP_LOADNULL, 0, 1);
	else if (v.type == SQ_TBOOL)
		c_emit(c, v.u.i ? OP_LOADTRUE : OP_LOADFALSE, 0, 1);
	else
		c_emit(c, OP_LOADK, c_const(c, v), 1);
}

static void resolve_name(compiler *c, sq_string *name, expdesc *e)
{
	int i;
	sq_value *k;

	e->isbase = 0;
	if ((i = c_resolve_local(c->fs, name)) >= 0) {
		e->kind = E_LOCAL;
		e->idx = i;
		return;
	}
	if ((i = c_resolve_up(c, c->fs, name)) >= 0) {
		e->kind = E_UP;
		e->idx = i;
		return;
	}
	k = sq_tab_findstr(AS_TABLE(c->vm->consts), name);
	if (k) {
		load_const_value(c, *k);
		e->kind = E_VALUE;
		return;
	}
	e->kind = E_VAR;
	e->idx = c_const(c, sq_objval(name));
}

static void array_literal(compiler *c)
{
	c_emit(c, OP_NEWARRAY, 0, 1);
	c_next(c);	/* [ */
	while (c->lx.tok != ']') {
		c_exprv(c);
		c_emit(c, OP_APUSH, 0, -1);
		c_accept(c, ',');
	}
	c_next(c);
}

void c_table_literal(compiler *c)
{
	c_emit(c, OP_NEWTABLE, 0, 1);
	c_next(c);	/* { */
	while (c->lx.tok != '}') {
		if (c->lx.tok == TK_FUNCTION) {
			sq_string *name;
			c_next(c);
			name = ident(c);
			c_emit(c, OP_LOADK, c_const(c, sq_objval(name)), 1);
			c_function(c, name, 0);
		} else {
			if (c->lx.tok == '[') {
				c_next(c);
				c_exprv(c);
				c_expect(c, ']');
			} else if (c->lx.tok == TK_STRING) {
				c_emit(c, OP_LOADK, c_strconst(c, c->lx.sval, c->lx.slen), 1);
				c_next(c);
			} else if (c->lx.tok == TK_IDENT || c->lx.tok > TK_ATTR_CLOSE) {
				char b[8];
				const char *s = c->lx.tok == TK_IDENT ? c->lx.sval : lex_tokname(c->lx.tok, b, sizeof b);
				c_emit(c, OP_LOADK, c_strconst(c, s, strlen(s)), 1);
				c_next(c);
			} else {
				c_error(c, "expected 'IDENTIFIER'");
			}
			if (!c_accept(c, '=') && !c_accept(c, ':'))
				c_error(c, "expected '='");
			c_exprv(c);
		}
		c_emit(c, OP_TSLOT, 0, -2);
		c_accept(c, ',');
		c_accept(c, ';');
	}
	c_next(c);
}

static int call_args(compiler *c)
{
	int n = 0;

	c_next(c);	/* ( */
	while (c->lx.tok != ')') {
		c_exprv(c);
		n++;
		if (c->lx.tok != ')' && !c_accept(c, ','))
			c_error(c, "expected ')'");
	}
	c_next(c);
	return n;
}

static void primary(compiler *c, expdesc *e)
{
	sq_lexer *lx = &c->lx;

	e->kind = E_VALUE;
	e->isbase = 0;
	switch (lx->tok) {
	case TK_INT:
		load_const_value(c, sq_int(lx->ival));
		c_next(c);
		break;
	case TK_FLOAT:
		c_emit(c, OP_LOADK, c_const(c, sq_float(lx->fval)), 1);
		c_next(c);
		break;
	case TK_STRING:
		c_emit(c, OP_LOADK, c_strconst(c, lx->sval, lx->slen), 1);
		c_next(c);
		break;
	case TK_TRUE: c_emit(c, OP_LOADTRUE, 0, 1); c_next(c); break;
	case TK_FALSE: c_emit(c, OP_LOADFALSE, 0, 1); c_next(c); break;
	case TK_NULL: c_emit(c, OP_LOADNULL, 0, 1); c_next(c); break;
	case TK_LINE: load_const_value(c, sq_int(lx->tline)); c_next(c); break;
	case TK_FILE:
		c_emit(c, OP_LOADK, c_const(c, sq_objval(c->source)), 1);
		c_next(c);
		break;
	case TK_THIS:
		e->kind = E_LOCAL;
		e->idx = 0;
		c_next(c);
		break;
	case TK_BASE: {
		/* `base` is the base class inside class methods; elsewhere, or when a
		 * local of that name exists, scripts use it as a plain name. */
		sq_string *nm = sq_intern(c->vm, "base", 4);
		int k = c_const(c, sq_objval(nm));
		sq_release(c->vm, sq_objval(nm));
		nm = AS_STR(c->fs->p->consts[k]);
		if (!c->fs->in_class || c_resolve_local(c->fs, nm) >= 0 || c_resolve_up(c, c->fs, nm) >= 0) {
			c_next(c);
			resolve_name(c, nm, e);
			break;
		}
		c_emit(c, OP_LOADBASE, 0, 1);
		e->isbase = 1;
		c_next(c);
		break;
	}
	case TK_IDENT:
		resolve_name(c, ident(c), e);
		break;
	case TK_DCOLON:
		c_next(c);
		c_emit(c, OP_LOADROOT, 0, 1);
		e->kind = E_FIELDK;
		e->idx = c_const(c, sq_objval(ident(c)));
		break;
	case '(':
		c_next(c);
		c_expr(c, e);
		c_discharge(c, e);
		c_expect(c, ')');
		break;
	case '[':
		array_literal(c);
		break;
	case '{':
		c_table_literal(c);
		break;
	case TK_FUNCTION:
		c_next(c);
		c_function(c, NULL, 0);
		break;
	case '@':
		c_next(c);
		c_function(c, NULL, 1);
		break;
	case TK_CLASS:
		c_next(c);
		c_class_body(c);
		break;
	default: {
		char b[8];
		(void)b;
		c_error(c, "expression expected");
	}
	}
}

static void postfix(compiler *c, expdesc *e)
{
	sq_lexer *lx = &c->lx;

	primary(c, e);
	for (;;) {
		if (lx->tok == '.') {
			int isbase = e->isbase;
			c_discharge(c, e);
			c_next(c);
			if (lx->tok == TK_CONSTRUCTOR) {
				c_next(c);
				e->idx = c_const(c, sq_objval(c->vm->s_constructor));
			} else if (lx->tok > TK_ATTR_CLOSE) {
				char b[8];
				const char *kw = lex_tokname(lx->tok, b, sizeof b);
				e->idx = c_strconst(c, kw, strlen(kw));
				c_next(c);
			} else {
				e->idx = c_const(c, sq_objval(ident(c)));
			}
			e->kind = E_FIELDK;
			e->isbase = isbase;
		} else if (lx->tok == '[' && !lx->nl_before) {
			c_discharge(c, e);
			c_next(c);
			c_exprv(c);
			c_expect(c, ']');
			e->kind = E_FIELD;
			e->isbase = 0;
		} else if (lx->tok == '(' && !lx->nl_before) {
			int n;
			if (e->isbase && (e->kind == E_FIELDK || e->kind == E_FIELD)) {
				c_discharge(c, e);
				c_emit(c, OP_GETLOCAL, 0, 1);
			} else if (e->kind == E_FIELDK) {
				c_emit(c, OP_PREPCALLK, e->idx, 1);
			} else if (e->kind == E_FIELD) {
				c_emit(c, OP_PREPCALL, 0, 0);
			} else {
				c_discharge(c, e);
				c_emit(c, OP_GETLOCAL, 0, 1);
			}
			n = call_args(c);
			c_emit(c, OP_CALL, n, -(n + 1));
			e->kind = E_VALUE;
			e->isbase = 0;
		} else if ((lx->tok == TK_INC || lx->tok == TK_DEC) && !lx->nl_before) {
			int dec = lx->tok == TK_DEC;
			c_next(c);
			switch (e->kind) {
			case E_LOCAL: c_emit(c, OP_INCL, (e->idx << 2) | 2 | dec, 1); break;
			case E_UP: c_emit(c, OP_INCU, (e->idx << 2) | 2 | dec, 1); break;
			case E_VAR: c_emit(c, OP_INCV, (e->idx << 2) | 2 | dec, 1); break;
			case E_FIELDK: c_emit(c, OP_LOADK, e->idx, 1); /* fall through */
			case E_FIELD: c_emit(c, OP_INCF, 2 | dec, -1); break;
			default: c_error(c, "can't '++' or '--' an expression");
			}
			e->kind = E_VALUE;
		} else {
			break;
		}
	}
}

static void expr_unary(compiler *c, expdesc *e)
{
	int tok = c->lx.tok;

	if (++c->depth > SQ_MAX_DEPTH)
		c_error(c, "expression too deep");
	switch (tok) {
	case '-':
		c_next(c);
		if (c->lx.tok == TK_INT) {
			load_const_value(c, sq_int((int32_t)(0u - (uint32_t)c->lx.ival)));
			c_next(c);
			e->kind = E_VALUE;
			/* a literal can still be indexed or called: -1.tostring() is rare */
			break;
		}
		if (c->lx.tok == TK_FLOAT) {
			c_emit(c, OP_LOADK, c_const(c, sq_float(-c->lx.fval)), 1);
			c_next(c);
			e->kind = E_VALUE;
			break;
		}
		expr_unary(c, e);
		c_discharge(c, e);
		c_emit(c, OP_UNM, 0, 0);
		break;
	case '!': case '~': case TK_TYPEOF: case TK_CLONE: case TK_RESUME:
		c_next(c);
		expr_unary(c, e);
		c_discharge(c, e);
		c_emit(c, tok == '!' ? OP_NOT : tok == '~' ? OP_BNOT : tok == TK_TYPEOF ? OP_TYPEOF :
		       tok == TK_CLONE ? OP_CLONE : OP_RESUME, 0, 0);
		break;
	case TK_DELETE:
		c_next(c);
		expr_unary(c, e);
		if (e->kind == E_FIELDK)
			c_emit(c, OP_LOADK, e->idx, 1);
		else if (e->kind != E_FIELD)
			c_error(c, "can't delete an expression");
		c_emit(c, OP_DELETE, 0, -1);
		e->kind = E_VALUE;
		break;
	case TK_INC: case TK_DEC: {
		int dec = tok == TK_DEC;
		c_next(c);
		expr_unary(c, e);
		switch (e->kind) {
		case E_LOCAL: c_emit(c, OP_INCL, (e->idx << 2) | dec, 1); break;
		case E_UP: c_emit(c, OP_INCU, (e->idx << 2) | dec, 1); break;
		case E_VAR: c_emit(c, OP_INCV, (e->idx << 2) | dec, 1); break;
		case E_FIELDK: c_emit(c, OP_LOADK, e->idx, 1); /* fall through */
		case E_FIELD: c_emit(c, OP_INCF, dec, -1); break;
		default: c_error(c, "can't '++' or '--' an expression");
		}
		e->kind = E_VALUE;
		break;
	}
	default:
		postfix(c, e);
		break;
	}
	c->depth--;
}

static int binprec(int tok, int *op)
{
	switch (tok) {
	case TK_OR: *op = -1; return 1;
	case TK_AND: *op = -2; return 2;
	case '|': *op = OP_BOR; return 3;
	case '^': *op = OP_BXOR; return 4;
	case '&': *op = OP_BAND; return 5;
	case TK_EQ: *op = OP_EQ; return 6;
	case TK_NE: *op = OP_NE; return 6;
	case TK_CMP3: *op = OP_CMP3; return 6;
	case '<': *op = OP_LT; return 7;
	case TK_LE: *op = OP_LE; return 7;
	case '>': *op = OP_GT; return 7;
	case TK_GE: *op = OP_GE; return 7;
	case TK_IN: *op = OP_IN; return 7;
	case TK_INSTANCEOF: *op = OP_INSTANCEOF; return 7;
	case TK_SHL: *op = OP_SHL; return 8;
	case TK_SHR: *op = OP_SHR; return 8;
	case TK_USHR: *op = OP_USHR; return 8;
	case '+': *op = OP_ADD; return 9;
	case '-': *op = OP_SUB; return 9;
	case '*': *op = OP_MUL; return 10;
	case '/': *op = OP_DIV; return 10;
	case '%': *op = OP_MOD; return 10;
	default: return 0;
	}
}

static void expr_binary(compiler *c, expdesc *e, int minprec)
{
	int op = 0, prec;

	expr_unary(c, e);
	while ((prec = binprec(c->lx.tok, &op)) > minprec) {
		expdesc r;
		c_discharge(c, e);
		c_next(c);
		if (op < 0) {	/* && || keep the deciding operand */
			int j = c_emit(c, op == -1 ? OP_JNZK : OP_JZK, 0, -1);
			expr_binary(c, &r, prec);
			c_discharge(c, &r);
			c_patch(c, j, c_here(c));
		} else {
			expr_binary(c, &r, prec);
			c_discharge(c, &r);
			if ((op == OP_ADD || op == OP_SUB) && c->fs->p->ncode > 0 &&
			    SQ_OP(c->fs->p->code[c->fs->p->ncode - 1]) == OP_LOADINT &&
			    c->fs->barrier < (int)c->fs->p->ncode - 1) {
				/* x + 1: fold the immediate into ADDI */
				int imm = SQ_A(c->fs->p->code[c->fs->p->ncode - 1]);
				c->fs->p->ncode--;
				c->fs->sp--;
				c_emit(c, op == OP_SUB ? OP_SUBI : OP_ADDI, imm, 0);
			} else {
				c_emit(c, op, 0, -1);
			}
		}
		e->kind = E_VALUE;
	}
}

static void assign(compiler *c, expdesc *e, int tok)
{
	int op = 0;

	switch (tok) {
	case TK_PLUSEQ: op = OP_ADD; break;
	case TK_MINUSEQ: op = OP_SUB; break;
	case TK_MULEQ: op = OP_MUL; break;
	case TK_DIVEQ: op = OP_DIV; break;
	case TK_MODEQ: op = OP_MOD; break;
	}
	c_next(c);
	switch (e->kind) {
	case E_LOCAL:
		if (op) {
			/* local op= v in place */
			c_exprv(c);
			c_emit(c, OP_ARITHL, (e->idx << 3) | (op - OP_ADD), 0);
			break;
		}
		/* fall through */
	case E_UP:
		if (tok == TK_NEWSLOT)
			c_error(c, "can't 'create' a local slot");
		if (op)
			c_emit(c, e->kind == E_LOCAL ? OP_GETLOCAL : OP_GETUP, e->idx, 1);
		c_exprv(c);
		if (op)
			c_emit(c, op, 0, -1);
		c_emit(c, e->kind == E_LOCAL ? OP_SETLOCAL : OP_SETUP, e->idx, 0);
		break;
	case E_VAR:
		if (tok == TK_NEWSLOT) {
			c_emit(c, OP_GETLOCAL, 0, 1);
			c_emit(c, OP_LOADK, e->idx, 1);
			c_exprv(c);
			c_emit(c, OP_NEWSLOT, 0, -2);
			break;
		}
		if (op)
			c_emit(c, OP_GETVAR, e->idx, 1);
		c_exprv(c);
		if (op)
			c_emit(c, op, 0, -1);
		c_emit(c, OP_SETVAR, e->idx, 0);
		break;
	case E_FIELDK:
		c_emit(c, OP_LOADK, e->idx, 1);
		/* fall through */
	case E_FIELD:
		if (op) {
			c_emit(c, OP_DUP2, 0, 2);
			c_emit(c, OP_GET, 0, -1);
		}
		c_exprv(c);
		if (op)
			c_emit(c, op, 0, -1);
		c_emit(c, tok == TK_NEWSLOT ? OP_NEWSLOT : OP_SET, 0, -2);
		break;
	default:
		c_error(c, "can't assign expression");
	}
	e->kind = E_VALUE;
}

void c_expr(compiler *c, expdesc *e)
{
	int tok;

	if (++c->depth > SQ_MAX_DEPTH)
		c_error(c, "expression too deep");
	expr_binary(c, e, 0);
	tok = c->lx.tok;
	if (tok == '=' || tok == TK_NEWSLOT || tok == TK_PLUSEQ || tok == TK_MINUSEQ ||
	    tok == TK_MULEQ || tok == TK_DIVEQ || tok == TK_MODEQ) {
		assign(c, e, tok);
	} else if (tok == '?') {
		int jelse, jend;
		c_discharge(c, e);
		c_next(c);
		jelse = c_emit(c, OP_JZ, 0, -1);
		c_exprv(c);
		jend = c_emit(c, OP_JMP, 0, -1);
		c_patch(c, jelse, c_here(c));
		c_expect(c, ':');
		c_exprv(c);
		c_patch(c, jend, c_here(c));
		e->kind = E_VALUE;
	}
	c->depth--;
}
