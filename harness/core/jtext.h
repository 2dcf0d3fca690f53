/*
 * jtext.h - a jansson value as compact JSON text, byte for byte as
 * json_dumps(v, JSON_COMPACT) writes it, into a buffer the caller keeps
 * and reuses (no allocation once it is large enough). Core; used by the
 * agent host's store (harness/host/store.c) to serialize a saved table,
 * and, for its numbers, by the trace writer.
 */
#ifndef IMPCHAOS_JTEXT_H
#define IMPCHAOS_JTEXT_H

#include <stddef.h>
#include <jansson.h>

/* The text is buf[0 .. len), followed by a '\0'. */
struct jtext {
	char *buf;
	size_t len, cap;
};

void jtext_init(struct jtext *t);
void jtext_release(struct jtext *t);

/* Replaces t's text with v's (an object or an array). 0; -ENOMEM when the
 * buffer cannot grow; -EINVAL for what this formatter leaves to jansson:
 * a value nested deeper than JTEXT_MAX_DEPTH (a table that contains itself
 * is one), a string or key that is not valid UTF-8, a value that is not
 * an object or array. On failure len is 0, and json_dumps gives the
 * answer (text or NULL) it always gave. */
#define JTEXT_MAX_DEPTH 2048
int jtext_dump(struct jtext *t, const json_t *v);

/* The two number forms, shared with the trace writer (core/trace.c), so
 * that the project formats numbers as jansson does in one place. */
#define JTEXT_INT_MAX 24
#define JTEXT_REAL_MAX 40

/* i's decimal digits (with '-'), as "%" JSON_INTEGER_FORMAT writes them,
 * at the END of b; returns their length. */
size_t jtext_int_digits(char b[JTEXT_INT_MAX], json_int_t i);

/* A finite real as jansson writes one: "%.17g", ".0" added when that has
 * neither '.' nor an exponent, the exponent's '+' and leading zeros
 * dropped. Written from the start of b with a '\0'; returns its length. */
size_t jtext_real(char b[JTEXT_REAL_MAX], double d);

#endif
