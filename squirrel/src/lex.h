/* lex.h - the Squirrel lexer's interface: turns source text into tokens with
 * line and column, for compile.c. Single-character tokens are their character.
 */
#ifndef SQ_LEX_H
#define SQ_LEX_H

#include <stddef.h>
#include <stdint.h>

enum {
	TK_EOF = 256, TK_IDENT, TK_INT, TK_FLOAT, TK_STRING,
	TK_EQ, TK_NE, TK_LE, TK_GE, TK_CMP3, TK_AND, TK_OR, TK_INC, TK_DEC,
	TK_PLUSEQ, TK_MINUSEQ, TK_MULEQ, TK_DIVEQ, TK_MODEQ, TK_NEWSLOT,
	TK_DCOLON, TK_SHL, TK_SHR, TK_USHR, TK_VARARGS, TK_ATTR_OPEN, TK_ATTR_CLOSE,
	/* keywords */
	TK_BASE, TK_BREAK, TK_CASE, TK_CATCH, TK_CLASS, TK_CLONE, TK_CONTINUE,
	TK_CONST, TK_DEFAULT, TK_DELETE, TK_ELSE, TK_ENUM, TK_EXTENDS, TK_FOR,
	TK_FOREACH, TK_FUNCTION, TK_IF, TK_IN, TK_LOCAL, TK_NULL, TK_RESUME,
	TK_RETURN, TK_SWITCH, TK_THIS, TK_THROW, TK_TRY, TK_TYPEOF, TK_WHILE,
	TK_YIELD, TK_CONSTRUCTOR, TK_INSTANCEOF, TK_TRUE, TK_FALSE, TK_STATIC,
	TK_LINE, TK_FILE
};

typedef struct sq_lexer {
	const char *src;
	size_t len, pos;
	int line, col;
	/* current token */
	int tok;
	int tline, tcol;
	int nl_before;		/* a newline came before this token */
	int32_t ival;
	float fval;
	char *sval;		/* TK_STRING / TK_IDENT text (malloc'd buffer) */
	size_t slen, scap;
	char err[256];		/* set on a lexical error; tok is then TK_EOF */
	int errline, errcol;
} sq_lexer;

void lex_init(sq_lexer *lx, const char *src, size_t len);
void lex_release(sq_lexer *lx);
/* Read the next token; returns -1 on a lexical error (message in lx->err). */
int lex_next(sq_lexer *lx);
void lex_addstr(sq_lexer *lx, const char *s);	/* append to the token text */
const char *lex_tokname(int tok, char *buf, size_t n);

#endif
