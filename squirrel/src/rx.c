/* rx.c - Squirrel regexp and regexp2 patterns compiled and run by PCRE2 (see rx.h).
 *
 * DESIGN ---- Both flavours compile to PCRE2 (8-bit code units, byte offsets).
 * A Squirrel-flavour pattern is first rewritten, because Squirrel's regexp gives
 * some escapes its own meaning (the imp's regexp() page and the Squirrel
 * reference manual list them):
 *     \a letters      \w alphanumeric (no '_')   \s space     \d digits
 *     \x hex digits   \c control characters      \p punctuation
 *     \l lower case   \u upper case   (capitals \A \W \S \D \X \C \P negate)
 *     \t \n \r \f as in C, \b \B word boundaries, any other escaped
 *     character stands for itself.
 * Each class becomes a POSIX bracket class ([[:alpha:]], or [:alpha:] inside
 * [...]), which PCRE2 evaluates in ASCII. '.' matches any character, newline
 * included ("Match any character"), and '$' only the very end of the string.
 * A search from a start index sees the string from that index on (so '^'
 * matches there), as Squirrel's regexp hands its engine a pointer.
 * regexp2 patterns are RE2 syntax, which PCRE2 reads nearly unchanged; they are
 * compiled as UTF-8 that tolerates invalid sequences, '$' only at the end.
 * All memory (patterns, match data, contexts) comes from struct rx_mem through
 * a PCRE2 general context; each block carries its size in a header because
 * PCRE2's free callback does not pass one.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rx.h"

#include <errno.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Backtracking budget per match, so a pathological pattern ends with an error
 * instead of stalling the VM. */
#define RX_MATCH_LIMIT 5000000u

struct rx {
	struct rx_mem mem;
	enum rx_flavor flavor;
	pcre2_general_context *gctx;
	pcre2_match_context *mctx;
	pcre2_code *code;
	int ncap;
};

/* The header in front of every block handed to PCRE2; max_align_t-sized so the
 * block PCRE2 sees stays aligned. */
union rx_hdr {
	size_t size;
	max_align_t align;
};

static void *rx_pcre_alloc(PCRE2_SIZE n, void *ud)
{
	const struct rx_mem *mem = ud;
	union rx_hdr *h;

	if (n > SIZE_MAX - sizeof(*h))
		return NULL;
	h = mem->alloc(mem->ud, n + sizeof(*h));
	if (!h)
		return NULL;
	h->size = n + sizeof(*h);
	return h + 1;
}

static void rx_pcre_free(void *p, void *ud)
{
	const struct rx_mem *mem = ud;
	union rx_hdr *h;

	if (!p)
		return;
	h = (union rx_hdr *)p - 1;
	mem->release(mem->ud, h, h->size);
}

/* The POSIX class name a Squirrel escape letter stands for, or NULL. */
static const char *sq_class_name(char c, int *negated)
{
	static const char letters[] = "awsdxcplu";
	static const char *const names[] = {
		"alpha", "alnum", "space", "digit", "xdigit",
		"cntrl", "punct", "lower", "upper",
	};
	const char *p;
	char lower = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);

	if (c == '\0' || lower == '\0')
		return NULL;
	p = strchr(letters, lower);
	if (!p)
		return NULL;
	/* \l and \u have no capital forms: \L and \U are plain letters. */
	if (c != lower && (lower == 'l' || lower == 'u'))
		return NULL;
	*negated = c != lower;
	return names[p - letters];
}

static int is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Rewrites a Squirrel pattern as PCRE2 syntax into out (which holds at least
 * 12 * len + 1 bytes: the longest output for one input byte pair is
 * "[[:^xdigit:]]" minus nothing, 13 bytes for 2 input bytes). Returns the
 * output length. */
static size_t sq_translate(const char *pat, size_t len, char *out)
{
	size_t i, o = 0;
	int in_class = 0, class_start = 0;

	for (i = 0; i < len; i++) {
		char c = pat[i];

		if (c == '\\' && i + 1 < len) {
			char e = pat[++i];
			int neg = 0;
			const char *name = sq_class_name(e, &neg);

			if (name) {
				o += (size_t)sprintf(out + o, in_class ? "[:%s%s:]" : "[[:%s%s:]]",
						     neg ? "^" : "", name);
			} else if (strchr("tnrfbB", e) && e != '\0') {
				out[o++] = '\\';
				out[o++] = e;
			} else if (is_alnum(e) || (unsigned char)e >= 0x80 || e == '\0') {
				o += (size_t)sprintf(out + o, "\\x{%02x}", (unsigned char)e);
			} else {
				out[o++] = '\\';
				out[o++] = e;
			}
			class_start = 0;
			continue;
		}
		if (in_class) {
			if (c == ']' && !class_start) {
				in_class = 0;
			} else if (c == '[') {
				/* A literal '[' must not start a POSIX class for PCRE2. */
				out[o++] = '\\';
			} else if (c == '^' && class_start) {
				out[o++] = c;
				continue;	/* still at the start: "[^]" keeps ']' literal */
			}
			class_start = 0;
			out[o++] = c;
			continue;
		}
		if (c == '[') {
			in_class = 1;
			class_start = 1;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	return o;
}

struct rx *rx_compile(enum rx_flavor flavor, const char *pat, size_t len,
		      const struct rx_mem *mem, char *err, size_t errsz)
{
	struct rx *re;
	pcre2_compile_context *cctx = NULL;
	char *tr = NULL;
	size_t trsz = 0, plen = len;
	const char *p = pat;
	uint32_t opts = PCRE2_DOLLAR_ENDONLY;
	int ecode;
	PCRE2_SIZE eoff;

	if (errsz)
		err[0] = '\0';
	re = mem->alloc(mem->ud, sizeof(*re));
	if (!re) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	memset(re, 0, sizeof(*re));
	re->mem = *mem;
	re->flavor = flavor;
	re->gctx = pcre2_general_context_create(rx_pcre_alloc, rx_pcre_free, &re->mem);
	if (!re->gctx)
		goto nomem;
	re->mctx = pcre2_match_context_create(re->gctx);
	cctx = pcre2_compile_context_create(re->gctx);
	if (!re->mctx || !cctx)
		goto nomem;
	pcre2_set_match_limit(re->mctx, RX_MATCH_LIMIT);
	if (flavor == RX_SQUIRREL) {
		if (len > (SIZE_MAX - 1) / 13)
			goto nomem;
		trsz = 13 * len + 1;
		tr = mem->alloc(mem->ud, trsz);
		if (!tr)
			goto nomem;
		plen = sq_translate(pat, len, tr);
		p = tr;
		opts |= PCRE2_DOTALL;
	} else {
		opts |= PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
	}
	re->code = pcre2_compile((PCRE2_SPTR)p, plen, opts, &ecode, &eoff, cctx);
	if (tr)
		mem->release(mem->ud, tr, trsz);
	pcre2_compile_context_free(cctx);
	cctx = NULL;
	if (!re->code) {
		PCRE2_UCHAR msg[160];

		if (pcre2_get_error_message(ecode, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "invalid regular expression");
		snprintf(err, errsz, "%s", (const char *)msg);
		rx_free(re);
		return NULL;
	}
	if (pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &ecode) == 0)
		re->ncap = ecode;
	return re;
nomem:
	pcre2_compile_context_free(cctx);
	rx_free(re);
	snprintf(err, errsz, "out of memory");
	return NULL;
}

int rx_ncaptures(const struct rx *re)
{
	return re->ncap;
}

int rx_exec(struct rx *re, const char *s, size_t len, size_t start, int whole,
	    long *ovec, char *err, size_t errsz)
{
	pcre2_match_data *md;
	PCRE2_SIZE *ov;
	uint32_t opts = whole ? PCRE2_ANCHORED | PCRE2_ENDANCHORED : 0;
	size_t base = 0, off = start;
	int rc, k;

	if (start > len)
		return 0;
	if (re->flavor == RX_SQUIRREL) {
		base = start;
		off = 0;
	} else if (whole) {
		/* regexp2.match(s, start) still needs all of s[start..]. */
		base = 0;
	}
	md = pcre2_match_data_create_from_pattern(re->code, re->gctx);
	if (!md)
		return -ENOMEM;
	rc = pcre2_match(re->code, (PCRE2_SPTR)(s + base), len - base, off, opts, md,
			 re->mctx);
	if (rc == PCRE2_ERROR_NOMATCH) {
		pcre2_match_data_free(md);
		return 0;
	}
	if (rc < 0) {
		PCRE2_UCHAR msg[160];

		pcre2_get_error_message(rc, msg, sizeof(msg));
		snprintf(err, errsz, "regular expression: %s", (const char *)msg);
		pcre2_match_data_free(md);
		return rc == PCRE2_ERROR_NOMEMORY ? -ENOMEM : -EINVAL;
	}
	ov = pcre2_get_ovector_pointer(md);
	for (k = 0; k <= re->ncap; k++) {
		if (k >= rc || ov[2 * k] == PCRE2_UNSET) {
			ovec[2 * k] = -1;
			ovec[2 * k + 1] = -1;
		} else {
			ovec[2 * k] = (long)(ov[2 * k] + base);
			ovec[2 * k + 1] = (long)(ov[2 * k + 1] + base);
		}
	}
	pcre2_match_data_free(md);
	return 1;
}

void rx_free(struct rx *re)
{
	struct rx_mem mem;

	if (!re)
		return;
	pcre2_code_free(re->code);
	pcre2_match_context_free(re->mctx);
	pcre2_general_context_free(re->gctx);
	mem = re->mem;
	mem.release(mem.ud, re, sizeof(*re));
}
