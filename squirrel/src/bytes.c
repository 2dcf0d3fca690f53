/* bytes.c - blob byte buffer (see bytes.h).
 *
 * DESIGN ---- data[0..len) is the blob; cap >= len is storage. Growth doubles
 * cap so a sequence of writen() calls is linear. Numbers are little endian, as
 * on the imp (its numbers guide: "An integer's four bytes are stored in little
 * endian order"); floats are IEEE 754, written through memcpy of a C float or
 * double so no aliasing rules are broken.
 */
#include "bytes.h"

#include <errno.h>
#include <string.h>

int bytes_init(struct bytes *b, size_t len, bytes_realloc_cb realloc, void *ud)
{
	memset(b, 0, sizeof(*b));
	b->realloc = realloc;
	b->ud = ud;
	return bytes_resize(b, len);
}

void bytes_release(struct bytes *b)
{
	if (b->data)
		b->realloc(b->ud, b->data, b->cap, 0);
	b->data = NULL;
	b->len = b->cap = b->pos = 0;
}

static int reserve(struct bytes *b, size_t need)
{
	size_t cap;
	uint8_t *p;

	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 16;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	p = b->realloc(b->ud, b->data, b->cap, cap);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

int bytes_resize(struct bytes *b, size_t n)
{
	if (n > b->len) {
		if (reserve(b, n))
			return -ENOMEM;
		memset(b->data + b->len, 0, n - b->len);
	}
	b->len = n;
	if (b->pos > n)
		b->pos = n;
	return 0;
}

int bytes_write(struct bytes *b, const void *src, size_t n)
{
	if (n > SIZE_MAX - b->pos)
		return -ENOMEM;
	if (b->pos + n > b->len && bytes_resize(b, b->pos + n))
		return -ENOMEM;
	if (n)
		memcpy(b->data + b->pos, src, n);
	b->pos += n;
	return 0;
}

size_t bytes_type_size(int type)
{
	switch (type) {
	case 'c': case 'b':
		return 1;
	case 's': case 'w':
		return 2;
	case 'i': case 'f':
		return 4;
	case 'd':
		return 8;
	default:
		return 0;
	}
}

int bytes_writen(struct bytes *b, int type, int32_t i, double f, int is_float)
{
	uint8_t buf[8];
	size_t n = bytes_type_size(type), k;
	uint64_t u;

	if (!n)
		return -EINVAL;
	if (type == 'f') {
		float v = is_float ? (float)f : (float)i;
		uint32_t w;

		memcpy(&w, &v, 4);
		u = w;
	} else if (type == 'd') {
		double v = is_float ? f : (double)i;

		memcpy(&u, &v, 8);
	} else {
		/* Integer codes take a float's integer part. */
		int32_t v = i;

		if (is_float)
			v = f >= 2147483647.0 ? INT32_MAX : f <= -2147483648.0 ? INT32_MIN
			    : f != f ? 0 : (int32_t)f;
		u = (uint32_t)v;
	}
	for (k = 0; k < n; k++)
		buf[k] = (uint8_t)(u >> (8 * k));
	return bytes_write(b, buf, n);
}

int bytes_readn(struct bytes *b, int type, int32_t *i, float *f, int *is_float)
{
	size_t n = bytes_type_size(type), k;
	uint64_t u = 0;

	if (!n)
		return -EINVAL;
	if (b->len - b->pos < n)
		return -ERANGE;
	for (k = 0; k < n; k++)
		u |= (uint64_t)b->data[b->pos + k] << (8 * k);
	b->pos += n;
	*is_float = type == 'f' || type == 'd';
	switch (type) {
	case 'c': *i = (int8_t)(uint8_t)u; break;
	case 'b': *i = (uint8_t)u; break;
	case 's': *i = (int16_t)(uint16_t)u; break;
	case 'w': *i = (uint16_t)u; break;
	case 'i': *i = (int32_t)(uint32_t)u; break;
	case 'f': {
		uint32_t w = (uint32_t)u;

		memcpy(f, &w, 4);
		break;
	}
	default: {
		double d;

		memcpy(&d, &u, 8);
		*f = (float)d;
		break;
	}
	}
	return 0;
}

int bytes_seek(struct bytes *b, int64_t offset, int origin)
{
	int64_t base, to;

	switch (origin) {
	case 'b': base = 0; break;
	case 'c': base = (int64_t)b->pos; break;
	case 'e': base = (int64_t)b->len; break;
	default: return -EINVAL;
	}
	to = base + offset;
	if (to < 0 || to > (int64_t)b->len)
		return -ERANGE;
	b->pos = (size_t)to;
	return 0;
}

void bytes_swap(struct bytes *b, size_t unit)
{
	size_t i, k;

	for (i = 0; i + unit <= b->len; i += unit)
		for (k = 0; k < unit / 2; k++) {
			uint8_t t = b->data[i + k];

			b->data[i + k] = b->data[i + unit - 1 - k];
			b->data[i + unit - 1 - k] = t;
		}
}
