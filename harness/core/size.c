/*
 * size.c - memory sizes as text (see size.h). Harness core.
 */
#include "size.h"

#include <errno.h>
#include <stdio.h>

int size_parse(const char *s, long long *out)
{
	long long v = 0;
	int shift = 0, digits = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		/* Compared before it grows: a huge size must not wrap to a
		 * small one (or to 0, which means no quota at all). */
		if (v > SIZE_MAX_BYTES)
			return -EINVAL;
		v = v * 10 + (*s - '0');
	}
	if (!digits || v <= 0)
		return -EINVAL;
	if (*s == 'K' || *s == 'k')
		shift = 10, s++;
	else if (*s == 'M' || *s == 'm')
		shift = 20, s++;
	if (*s || v > (SIZE_MAX_BYTES >> shift))
		return -EINVAL;
	*out = v << shift;
	return 0;
}

char *size_format(long long bytes, char *buf, size_t n)
{
	if (bytes > 0 && bytes % (1LL << 20) == 0)
		snprintf(buf, n, "%lldM", bytes >> 20);
	else if (bytes > 0 && bytes % 1024 == 0)
		snprintf(buf, n, "%lldK", bytes >> 10);
	else
		snprintf(buf, n, "%lld", bytes);
	return buf;
}
