/* rx.h - regular expressions for Squirrel's regexp and the agent's regexp2,
 * on top of PCRE2. A pure module: lib_regexp.c wraps it in Squirrel classes.
 * Memory comes from the caller's allocator (struct rx_mem) so the VM's quota
 * covers what PCRE2 allocates.
 */
#ifndef SQ_RX_H
#define SQ_RX_H

#include <stddef.h>

/* Which syntax a pattern is written in. */
enum rx_flavor {
	RX_SQUIRREL,	/* Squirrel's regexp: \w is alphanumeric, \a letters, \l lower... */
	RX_RE2		/* the agent's regexp2: RE2 syntax, UTF-8 aware */
};

/* The caller's allocator. release gets back the size given to alloc. */
struct rx_mem {
	void *(*alloc)(void *ud, size_t n);
	void (*release)(void *ud, void *p, size_t n);
	void *ud;
};

struct rx;

/* Compiles pat[0..len). On success returns the regex (the caller owns it and
 * frees it with rx_free); on failure returns NULL with a message in err. The
 * rx_mem struct is copied. */
struct rx *rx_compile(enum rx_flavor flavor, const char *pat, size_t len,
		      const struct rx_mem *mem, char *err, size_t errsz);

/* Number of capturing groups. */
int rx_ncaptures(const struct rx *re);

/* Matches against s[0..len) from byte offset start. With whole != 0 the
 * pattern must match all of s[start..len) (regexp.match). On a match fills
 * ovec[2*k], ovec[2*k+1] with the begin and end byte offsets into s of group k
 * (k = 0 is the whole match; -1, -1 for a group that did not take part) for
 * k <= rx_ncaptures, and returns 1. Returns 0 for no match, -ENOMEM, or
 * -EINVAL with a message in err (e.g. the match limit was hit). */
int rx_exec(struct rx *re, const char *s, size_t len, size_t start, int whole,
	    long *ovec, char *err, size_t errsz);

/* Frees a regex; rx_free(NULL) does nothing. */
void rx_free(struct rx *re);

#endif
