/* bytes.h - the byte buffer behind Squirrel's blob: a growable array of bytes
 * with a read/write pointer, little-endian number encoding, seek and byte
 * swaps. A pure module (no VM); lib_blob.c wraps it as the blob class.
 */
#ifndef SQ_BYTES_H
#define SQ_BYTES_H

#include <stddef.h>
#include <stdint.h>

/* The caller's allocator: resize p from oldsz to newsz bytes (newsz 0 frees
 * and returns NULL); returns NULL on failure, leaving p untouched. */
typedef void *(*bytes_realloc_cb)(void *ud, void *p, size_t oldsz, size_t newsz);

struct bytes {
	uint8_t *data;	/* cap bytes, owned by the struct */
	size_t len;	/* bytes in use: the blob's len() */
	size_t cap;
	size_t pos;	/* read/write pointer, 0 <= pos <= len */
	bytes_realloc_cb realloc;
	void *ud;
};

/* Sets b up with len zero bytes. Returns 0 or -ENOMEM. */
int bytes_init(struct bytes *b, size_t len, bytes_realloc_cb realloc, void *ud);
/* Frees b's storage; b may be re-initialised afterwards. */
void bytes_release(struct bytes *b);

/* Sets the length to n: new bytes are zero, pos is clamped. 0 or -ENOMEM. */
int bytes_resize(struct bytes *b, size_t n);
/* Writes n bytes at pos, growing the buffer; advances pos. 0 or -ENOMEM. */
int bytes_write(struct bytes *b, const void *src, size_t n);

/* Size in bytes of a readn/writen type code ('c' 'b' 's' 'w' 'i' 'f' 'd'),
 * or 0 for an unknown code. */
size_t bytes_type_size(int type);
/* Encodes an integer or float (is_float) as type code at pos. 0, -EINVAL
 * for an unknown code, -ENOMEM. */
int bytes_writen(struct bytes *b, int type, int32_t i, double f, int is_float);
/* Decodes type code at pos into *i or *f (*is_float tells which).
 * 0, -EINVAL for an unknown code, -ERANGE when too few bytes remain. */
int bytes_readn(struct bytes *b, int type, int32_t *i, float *f, int *is_float);

/* Moves pos to offset relative to 'b' (begin), 'c' (current) or 'e' (end).
 * 0, -EINVAL for a bad origin, -ERANGE when the result leaves [0, len]. */
int bytes_seek(struct bytes *b, int64_t offset, int origin);

/* Reverses the byte order of each 2-byte (swap2) or 4-byte (swap4) unit;
 * a trailing partial unit is left alone. */
void bytes_swap(struct bytes *b, size_t unit);

#endif
