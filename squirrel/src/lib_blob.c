/* lib_blob.c - the blob class: a byte buffer with a read/write pointer.
 * blob([size]), readn/writen with the type codes 'c' 'b' 's' 'w' 'i' 'f' 'd',
 * readstring, writestring, readblob, writeblob, seek, tell, eos, len, resize,
 * swap2, swap4, flush, tostring (the bytes as a string, an imp addition) and
 * b[i] / b[i] = x through _get/_set. typeof says "blob". Part of the target's
 * language runtime; it reaches the VM only through sq_native.h. The buffer
 * itself is the pure module bytes.c, allocating through the VM (sq_realloc),
 * so blobs count against the memory quota.
 *
 * Following the imp's writen page, a value that is neither integer nor float
 * is written as zeros of the type's size.
 */
#include "bytes.h"
#include "sq_native.h"

#include <errno.h>
#include <string.h>

static void *blob_realloc(void *ud, void *p, size_t oldsz, size_t newsz)
{
	sq_vm *vm = ud;

	(void)oldsz;
	if (newsz == 0) {
		sq_free(vm, p);
		return NULL;
	}
	return sq_realloc(vm, p, newsz);
}

static void blob_release(sq_vm *vm, void *udata)
{
	struct bytes *b = udata;

	if (!b)
		return;
	bytes_release(b);
	sq_free(vm, b);
}

/* The buffer of `this`, or NULL after raising an error. */
static struct bytes *self(sq_vm *vm, sq_value v)
{
	struct bytes *b = sq_instance_udata(v);

	if (!b)
		sq_throwf(vm, "invalid blob");
	return b;
}

static int blob_constructor(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	int32_t size = argc > 1 ? sq_toint(argv[1]) : 0;
	struct bytes *b;

	(void)ret;
	if (size < 0)
		return sq_throwf(vm, "cannot create blob with negative size");
	b = sq_malloc(vm, sizeof(*b));
	memset(b, 0, sizeof(*b));
	bytes_init(b, 0, blob_realloc, vm);
	/* Attach the empty buffer before sizing it: if the allocation unwinds
	 * (out of memory), the instance still owns and frees it. */
	blob_release(vm, sq_instance_udata(argv[0]));
	sq_instance_setudata(argv[0], b);
	if (bytes_resize(b, (size_t)size))
		return sq_throwf(vm, "out of memory");
	return SQ_OK;
}

/* Wraps a new blob holding n bytes from src, as a blob instance. */
static int new_blob(sq_vm *vm, const void *src, size_t n, sq_value *out)
{
	sq_value cls = sq_null(), key = sq_string_cstr(vm, "blob"), inst;
	struct bytes *b;
	int rc = sq_rawget(vm, sq_roottable(vm), key, &cls);

	sq_release(vm, key);
	if (rc != 1 || cls.type != SQ_TCLASS) {
		sq_release(vm, cls);
		return sq_throwf(vm, "the blob class is missing");
	}
	inst = sq_instance_new(vm, cls);
	sq_release(vm, cls);
	*out = inst;	/* owned by the caller from here, even if a write unwinds */
	b = sq_malloc(vm, sizeof(*b));
	memset(b, 0, sizeof(*b));
	bytes_init(b, 0, blob_realloc, vm);
	sq_instance_setudata(inst, b);
	bytes_write(b, src, n);
	b->pos = 0;
	return SQ_OK;
}

static int blob_readn(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]);
	int32_t i = 0;
	float f = 0;
	int is_float = 0, rc;

	(void)argc;
	if (!b)
		return SQ_ERROR;
	rc = bytes_readn(b, argv[1].u.i, &i, &f, &is_float);
	if (rc == -EINVAL)
		return sq_throwf(vm, "invalid type");
	if (rc)
		return sq_throwf(vm, "io error");
	*ret = is_float ? sq_float(f) : sq_int(i);
	return SQ_OK;
}

static int blob_writen(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]);
	sq_value v = argv[1];
	int32_t type = argv[2].u.i;

	(void)argc;
	(void)ret;
	if (!b)
		return SQ_ERROR;
	if (!bytes_type_size(type))
		return sq_throwf(vm, "invalid type");
	if (v.type == SQ_TFLOAT)
		bytes_writen(b, type, 0, v.u.f, 1);
	else
		bytes_writen(b, type, v.type == SQ_TINTEGER ? v.u.i : 0, 0.0, 0);
	return SQ_OK;
}

/* How many bytes a read of n may take from the pointer on. */
static int read_count(sq_vm *vm, struct bytes *b, int32_t n, size_t *out)
{
	size_t left = b->len - b->pos;

	if (n < 0)
		return sq_throwf(vm, "invalid size");
	*out = (size_t)n < left ? (size_t)n : left;
	return SQ_OK;
}

static int blob_readstring(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]);
	size_t n = 0;

	(void)argc;
	if (!b || read_count(vm, b, argv[1].u.i, &n))
		return SQ_ERROR;
	*ret = sq_string_new(vm, (const char *)b->data + b->pos, n);
	b->pos += n;
	return SQ_OK;
}

static int blob_readblob(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]);
	size_t n = 0;

	(void)argc;
	if (!b || read_count(vm, b, argv[1].u.i, &n))
		return SQ_ERROR;
	if (new_blob(vm, b->data + b->pos, n, ret))
		return SQ_ERROR;
	b->pos += n;
	return SQ_OK;
}

static int blob_writestring(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]);

	(void)argc;
	(void)ret;
	if (!b)
		return SQ_ERROR;
	bytes_write(b, sq_str(argv[1]), sq_strlen(argv[1]));
	return SQ_OK;
}

static int blob_writeblob(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]), *src;

	(void)argc;
	(void)ret;
	if (!b)
		return SQ_ERROR;
	src = sq_instance_udata(argv[1]);
	if (!src)
		return sq_throwf(vm, "parameter 1 has an invalid type; expected: 'blob'");
	if (src == b) {
		/* Writing a blob into itself: copy first, the write may move data. */
		size_t n = b->len;
		void *tmp = sq_malloc(vm, n ? n : 1);

		memcpy(tmp, b->data, n);
		bytes_write(b, tmp, n);
		sq_free(vm, tmp);
		return SQ_OK;
	}
	bytes_write(b, src->data, src->len);
	return SQ_OK;
}

static int blob_seek(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]);
	int origin = argc > 2 ? argv[2].u.i : 'b';
	int rc;

	if (!b)
		return SQ_ERROR;
	rc = bytes_seek(b, argv[1].u.i, origin);
	if (rc == -EINVAL)
		return sq_throwf(vm, "invalid origin");
	/* The imp's seek page: a move outside the blob leaves the pointer where
	 * it is and returns -1; success returns 0. */
	*ret = sq_int(rc ? -1 : 0);
	return SQ_OK;
}

static int blob_tell(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]);

	(void)argc;
	if (!b)
		return SQ_ERROR;
	*ret = sq_int((int32_t)b->pos);
	return SQ_OK;
}

static int blob_eos(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]);

	(void)argc;
	if (!b)
		return SQ_ERROR;
	/* The imp's eos page: 1 at the end, otherwise null. */
	if (b->pos >= b->len)
		*ret = sq_int(1);
	return SQ_OK;
}

static int blob_len(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]);

	(void)argc;
	if (!b)
		return SQ_ERROR;
	*ret = sq_int((int32_t)b->len);
	return SQ_OK;
}

static int blob_resize(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]);

	(void)argc;
	(void)ret;
	if (!b)
		return SQ_ERROR;
	if (argv[1].u.i < 0)
		return sq_throwf(vm, "negative size");
	bytes_resize(b, (size_t)argv[1].u.i);
	return SQ_OK;
}

static int blob_swap2(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]);

	(void)argc;
	(void)ret;
	if (!b)
		return SQ_ERROR;
	bytes_swap(b, 2);
	return SQ_OK;
}

static int blob_swap4(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]);

	(void)argc;
	(void)ret;
	if (!b)
		return SQ_ERROR;
	bytes_swap(b, 4);
	return SQ_OK;
}

static int blob_flush(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)argv;
	(void)ret;
	return SQ_OK;
}

static int blob_tostring(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]);

	(void)argc;
	if (!b)
		return SQ_ERROR;
	*ret = sq_string_new(vm, (const char *)b->data, b->len);
	return SQ_OK;
}

/* b[i]: the byte at i (0-255). Non-integer keys are missing slots. */
static int blob_get(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]);

	(void)argc;
	if (!b)
		return SQ_ERROR;
	if (argv[1].type != SQ_TINTEGER) {
		if (argv[1].type == SQ_TSTRING)
			return sq_throwf(vm, "the index '%s' does not exist", sq_str(argv[1]));
		return sq_throwf(vm, "the index does not exist");
	}
	if (argv[1].u.i < 0 || (size_t)argv[1].u.i >= b->len)
		return sq_throwf(vm, "index out of range");
	*ret = sq_int(b->data[argv[1].u.i]);
	return SQ_OK;
}

/* b[i] = x: stores the low byte of x. */
static int blob_set(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct bytes *b = self(vm, argv[0]);

	(void)argc;
	if (!b)
		return SQ_ERROR;
	if (argv[1].type != SQ_TINTEGER)
		return sq_throwf(vm, "index must be an integer");
	if (argv[1].u.i < 0 || (size_t)argv[1].u.i >= b->len)
		return sq_throwf(vm, "index out of range");
	b->data[argv[1].u.i] = (uint8_t)sq_toint(argv[2]);
	*ret = sq_dup(argv[2]);
	return SQ_OK;
}

static const sq_method_def blob_methods[] = {
	{ "constructor", blob_constructor, -1, "xn", 0 },
	{ "readn", blob_readn, 2, "xi", 0 },
	{ "writen", blob_writen, 3, "x.i", 0 },
	{ "readstring", blob_readstring, 2, "xi", 0 },
	{ "writestring", blob_writestring, 2, "xs", 0 },
	{ "readblob", blob_readblob, 2, "xi", 0 },
	{ "writeblob", blob_writeblob, 2, "xx", 0 },
	{ "seek", blob_seek, -2, "xii", 0 },
	{ "tell", blob_tell, 1, "x", 0 },
	{ "eos", blob_eos, 1, "x", 0 },
	{ "len", blob_len, 1, "x", 0 },
	{ "resize", blob_resize, 2, "xi", 0 },
	{ "swap2", blob_swap2, 1, "x", 0 },
	{ "swap4", blob_swap4, 1, "x", 0 },
	{ "flush", blob_flush, 1, "x", 0 },
	{ "tostring", blob_tostring, 1, "x", 0 },
	{ "_get", blob_get, 2, "x.", 0 },
	{ "_set", blob_set, 3, "x.n", 0 },
	{ NULL, NULL, 0, NULL, 0 }
};

static const sq_class_def blob_class = {
	"blob", "blob", blob_release, blob_methods
};

/* ---- blobs for hosts (sq_native.h) ---- */

int sq_blob_new(sq_vm *vm, const void *src, size_t n, sq_value *out)
{
	*out = sq_null();
	return new_blob(vm, src, n, out);
}

const uint8_t *sq_blob_bytes(sq_vm *vm, sq_value v, size_t *n)
{
	sq_value cls = sq_null(), key;
	struct bytes *b;
	int is_blob;

	*n = 0;
	if (v.type != SQ_TINSTANCE)
		return NULL;
	key = sq_string_cstr(vm, "blob");
	is_blob = sq_rawget(vm, sq_roottable(vm), key, &cls) == 1 && cls.type == SQ_TCLASS &&
		  sq_instanceof(v, cls);
	sq_release(vm, key);
	sq_release(vm, cls);
	if (!is_blob || !(b = sq_instance_udata(v)))
		return NULL;
	*n = b->len;
	/* An empty blob may have no storage yet: still a blob. */
	return b->data ? b->data : (const uint8_t *)"";
}

void sqlib_blob_register(sq_vm *vm)
{
	sq_class_register(vm, &blob_class);
}
