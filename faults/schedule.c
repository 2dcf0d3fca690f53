/*
 * schedule.c - the fault schedule language: harness core, used by the
 * orchestrator.
 *
 * DESIGN
 * ------
 * The text is cut up in three passes of increasing detail, all without
 * copying it: lines (for positions and to end comments), then ';'-separated
 * segments of the comment-free part of each line, then space-separated
 * tokens of each segment. Each non-blank segment is one entry, built in a
 * local struct sched_entry and only moved into the schedule once complete,
 * so a failure frees exactly one half-built entry plus the finished ones.
 *
 * Since ';' and '#' end a segment before tokenising, neither can occur in a
 * token, which is why parameter values cannot contain them.
 *
 * A window ('from') differs from the other entries only between its time
 * and its fault name, where parse_window() reads 'to T' and p=P.
 *
 * schedule_format(), the inverse, refuses any entry whose text would not
 * parse back as itself: a schedule built in code must not silently become
 * a different one on disk.
 */
#include "schedule.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/duration.h"

/* A token: a run of non-blank bytes inside one segment, not NUL-terminated. */
struct tok {
	const char *s;
	int len;
	int col;
};

/* Where the parser is, for positions and messages. */
struct ctx {
	const char *line_start;
	int line;
	char *err;
	size_t errlen;
};

/* Fills the caller's buffer with "line L, column C: <message>" and returns
 * -EINVAL, so that a check reads `return syntax_error(...)`. */
#ifdef __GNUC__
__attribute__((format(printf, 3, 4)))
#endif
static int syntax_error(struct ctx *c, int col, const char *fmt, ...)
{
	va_list ap;
	int used;

	if (c->errlen == 0)
		return -EINVAL;
	used = snprintf(c->err, c->errlen, "line %d, column %d: ", c->line, col);
	if (used >= 0 && (size_t)used < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + used, c->errlen - (size_t)used, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Out of memory is not the text's fault, so it gets no position. */
static int fail_nomem(struct ctx *c)
{
	if (c->errlen > 0)
		snprintf(c->err, c->errlen, "out of memory");
	return -ENOMEM;
}

static bool is_blank(char ch)
{
	/* '\r' counts as blank so that files with CRLF line ends parse. */
	return ch == ' ' || ch == '\t' || ch == '\r';
}

static bool is_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9');
}

static bool all_in(const char *s, size_t len, const char *extra)
{
	for (size_t i = 0; i < len; i++)
		if (!is_alnum(s[i]) && !strchr(extra, s[i]))
			return false;
	return true;
}

/* Reads the next token of [*p, end) and advances *p; false at the end. */
static bool next_tok(struct ctx *c, const char **p, const char *end, struct tok *t)
{
	const char *s = *p;

	while (s < end && is_blank(*s))
		s++;
	if (s == end)
		return false;
	t->s = s;
	while (s < end && !is_blank(*s))
		s++;
	t->len = (int)(s - t->s);
	t->col = (int)(t->s - c->line_start) + 1;
	*p = s;
	return true;
}

static bool tok_is(const struct tok *t, const char *word)
{
	return strlen(word) == (size_t)t->len && memcmp(t->s, word, (size_t)t->len) == 0;
}

/* The column just past `t`, where a missing next token is reported. */
static int col_after(const struct tok *t)
{
	return t->col + t->len;
}

/* Returns a NUL-terminated copy of [s, s + len) that the caller owns. */
static char *dup_range(const char *s, size_t len)
{
	char *d = malloc(len + 1);

	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

static void entry_release(struct sched_entry *e)
{
	for (size_t i = 0; i < e->nparams; i++) {
		free(e->params[i].key);
		free(e->params[i].value);
	}
	free(e->params);
	free(e->fault);
	e->params = NULL;
	e->nparams = 0;
	e->fault = NULL;
}

/* Parses the duration token `d` into *us. */
static int parse_duration(struct ctx *c, const struct tok *d, int64_t *us)
{
	char *s = dup_range(d->s, (size_t)d->len);
	int rc;

	if (!s)
		return fail_nomem(c);
	rc = duration_parse(s, us);
	free(s);
	if (rc == -ERANGE)
		return syntax_error(c, d->col, "duration '%.*s' is too long (at most 10 years)",
			    d->len, d->s);
	if (rc < 0)
		return syntax_error(c, d->col, "malformed duration '%.*s' (try 90s, 20m, 6h, 7d)",
			    d->len, d->s);
	return 0;
}

/* Parses the token `t`, which starts with "p=", into *p. Only plain decimal
 * numbers pass, with an optional exponent: strtod() alone would also take
 * "inf", "nan", hex floats and leading blanks. */
static int parse_probability(struct ctx *c, const struct tok *t, double *p)
{
	size_t vlen = (size_t)t->len - 2;
	char *s = dup_range(t->s + 2, vlen), *end;
	bool ok;

	if (!s)
		return fail_nomem(c);
	ok = (isdigit((unsigned char)s[0]) || s[0] == '.') &&
	     strspn(s, "0123456789.eE+-") == vlen;
	if (ok) {
		*p = strtod(s, &end);
		ok = *end == '\0';
	}
	free(s);
	if (!ok)
		return syntax_error(c, t->col, "malformed probability '%.*s' (a decimal number "
			    "in (0, 1], e.g. p=0.1)", t->len, t->s);
	if (!(*p > 0.0 && *p <= 1.0))
		return syntax_error(c, t->col, "probability '%.*s' must be in (0, 1]", t->len, t->s);
	return 0;
}

/*
 * Parses what follows 'from T' up to the fault name: an optional 'to T' and
 * the mandatory p=P. *last is the token read last, after which a missing
 * token is reported; it is updated to the last token consumed.
 */
static int parse_window(struct ctx *c, const char **p, const char *end,
			const struct tok *from, struct sched_entry *e, struct tok *last)
{
	struct tok t, d;
	bool have = next_tok(c, p, end, &t);
	int rc;

	if (have && tok_is(&t, "to")) {
		if (!next_tok(c, p, end, &d))
			return syntax_error(c, col_after(&t), "missing duration after 'to'");
		if ((rc = parse_duration(c, &d, &e->to_us)) < 0)
			return rc;
		if (e->to_us <= e->t_us)   /* an empty window is a mistake too */
			return syntax_error(c, t.col, "'to' time %.*s is %s 'from' time %.*s", d.len,
				    d.s, e->to_us < e->t_us ? "before" : "the same as", from->len, from->s);
		*last = d;
		have = next_tok(c, p, end, &t);
	}
	if (!have)
		return syntax_error(c, col_after(last), "missing probability after '%.*s' (write "
			    "p=P before the fault name, e.g. p=0.1)", last->len, last->s);
	if (t.len < 2 || memcmp(t.s, "p=", 2) != 0)
		return syntax_error(c, t.col, "expected the probability p=P before the fault name, "
			    "got '%.*s'", t.len, t.s);
	if ((rc = parse_probability(c, &t, &e->p)) < 0)
		return rc;
	*last = t;
	return 0;
}

/* Adds the key=value token `t` to e's parameters. */
static int add_param(struct ctx *c, const struct tok *t, struct sched_entry *e)
{
	const char *eq = memchr(t->s, '=', (size_t)t->len);
	size_t klen = eq ? (size_t)(eq - t->s) : 0;
	size_t vlen = eq ? (size_t)t->len - klen - 1 : 0;
	struct schedule_param *v;

	if (!eq || klen == 0 || vlen == 0 || !all_in(t->s, klen, "_-"))
		return syntax_error(c, t->col, "expected key=value, got '%.*s'", t->len, t->s);
	for (size_t i = 0; i < e->nparams; i++)
		if (strlen(e->params[i].key) == klen &&
		    memcmp(e->params[i].key, t->s, klen) == 0)
			return syntax_error(c, t->col, "parameter '%.*s' given twice",
				    (int)klen, t->s);

	/* Growing by one keeps this simple; entries have few parameters. */
	v = realloc(e->params, (e->nparams + 1) * sizeof(*v));
	if (!v)
		return fail_nomem(c);
	e->params = v;
	v[e->nparams].key = dup_range(t->s, klen);
	v[e->nparams].value = dup_range(eq + 1, vlen);
	if (!v[e->nparams].key || !v[e->nparams].value) {
		free(v[e->nparams].key);
		free(v[e->nparams].value);
		return fail_nomem(c);
	}
	e->nparams++;
	return 0;
}

/*
 * Parses the segment [p, end) into *e. Returns 1 if it held an entry, 0 if
 * it was blank, or a negative errno; on error e may hold allocations that
 * the caller frees with entry_release().
 */
static int parse_entry(struct ctx *c, const char *p, const char *end,
		       struct sched_entry *e)
{
	struct tok kw, d, f, t, last;
	int rc;

	if (!next_tok(c, &p, end, &kw))
		return 0;
	e->line = c->line;
	e->col = kw.col;
	e->to_us = SCHED_UNTIL_END;
	e->p = 1.0;
	if (tok_is(&kw, "at"))
		e->kind = SCHED_AT;
	else if (tok_is(&kw, "every"))
		e->kind = SCHED_EVERY;
	else if (tok_is(&kw, "from"))
		e->kind = SCHED_WINDOW;
	else
		return syntax_error(c, kw.col, "expected 'at' or 'every' or 'from', got '%.*s'",
			    kw.len, kw.s);

	if (!next_tok(c, &p, end, &d))
		return syntax_error(c, col_after(&kw), "missing duration after '%.*s'", kw.len, kw.s);
	if ((rc = parse_duration(c, &d, &e->t_us)) < 0)
		return rc;
	if (e->kind == SCHED_EVERY && e->t_us == 0)
		return syntax_error(c, d.col, "'%.*s' needs a period above zero, got '%.*s'",
			    kw.len, kw.s, d.len, d.s);
	last = d;
	if (e->kind == SCHED_WINDOW && (rc = parse_window(c, &p, end, &d, e, &last)) < 0)
		return rc;

	/* A key=value where the fault should be means the fault was left out,
	 * which says more than calling "for=20m" a malformed fault name. */
	if (!next_tok(c, &p, end, &f) || memchr(f.s, '=', (size_t)f.len))
		return syntax_error(c, col_after(&last), "missing fault name after '%.*s'",
			    last.len, last.s);
	if (!all_in(f.s, (size_t)f.len, "_./-"))
		return syntax_error(c, f.col, "malformed fault name '%.*s' (use letters, digits and _ . / -)",
			    f.len, f.s);
	e->fault_col = f.col;
	e->fault = dup_range(f.s, (size_t)f.len);
	if (!e->fault)
		return fail_nomem(c);

	while (next_tok(c, &p, end, &t)) {
		rc = add_param(c, &t, e);
		if (rc < 0)
			return rc;
	}
	return 1;
}

static int append(struct schedule *s, size_t *cap, const struct sched_entry *e)
{
	if (s->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct sched_entry *v = realloc(s->v, ncap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		*cap = ncap;
	}
	s->v[s->n++] = *e;
	return 0;
}

int schedule_parse(const char *text, struct schedule *out, char *err, size_t errlen)
{
	struct ctx c = { .line_start = text, .line = 1, .err = err, .errlen = errlen };
	const char *p = text;
	size_t cap = 0;
	int rc = 0;

	out->v = NULL;
	out->n = 0;
	if (errlen > 0)
		err[0] = '\0';

	while (*p) {
		const char *eol = p + strcspn(p, "\n");
		const char *hash = memchr(p, '#', (size_t)(eol - p));
		const char *stop = hash ? hash : eol;
		const char *seg = p;

		c.line_start = p;
		for (;;) {
			const char *semi = memchr(seg, ';', (size_t)(stop - seg));
			const char *seg_end = semi ? semi : stop;
			struct sched_entry e = { 0 };

			rc = parse_entry(&c, seg, seg_end, &e);
			if (rc == 1 && append(out, &cap, &e) < 0)
				rc = fail_nomem(&c);
			if (rc < 0) {
				entry_release(&e);
				goto out_err;
			}
			if (!semi)
				break;
			seg = semi + 1;
		}
		p = *eol ? eol + 1 : eol;
		c.line++;
	}
	return 0;

out_err:
	schedule_release(out);
	return rc;
}

/* Writes prefix and then `us` as duration_format() text; false if that text
 * does not parse back to the same count (negative, or over 10 years). */
static bool put_duration(FILE *f, const char *prefix, int64_t us)
{
	char t[64];
	int64_t back;

	duration_format(us, t, sizeof(t));
	if (duration_parse(t, &back) < 0 || back != us)
		return false;
	fprintf(f, "%s%s", prefix, t);
	return true;
}

/* Writes " p=P" with the fewest significant digits that read back as
 * exactly p (17 always do for a double); false unless 0 < p <= 1. */
static bool put_probability(FILE *f, double p)
{
	char t[40];

	if (!(p > 0.0 && p <= 1.0))
		return false;
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(t, sizeof(t), "%.*g", prec, p);
		if (strtod(t, NULL) == p)
			break;
	}
	fprintf(f, " p=%s", t);
	return true;
}

/* True if parameter i of e reads back as itself: a well-formed key not
 * given before it, and a value with no blank, separator or comment. */
static bool param_ok(const struct sched_entry *e, size_t i)
{
	const struct schedule_param *kv = &e->params[i];

	if (!kv->key || !kv->key[0] || !all_in(kv->key, strlen(kv->key), "_-") ||
	    !kv->value || !kv->value[0] || kv->value[strcspn(kv->value, " \t\r\n;#")])
		return false;
	for (size_t k = 0; k < i; k++)
		if (!strcmp(e->params[k].key, kv->key))
			return false;
	return true;
}

/* Writes one entry as a line; false if it would not parse back as itself. */
static bool put_entry(FILE *f, const struct sched_entry *e)
{
	static const char *const kw[] = { [SCHED_AT] = "at", [SCHED_EVERY] = "every",
					  [SCHED_WINDOW] = "from" };

	if ((unsigned)e->kind > SCHED_WINDOW || !e->fault || !e->fault[0] ||
	    !all_in(e->fault, strlen(e->fault), "_./-") ||
	    (e->kind == SCHED_EVERY && e->t_us <= 0) ||
	    (e->kind == SCHED_WINDOW && e->to_us <= e->t_us))
		return false;
	fputs(kw[e->kind], f);
	if (!put_duration(f, " ", e->t_us))
		return false;
	if (e->kind == SCHED_WINDOW &&
	    ((e->to_us != SCHED_UNTIL_END && !put_duration(f, " to ", e->to_us)) ||
	     !put_probability(f, e->p)))
		return false;
	fprintf(f, " %s", e->fault);
	for (size_t i = 0; i < e->nparams; i++) {
		if (!param_ok(e, i))
			return false;
		fprintf(f, " %s=%s", e->params[i].key, e->params[i].value);
	}
	fputc('\n', f);
	return true;
}

int schedule_format(const struct schedule *s, char **out)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);
	int rc = 0;

	*out = NULL;
	if (!f)
		return -ENOMEM;
	for (i = 0; i < s->n && rc == 0; i++)
		if (!put_entry(f, &s->v[i]))
			rc = -EINVAL;
	if (ferror(f) && rc == 0)
		rc = -ENOMEM;
	if (fclose(f) != 0 && rc == 0)
		rc = -ENOMEM;
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*out = buf;
	return 0;
}

const char *schedule_param(const struct sched_entry *e, const char *key)
{
	for (size_t i = 0; i < e->nparams; i++)
		if (strcmp(e->params[i].key, key) == 0)
			return e->params[i].value;
	return NULL;
}

void schedule_release(struct schedule *s)
{
	for (size_t i = 0; i < s->n; i++)
		entry_release(&s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}
