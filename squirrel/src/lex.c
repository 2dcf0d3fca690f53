/* lex.c - the Squirrel lexer: source text -> tokens with line and column, for
 * the compiler (compile.c). Handles line comments (// and #), block comments,
 * decimal, hex, octal and char literals, floats with exponents, "strings" with escapes and
 * @"verbatim" strings where "" is a quote. Positions are 1-based.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lex.h"

static const struct { const char *w; int t; } keywords[] = {
	{ "base", TK_BASE }, { "break", TK_BREAK }, { "case", TK_CASE },
	{ "catch", TK_CATCH }, { "class", TK_CLASS }, { "clone", TK_CLONE },
	{ "continue", TK_CONTINUE }, { "const", TK_CONST }, { "default", TK_DEFAULT },
	{ "delete", TK_DELETE }, { "else", TK_ELSE }, { "enum", TK_ENUM },
	{ "extends", TK_EXTENDS }, { "for", TK_FOR }, { "foreach", TK_FOREACH },
	{ "function", TK_FUNCTION }, { "if", TK_IF }, { "in", TK_IN },
	{ "local", TK_LOCAL }, { "null", TK_NULL }, { "resume", TK_RESUME },
	{ "return", TK_RETURN }, { "switch", TK_SWITCH }, { "this", TK_THIS },
	{ "throw", TK_THROW }, { "try", TK_TRY }, { "typeof", TK_TYPEOF },
	{ "while", TK_WHILE }, { "yield", TK_YIELD }, { "constructor", TK_CONSTRUCTOR },
	{ "instanceof", TK_INSTANCEOF }, { "true", TK_TRUE }, { "false", TK_FALSE },
	{ "static", TK_STATIC }, { "__LINE__", TK_LINE }, { "__FILE__", TK_FILE },
};

void lex_init(sq_lexer *lx, const char *src, size_t len)
{
	memset(lx, 0, sizeof *lx);
	lx->src = src;
	lx->len = len;
	lx->line = 1;
	lx->col = 1;
}

void lex_release(sq_lexer *lx)
{
	free(lx->sval);
	lx->sval = NULL;
}

static int cur(sq_lexer *lx) { return lx->pos < lx->len ? (unsigned char)lx->src[lx->pos] : -1; }
static int peekc(sq_lexer *lx, size_t k) { return lx->pos + k < lx->len ? (unsigned char)lx->src[lx->pos + k] : -1; }

static void adv(sq_lexer *lx)
{
	if (lx->pos < lx->len) {
		if (lx->src[lx->pos] == '\n') {
			lx->line++;
			lx->col = 1;
		} else {
			lx->col++;
		}
		lx->pos++;
	}
}

static int fail(sq_lexer *lx, const char *msg)
{
	snprintf(lx->err, sizeof lx->err, "%s", msg);
	lx->errline = lx->line;
	lx->errcol = lx->col;
	lx->tok = TK_EOF;
	return -1;
}

static int addc(sq_lexer *lx, int c)
{
	if (lx->slen + 2 > lx->scap) {
		size_t nc = lx->scap ? lx->scap * 2 : 64;
		char *p = realloc(lx->sval, nc);
		if (!p)
			return -1;
		lx->sval = p;
		lx->scap = nc;
	}
	lx->sval[lx->slen++] = (char)c;
	lx->sval[lx->slen] = 0;
	return 0;
}

void lex_addstr(sq_lexer *lx, const char *s)
{
	while (*s)
		addc(lx, *s++);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static int read_escape(sq_lexer *lx)
{
	int c;

	adv(lx);	/* the backslash */
	c = cur(lx);
	adv(lx);
	switch (c) {
	case 't': return '\t';
	case 'a': return '\a';
	case 'b': return '\b';
	case 'n': return '\n';
	case 'r': return '\r';
	case 'v': return '\v';
	case 'f': return '\f';
	case '0': return 0;
	case '\\': return '\\';
	case '"': return '"';
	case '\'': return '\'';
	case 'x': {
		int v = 0, n = 0;
		if (hexval(cur(lx)) < 0)
			return -2;
		while (n < 2 && hexval(cur(lx)) >= 0) {
			v = v * 16 + hexval(cur(lx));
			adv(lx);
			n++;
		}
		return v;
	}
	default:
		return -3;
	}
}

static int read_string(sq_lexer *lx, int verbatim)
{
	lx->slen = 0;
	addc(lx, 0);
	lx->slen = 0;
	adv(lx);	/* opening quote */
	for (;;) {
		int c = cur(lx);
		if (c < 0)
			return fail(lx, "unfinished string");
		if (c == '"') {
			if (verbatim && peekc(lx, 1) == '"') {
				adv(lx);
				adv(lx);
				addc(lx, '"');
				continue;
			}
			adv(lx);
			break;
		}
		if (c == '\n' && !verbatim)
			return fail(lx, "newline in a constant");
		if (c == '\\' && !verbatim) {
			int e = read_escape(lx);
			if (e == -2)
				return fail(lx, "hexadecimal number expected");
			if (e < 0)
				return fail(lx, "unrecognised escaper char");
			addc(lx, e);
			continue;
		}
		addc(lx, c);
		adv(lx);
	}
	return lx->tok = TK_STRING;
}

static int read_number(sq_lexer *lx)
{
	size_t start = lx->pos;
	int isfloat = 0;
	char buf[128];
	size_t n;

	if (cur(lx) == '0' && (peekc(lx, 1) == 'x' || peekc(lx, 1) == 'X')) {
		uint32_t v = 0;
		adv(lx);
		adv(lx);
		if (hexval(cur(lx)) < 0)
			return fail(lx, "expected hex digits after '0x'");
		while (hexval(cur(lx)) >= 0) {
			v = v * 16 + (uint32_t)hexval(cur(lx));
			adv(lx);
		}
		lx->ival = (int32_t)v;
		return lx->tok = TK_INT;
	}
	if (cur(lx) == '0' && peekc(lx, 1) >= '0' && peekc(lx, 1) <= '7') {
		uint32_t v = 0;
		while (cur(lx) >= '0' && cur(lx) <= '7') {
			v = v * 8 + (uint32_t)(cur(lx) - '0');
			adv(lx);
		}
		lx->ival = (int32_t)v;
		return lx->tok = TK_INT;
	}
	while (cur(lx) >= '0' && cur(lx) <= '9')
		adv(lx);
	if (cur(lx) == '.' && peekc(lx, 1) >= '0' && peekc(lx, 1) <= '9') {
		isfloat = 1;
		adv(lx);
		while (cur(lx) >= '0' && cur(lx) <= '9')
			adv(lx);
	} else if (cur(lx) == '.' && !(peekc(lx, 1) >= 'a' && peekc(lx, 1) <= 'z') &&
		   !(peekc(lx, 1) >= 'A' && peekc(lx, 1) <= 'Z') && peekc(lx, 1) != '_' && peekc(lx, 1) != '.') {
		isfloat = 1;
		adv(lx);
	}
	if (cur(lx) == 'e' || cur(lx) == 'E') {
		int k = 1;
		if (peekc(lx, 1) == '+' || peekc(lx, 1) == '-')
			k = 2;
		if (peekc(lx, (size_t)k) >= '0' && peekc(lx, (size_t)k) <= '9') {
			isfloat = 1;
			while (k--)
				adv(lx);
			while (cur(lx) >= '0' && cur(lx) <= '9')
				adv(lx);
		}
	}
	n = lx->pos - start;
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, lx->src + start, n);
	buf[n] = 0;
	if (isfloat) {
		lx->fval = strtof(buf, NULL);
		return lx->tok = TK_FLOAT;
	}
	lx->ival = (int32_t)(uint32_t)strtoull(buf, NULL, 10);
	return lx->tok = TK_INT;
}

int lex_next(sq_lexer *lx)
{
	int c;

	lx->nl_before = 0;
	for (;;) {
		c = cur(lx);
		if (c == '\n') {
			lx->nl_before = 1;
			adv(lx);
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			adv(lx);
		} else if (c == '#' || (c == '/' && peekc(lx, 1) == '/')) {
			while (cur(lx) >= 0 && cur(lx) != '\n')
				adv(lx);
		} else if (c == '/' && peekc(lx, 1) == '*') {
			adv(lx);
			adv(lx);
			while (!(cur(lx) == '*' && peekc(lx, 1) == '/')) {
				if (cur(lx) < 0)
					return fail(lx, "missing \"*/\" in comment");
				if (cur(lx) == '\n')
					lx->nl_before = 1;
				adv(lx);
			}
			adv(lx);
			adv(lx);
		} else {
			break;
		}
	}
	lx->tline = lx->line;
	lx->tcol = lx->col;
	if (c < 0)
		return lx->tok = TK_EOF;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
		size_t i;
		lx->slen = 0;
		while ((c = cur(lx)) >= 0 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
					      c == '_' || (c >= '0' && c <= '9'))) {
			addc(lx, c);
			adv(lx);
		}
		for (i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
			if (strcmp(keywords[i].w, lx->sval) == 0)
				return lx->tok = keywords[i].t;
		return lx->tok = TK_IDENT;
	}
	if (c >= '0' && c <= '9')
		return read_number(lx);
	if (c == '"')
		return read_string(lx, 0);
	if (c == '@' && peekc(lx, 1) == '"') {
		adv(lx);
		return read_string(lx, 1);
	}
	if (c == '\'') {
		int v;
		adv(lx);
		if (cur(lx) == '\\') {
			v = read_escape(lx);
			if (v < 0)
				return fail(lx, "unrecognised escaper char");
		} else {
			v = cur(lx);
			if (v < 0 || v == '\'')
				return fail(lx, "empty constant");
			adv(lx);
		}
		if (cur(lx) != '\'')
			return fail(lx, "invalid constant");
		adv(lx);
		lx->ival = (int32_t)(signed char)v;
		return lx->tok = TK_INT;
	}
	adv(lx);
#define NEXT_IS(ch) (cur(lx) == (ch) ? (adv(lx), 1) : 0)
	switch (c) {
	case '=': return lx->tok = NEXT_IS('=') ? TK_EQ : '=';
	case '!': return lx->tok = NEXT_IS('=') ? TK_NE : '!';
	case '<':
		if (NEXT_IS('=')) return lx->tok = NEXT_IS('>') ? TK_CMP3 : TK_LE;
		if (NEXT_IS('-')) return lx->tok = TK_NEWSLOT;
		if (NEXT_IS('<')) return lx->tok = TK_SHL;
		if (NEXT_IS('/')) return lx->tok = TK_ATTR_OPEN;
		return lx->tok = '<';
	case '>':
		if (NEXT_IS('=')) return lx->tok = TK_GE;
		if (NEXT_IS('>')) return lx->tok = NEXT_IS('>') ? TK_USHR : TK_SHR;
		return lx->tok = '>';
	case '&': return lx->tok = NEXT_IS('&') ? TK_AND : '&';
	case '|': return lx->tok = NEXT_IS('|') ? TK_OR : '|';
	case '+':
		if (NEXT_IS('+')) return lx->tok = TK_INC;
		return lx->tok = NEXT_IS('=') ? TK_PLUSEQ : '+';
	case '-':
		if (NEXT_IS('-')) return lx->tok = TK_DEC;
		return lx->tok = NEXT_IS('=') ? TK_MINUSEQ : '-';
	case '*': return lx->tok = NEXT_IS('=') ? TK_MULEQ : '*';
	case '/':
		if (NEXT_IS('>')) return lx->tok = TK_ATTR_CLOSE;
		return lx->tok = NEXT_IS('=') ? TK_DIVEQ : '/';
	case '%': return lx->tok = NEXT_IS('=') ? TK_MODEQ : '%';
	case ':': return lx->tok = NEXT_IS(':') ? TK_DCOLON : ':';
	case '.':
		if (cur(lx) == '.' && peekc(lx, 1) == '.') {
			adv(lx);
			adv(lx);
			return lx->tok = TK_VARARGS;
		}
		return lx->tok = '.';
	case '^': case '~': case ',': case ';': case '?': case '(': case ')':
	case '[': case ']': case '{': case '}': case '@':
		return lx->tok = c;
	default: {
		char m[64];
		snprintf(m, sizeof m, "unexpected character '%c'", c);
		return fail(lx, m);
	}
	}
}

const char *lex_tokname(int tok, char *buf, size_t n)
{
	static const char *names[] = {
		"<eof>", "identifier", "integer", "float", "string", "==", "!=", "<=", ">=",
		"<=>", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "<-", "::",
		"<<", ">>", ">>>", "...", "</", "/>",
	};
	size_t i;

	if (tok < 256) {
		snprintf(buf, n, "%c", tok);
		return buf;
	}
	if (tok - 256 < (int)(sizeof names / sizeof names[0]))
		return names[tok - 256];
	for (i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		if (keywords[i].t == tok)
			return keywords[i].w;
	return "?";
}
