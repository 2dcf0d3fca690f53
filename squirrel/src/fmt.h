/* fmt.h - the printf-like engine behind Squirrel's format() and the way floats
 * print (tostring, print). A pure module: it knows nothing of the VM; the string
 * library (lib_string.c) converts Squirrel values to struct fmt_arg and hands
 * the output to a writer callback.
 */
#ifndef SQ_FMT_H
#define SQ_FMT_H

#include <stddef.h>
#include <stdint.h>

/* What kind of value one format() argument is. FMT_OTHER is any value that is
 * neither a number nor a string (table, null, bool, ...); type_name names it. */
enum fmt_kind { FMT_INT, FMT_FLOAT, FMT_STR, FMT_OTHER };

struct fmt_arg {
	enum fmt_kind kind;
	int32_t i;		/* FMT_INT */
	float f;		/* FMT_FLOAT */
	const char *s;		/* FMT_STR: bytes, not necessarily NUL-terminated */
	size_t len;		/* FMT_STR: length of s */
	const char *type_name;	/* FMT_OTHER: its typeof name, for messages */
};

/* Receives the formatted output piece by piece; returns 0 or -ENOMEM. */
typedef int (*fmt_write_cb)(void *ud, const char *s, size_t n);

/* Formats fmt[0..fmtlen) with args[0..nargs) through write(ud, ...).
 * Returns 0, -ENOMEM (from write), or -EINVAL with a Squirrel error message
 * in err (always NUL-terminated when errsz > 0). Extra arguments are ignored. */
int fmt_format(const char *fmt, size_t fmtlen, const struct fmt_arg *args,
	       int nargs, fmt_write_cb write, void *ud, char *err, size_t errsz);

/* Size of a buffer that always holds fmt_float_tostring's output. */
#define FMT_FLOAT_BUFSZ 32

/* Writes the text tostring()/print give a float into buf (FMT_FLOAT_BUFSZ
 * bytes); returns its length. */
size_t fmt_float_tostring(float f, char *buf);

#endif
