/*
 * nutpp.c - #require and @include for Squirrel sources (see nutpp.h).
 * Bottom layer: used by the harness's target loader and by the child hosts.
 */
#include "nutpp.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper nesting than this is taken for an include cycle. */
#define NUTPP_MAX_DEPTH 16

static int read_all(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return -errno;
	do {
		if (cap - n < 4096) {
			char *nb = realloc(buf, cap = cap ? 2 * cap : 8192);

			if (!nb) {
				free(buf);
				fclose(f);
				return -ENOMEM;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

static int add_file(struct nutpp *pp, const char *name, const char *path)
{
	struct nutpp_src *v = realloc(pp->files, (pp->nfiles + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	pp->files = v;
	v[pp->nfiles].name = strdup(name);
	v[pp->nfiles].path = strdup(path);
	if (!v[pp->nfiles].name || !v[pp->nfiles].path) {
		free(v[pp->nfiles].name);
		free(v[pp->nfiles].path);
		return -ENOMEM;
	}
	return (int)pp->nfiles++;
}

/* Appends one line (without its newline) and its origin. */
static int add_line(struct nutpp *pp, int file, int line, const char *s, size_t n)
{
	char *t;

	if (pp->nlines == pp->cap) {
		size_t cap = pp->cap ? 2 * pp->cap : 256;
		int *mf = realloc(pp->map_file, cap * sizeof(int)), *ml;

		if (!mf)
			return -ENOMEM;
		pp->map_file = mf;
		if (!(ml = realloc(pp->map_line, cap * sizeof(int))))
			return -ENOMEM;
		pp->map_line = ml;
		pp->cap = cap;
	}
	if (!(t = realloc(pp->text, pp->len + n + 2)))
		return -ENOMEM;
	pp->text = t;
	memcpy(t + pp->len, s, n);
	pp->len += n;
	t[pp->len++] = '\n';
	t[pp->len] = '\0';
	pp->map_file[pp->nlines] = file;
	pp->map_line[pp->nlines] = line;
	pp->nlines++;
	return 0;
}

/* Whether line s (n bytes) is the directive kw: returns the text after it. */
static const char *directive(const char *s, size_t n, const char *kw)
{
	size_t k = strlen(kw);

	if (n < k || strncmp(s, kw, k) || (n > k && s[k] != ' ' && s[k] != '\t'))
		return NULL;
	return s + k;
}

/* The quoted argument of a directive: 0 and [*arg, *arg + *alen), or -1. */
static int quoted(const char *p, const char *end, const char **arg, size_t *alen)
{
	const char *q;
	char quote;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || (*p != '"' && *p != '\''))
		return -1;
	quote = *p++;
	for (q = p; q < end && *q != quote; q++)
		;
	if (q >= end || q == p)
		return -1;
	*arg = p;
	*alen = (size_t)(q - p);
	return 0;
}

static int find_file(const struct nutpp *pp, const char *path)
{
	size_t i;

	for (i = 0; i < pp->nfiles; i++)
		if (!strcmp(pp->files[i].path, path))
			return (int)i;
	return -1;
}

static int process(struct nutpp *pp, int fi, int depth, char *err, size_t errlen);

#define PP_ERR(fi, line, col, ...) do { \
		int o_ = snprintf(err, errlen, "%s:%d:%d: error: ", pp->files[fi].path, line, col); \
		if (o_ > 0 && (size_t)o_ < errlen) \
			snprintf(err + o_, errlen - (size_t)o_, __VA_ARGS__); \
	} while (0)

static int do_require(struct nutpp *pp, int fi, int line, int col, const char *arg, size_t alen,
		      int depth, char *err, size_t errlen)
{
	const char *env = getenv("IMPCHAOS_LIB_PATH");
	char name[256], path[PATH_MAX], searched[1024] = "";
	const char *colon = memchr(arg, ':', alen);
	size_t nlen = colon ? (size_t)(colon - arg) : alen, i;
	char *copy, *save = NULL, *dir;
	int nf;

	if (nlen == 0 || nlen >= sizeof(name) || memchr(arg, '/', nlen)) {
		PP_ERR(fi, line, col, "#require names no library file (\"Name.lib.nut:1.2.3\")");
		return -EINVAL;
	}
	memcpy(name, arg, nlen);
	name[nlen] = '\0';
	/* A library required twice (by the code and by another library) is
	 * included once, as the platform does. */
	for (i = 0; i < pp->nfiles; i++)
		if (!strcmp(pp->files[i].name, name))
			return 0;
	if (!env || !*env) {
		PP_ERR(fi, line, col, "#require \"%.*s\": library '%s' not found (IMPCHAOS_LIB_PATH is "
		       "not set; set it to the folders that hold your libraries)", (int)alen, arg, name);
		return -ENOENT;
	}
	if (!(copy = strdup(env)))
		return -ENOMEM;
	path[0] = '\0';
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if ((f = fopen(path, "rb"))) {
			fclose(f);
			break;
		}
		if (strlen(searched) + strlen(dir) + 3 < sizeof(searched))
			strcat(strcat(searched, searched[0] ? ", " : ""), dir);
		path[0] = '\0';
	}
	free(copy);
	if (!path[0]) {
		PP_ERR(fi, line, col, "#require \"%.*s\": library '%s' not found in IMPCHAOS_LIB_PATH "
		       "(searched: %s)", (int)alen, arg, name, searched);
		return -ENOENT;
	}
	if ((nf = add_file(pp, name, path)) < 0)
		return nf;
	return process(pp, nf, depth + 1, err, errlen);
}

static int do_include(struct nutpp *pp, int fi, int line, int col, const char *rest,
		      const char *end, int depth, char *err, size_t errlen)
{
	const char *from = pp->files[fi].path, *fname = pp->files[fi].name, *arg, *slash;
	char rel[PATH_MAX], path[PATH_MAX], name[PATH_MAX];
	size_t alen;
	int once = 0, nf, old;
	FILE *f;

	while (rest < end && (*rest == ' ' || *rest == '\t'))
		rest++;
	if (end - rest > 4 && !strncmp(rest, "once", 4) && (rest[4] == ' ' || rest[4] == '\t')) {
		once = 1;
		rest += 4;
	}
	if (quoted(rest, end, &arg, &alen) < 0 || alen >= sizeof(rel)) {
		PP_ERR(fi, line, col, "@include needs a quoted file name (@include \"file.nut\")");
		return -EINVAL;
	}
	memcpy(rel, arg, alen);
	rel[alen] = '\0';
	if (rel[0] == '/') {
		snprintf(path, sizeof(path), "%s", rel);
		snprintf(name, sizeof(name), "%s", rel);
	} else {
		const char *s2 = strrchr(fname, '/');

		slash = strrchr(from, '/');
		if (snprintf(path, sizeof(path), "%.*s%s", slash ? (int)(slash - from + 1) : 0, from,
			     rel) >= (int)sizeof(path) ||
		    snprintf(name, sizeof(name), "%.*s%s", s2 ? (int)(s2 - fname + 1) : 0, fname,
			     rel) >= (int)sizeof(name)) {
			PP_ERR(fi, line, col, "@include \"%s\": the path is too long", rel);
			return -ENAMETOOLONG;
		}
	}
	old = find_file(pp, path);
	if (once && old >= 0)
		return 0;
	if (depth >= NUTPP_MAX_DEPTH) {
		PP_ERR(fi, line, col, "@include \"%s\": nested more than %d deep (does it include "
		       "itself?)", rel, NUTPP_MAX_DEPTH);
		return -ELOOP;
	}
	if (!(f = fopen(path, "rb"))) {
		PP_ERR(fi, line, col, "@include \"%s\": cannot read %s: %s", rel, path, strerror(errno));
		return -ENOENT;
	}
	fclose(f);
	if ((nf = add_file(pp, name, path)) < 0)
		return nf;
	return process(pp, nf, depth + 1, err, errlen);
}

static int process(struct nutpp *pp, int fi, int depth, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0;
	const char *p, *end;
	int line = 0, rc;

	if ((rc = read_all(pp->files[fi].path, &buf, &len)) < 0) {
		snprintf(err, errlen, "%s: cannot read: %s", pp->files[fi].path, strerror(-rc));
		return rc;
	}
	for (p = buf, end = buf + len; p < end; ) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end, *s = p, *rest, *arg;
		size_t n = (size_t)(eol - p), alen;
		int col;

		line++;
		if (n && p[n - 1] == '\r')
			n--;
		while (s < p + n && (*s == ' ' || *s == '\t'))
			s++;
		col = (int)(s - p) + 1;
		if ((rest = directive(s, (size_t)(p + n - s), "#require"))) {
			if (quoted(rest, p + n, &arg, &alen) < 0) {
				PP_ERR(fi, line, col, "#require needs a quoted library name "
				       "(#require \"Name.lib.nut:1.2.3\")");
				rc = -EINVAL;
			} else {
				rc = do_require(pp, fi, line, col, arg, alen, depth, err, errlen);
			}
		} else if ((rest = directive(s, (size_t)(p + n - s), "@include"))) {
			rc = do_include(pp, fi, line, col, rest, p + n, depth, err, errlen);
		} else {
			rc = add_line(pp, fi, line, p, n);
		}
		if (rc < 0)
			break;
		p = nl ? nl + 1 : end;
	}
	free(buf);
	return rc;
}

int nutpp_load(struct nutpp *pp, const char *path, char *err, size_t errlen)
{
	const char *base = strrchr(path, '/');
	int rc;

	memset(pp, 0, sizeof(*pp));
	if ((rc = add_file(pp, base ? base + 1 : path, path)) < 0)
		return rc;
	rc = process(pp, 0, 0, err, errlen);
	if (rc == 0 && !pp->text && (pp->text = strdup("")) == NULL)
		rc = -ENOMEM;
	return rc;
}

void nutpp_release(struct nutpp *pp)
{
	size_t i;

	for (i = 0; i < pp->nfiles; i++) {
		free(pp->files[i].name);
		free(pp->files[i].path);
	}
	free(pp->files);
	free(pp->text);
	free(pp->map_file);
	free(pp->map_line);
	memset(pp, 0, sizeof(*pp));
}

void nutpp_where(const struct nutpp *pp, int line, const struct nutpp_src **file, int *srcline)
{
	static const struct nutpp_src none = { (char *)"?", (char *)"?" };

	if (line >= 1 && (size_t)line <= pp->nlines) {
		*file = &pp->files[pp->map_file[line - 1]];
		*srcline = pp->map_line[line - 1];
		return;
	}
	*file = pp->nfiles ? &pp->files[0] : &none;
	*srcline = line;
}
