/* compiler.h - state shared by the three parts of the compiler: compile.c
 * (function state, scopes, functions, classes), cstmt.c (statements) and
 * cexpr.c (expressions). Internal.
 *
 * The compiler is one pass: the parser emits stack-machine code (opcodes.h)
 * directly as it recognises constructs. Each function being compiled has an
 * fstate tracking its locals (stack slots), the compile-time stack height, its
 * loops (for break/continue patching) and try depth. Errors longjmp to
 * sq_compile with a message and the token's position.
 */
#ifndef SQ_COMPILER_H
#define SQ_COMPILER_H

#include <setjmp.h>
#include "value.h"
#include "lex.h"
#include "opcodes.h"

typedef struct clocal {
	sq_string *name;	/* NULL for hidden slots (foreach state, switch value) */
	int slot;
	int captured;
} clocal;

typedef struct cloop {
	struct cloop *prev;
	int is_switch;
	int sp_at;		/* stack height break/continue restore */
	int nlocals_at;
	int trydepth;
	int *breaks, nbreaks, capbreaks;
	int *conts, nconts, capconts;
} cloop;

typedef struct fstate {
	struct fstate *parent;
	sq_proto *p;
	uint32_t codecap, kcap, pcap, ucap;
	sq_table *kmap;		/* constant -> index */
	clocal *locals;
	int nlocals, loccap;
	sq_string **upnames;
	int sp;			/* compile-time stack height */
	cloop *loop;
	int trydepth;
	int in_class;		/* a class member function: `base` allowed */
	int barrier;		/* last jump target: no peephole across it */
} fstate;

typedef struct compiler {
	sq_vm *vm;
	sq_lexer lx;
	fstate *fs;
	sq_string *source;
	const char *file;
	jmp_buf jb;
	char err[300];
	int errline, errcol;
	int depth;		/* expression/statement nesting, bounded */
	int prevline;		/* line of the last consumed token: instructions' line */
	fstate *pending;	/* a function whose defaults are being compiled in its parent */
	int ntmps0;		/* vm->ntmps at entry */
	void *scratch[2];	/* for-loop increment buffers, freed on error */
} compiler;

/* Expression descriptors: where a just-parsed expression's value is. */
enum { E_VALUE, E_LOCAL, E_UP, E_VAR, E_FIELD, E_FIELDK };
typedef struct expdesc {
	int kind;
	int idx;		/* slot, upvalue, or constant index */
	int isbase;		/* the object is `base` */
} expdesc;

#define SQ_MAX_DEPTH 200

/* compile.c */
void c_error(compiler *c, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
void c_next(compiler *c);
void c_expect(compiler *c, int tok);
int c_accept(compiler *c, int tok);
int c_emit(compiler *c, int op, int a, int delta);
void c_patch(compiler *c, int at, int target);
int c_here(compiler *c);
int c_const(compiler *c, sq_value v);
int c_strconst(compiler *c, const char *s, size_t n);
int c_resolve_local(fstate *fs, sq_string *name);
int c_resolve_up(compiler *c, fstate *fs, sq_string *name);
void c_function(compiler *c, sq_string *name, int lambda);
void c_class_body(compiler *c);
typedef struct scope { int nlocals, sp; } scope;
int c_add_local(compiler *c, sq_string *name, int slot);
void c_scope_enter(compiler *c, scope *s);
void c_scope_leave(compiler *c, scope *s);
int c_captured_from(fstate *fs, int nlocals);
void c_block_body(compiler *c);
/* cstmt.c */
void c_statement(compiler *c);
/* cexpr.c */
void c_expr(compiler *c, expdesc *e);
void c_exprv(compiler *c);		/* expression, value pushed */
void c_discharge(compiler *c, expdesc *e);
void c_table_literal(compiler *c);

#endif
