/* fmt.c - Squirrel's format() engine and float-to-text rule (see fmt.h).
 *
 * DESIGN ---- format() follows C printf for the conversions the imp's format
 * page lists (%d %i %u %x %X %o %c %s %f %e %E %g %G %%), with the flags
 * "-+ #0", a width and a precision. The Squirrel reference manual says "*" is
 * not supported; neither are length modifiers. Width and precision take at most
 * two digits each, so one conversion never needs more than a small stack
 * buffer. Each numeric conversion is rebuilt as a C format spec from parsed
 * pieces (never copied from the user) and printed with snprintf:
 *   - integers are 32-bit; %u %x %X %o print the value's 32-bit unsigned form;
 *   - floats are 32-bit: a float is a C float widened to double for printing,
 *     so format("%.10f", 0.1) gives 0.1000000015 as on the imp;
 *   - %d of a float converts it to an integer, %f of an integer to a float;
 *   - %s takes strings only (the format page lists %s as String); its bytes are
 *     copied as they are, truncated to the precision and padded to the width.
 */
#include "fmt.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Largest width or precision: two decimal digits. */
#define FMT_MAX_FIELD 99

struct spec {
	char flags[8];	/* the flag characters seen, NUL-terminated */
	int width;	/* -1 when absent */
	int prec;	/* -1 when absent */
	char conv;
};

static void set_err(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (errsz == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

/* Parses the conversion after a '%' at fmt[*pos]; advances *pos past it.
 * Returns 0 or -EINVAL with err set. */
static int parse_spec(const char *fmt, size_t fmtlen, size_t *pos,
		      struct spec *sp, char *err, size_t errsz)
{
	size_t i = *pos;
	int nflags = 0, digits;

	memset(sp, 0, sizeof(*sp));
	sp->width = -1;
	sp->prec = -1;
	while (i < fmtlen && strchr("-+ #0", fmt[i]) && fmt[i] != '\0') {
		if (nflags < (int)sizeof(sp->flags) - 1 && !strchr(sp->flags, fmt[i]))
			sp->flags[nflags++] = fmt[i];
		i++;
	}
	for (digits = 0; i < fmtlen && fmt[i] >= '0' && fmt[i] <= '9'; i++, digits++) {
		if (digits == 2) {
			set_err(err, errsz, "width format too long");
			return -EINVAL;
		}
		sp->width = (sp->width < 0 ? 0 : sp->width * 10) + (fmt[i] - '0');
	}
	if (i < fmtlen && fmt[i] == '.') {
		i++;
		sp->prec = 0;
		for (digits = 0; i < fmtlen && fmt[i] >= '0' && fmt[i] <= '9'; i++, digits++) {
			if (digits == 2) {
				set_err(err, errsz, "precision format too long");
				return -EINVAL;
			}
			sp->prec = sp->prec * 10 + (fmt[i] - '0');
		}
	}
	if (i >= fmtlen || !strchr("diuxXocsfeEgG", fmt[i]) || fmt[i] == '\0') {
		set_err(err, errsz, "invalid format");
		return -EINVAL;
	}
	sp->conv = fmt[i];
	*pos = i + 1;
	return 0;
}

/* Builds "%<flags><width>.<prec><conv>" for snprintf. */
static void build_cspec(const struct spec *sp, char *out, size_t outsz)
{
	char w[16] = "", p[16] = "";

	if (sp->width >= 0)
		snprintf(w, sizeof(w), "%d", sp->width);
	if (sp->prec >= 0)
		snprintf(p, sizeof(p), ".%d", sp->prec);
	snprintf(out, outsz, "%%%s%s%s%c", sp->flags, w, p, sp->conv);
}

/* snprintf with a format built at run time by build_cspec. */
static int print_one(char *buf, size_t bufsz, const char *cspec, ...)
	__attribute__((format(printf, 3, 4)));

static int print_one(char *buf, size_t bufsz, const char *cspec, ...)
{
	va_list ap;
	int n;

	va_start(ap, cspec);
	n = vsnprintf(buf, bufsz, cspec, ap);
	va_end(ap);
	return n;
}

/* Writes n copies of c. */
static int pad(fmt_write_cb write, void *ud, char c, int n)
{
	char spaces[32];
	int rc;

	memset(spaces, c, sizeof(spaces));
	while (n > 0) {
		int k = n < (int)sizeof(spaces) ? n : (int)sizeof(spaces);

		rc = write(ud, spaces, (size_t)k);
		if (rc)
			return rc;
		n -= k;
	}
	return 0;
}

static int put_string(const struct spec *sp, const struct fmt_arg *a,
		      fmt_write_cb write, void *ud)
{
	size_t n = a->len;
	int fill, rc;

	if (sp->prec >= 0 && (size_t)sp->prec < n)
		n = (size_t)sp->prec;
	fill = sp->width > (int)n ? sp->width - (int)n : 0;
	if (!strchr(sp->flags, '-') && (rc = pad(write, ud, ' ', fill)))
		return rc;
	if (n && (rc = write(ud, a->s, n)))
		return rc;
	if (strchr(sp->flags, '-'))
		return pad(write, ud, ' ', fill);
	return 0;
}

/* One conversion of a number. Buffer: 99 width + 99 precision + the 39 integer
 * digits of FLT_MAX + sign, point, exponent: 256 is ample. */
static int put_number(const struct spec *sp, const struct fmt_arg *a,
		      fmt_write_cb write, void *ud, char *err, size_t errsz)
{
	char cspec[32], buf[256];
	int n;

	build_cspec(sp, cspec, sizeof(cspec));
	if (strchr("diuxXoc", sp->conv)) {
		int32_t v;

		if (a->kind == FMT_INT) {
			v = a->i;
		} else if (a->kind == FMT_FLOAT) {
			/* Out-of-range floats have no integer; clamp rather than UB. */
			double d = a->f;

			if (isnan(d))
				v = 0;
			else if (d >= 2147483647.0)
				v = INT32_MAX;
			else if (d <= -2147483648.0)
				v = INT32_MIN;
			else
				v = (int32_t)d;
		} else {
			set_err(err, errsz, "integer expected for the specified format");
			return -EINVAL;
		}
		if (sp->conv == 'd' || sp->conv == 'i' || sp->conv == 'c')
			n = print_one(buf, sizeof(buf), cspec, (int)v);
		else
			n = print_one(buf, sizeof(buf), cspec, (unsigned)(uint32_t)v);
		if (sp->conv == 'c' && n >= 0) {
			/* A NUL character is a real byte of the result. */
			n = n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1;
			return write(ud, buf, (size_t)n);
		}
	} else {
		double d;

		if (a->kind == FMT_FLOAT)
			d = a->f;
		else if (a->kind == FMT_INT)
			d = (float)a->i;
		else {
			set_err(err, errsz, "float expected for the specified format");
			return -EINVAL;
		}
		n = print_one(buf, sizeof(buf), cspec, d);
	}
	if (n < 0)
		n = 0;
	if (n >= (int)sizeof(buf))
		n = (int)sizeof(buf) - 1;
	return write(ud, buf, (size_t)n);
}

int fmt_format(const char *fmt, size_t fmtlen, const struct fmt_arg *args,
	       int nargs, fmt_write_cb write, void *ud, char *err, size_t errsz)
{
	size_t i = 0, lit;
	int argi = 0, rc;
	struct spec sp;

	if (errsz)
		err[0] = '\0';
	while (i < fmtlen) {
		for (lit = i; i < fmtlen && fmt[i] != '%'; i++)
			;
		if (i > lit && (rc = write(ud, fmt + lit, i - lit)))
			return rc;
		if (i >= fmtlen)
			break;
		i++;	/* the '%' */
		if (i < fmtlen && fmt[i] == '%') {
			if ((rc = write(ud, "%", 1)))
				return rc;
			i++;
			continue;
		}
		rc = parse_spec(fmt, fmtlen, &i, &sp, err, errsz);
		if (rc)
			return rc;
		if (argi >= nargs) {
			/* Squirrel 3.0's own wording, spelling included. */
			set_err(err, errsz, "not enough paramters for the given format string");
			return -EINVAL;
		}
		if (sp.conv == 's') {
			if (args[argi].kind != FMT_STR) {
				set_err(err, errsz, "string expected for the specified format");
				return -EINVAL;
			}
			rc = put_string(&sp, &args[argi], write, ud);
		} else {
			rc = put_number(&sp, &args[argi], write, ud, err, errsz);
		}
		if (rc)
			return rc;
		argi++;
	}
	return 0;
}

/* How a float prints (tostring, print, string concatenation).
 *
 * Decision: C's "%g" on the float widened to double: 6 significant digits,
 * exponent form below 1e-4 and from 1e+06 on ("1e+06"), and no decimal point
 * for an integral value (1.0 prints "1", 0.0 prints "0").
 * Source: Electric Imp forum, "Truncation of floats in server.log()?"
 * (forums.electricimp.com/t/5252): an agent logging a float sum of ten 0.1s
 * shows "sum = 1", and Electric Imp's reply says float-to-string coercion is
 * printf-style with C's default precision of 6. The float.tostring() page's
 * phrase "including the decimal point" is not borne out by that log; we follow
 * the observed output. inf and nan print as C prints them. */
size_t fmt_float_tostring(float f, char *buf)
{
	int n = snprintf(buf, FMT_FLOAT_BUFSZ, "%g", (double)f);

	if (n < 0) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n;
}
