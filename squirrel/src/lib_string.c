/* lib_string.c - Squirrel's string library: the string type's default delegate
 * (len, tointeger, tofloat, tostring, slice, find, tolower, toupper) and the
 * global string functions (format, strip, lstrip, rstrip, split, startswith,
 * endswith, escape). Part of the target's language runtime (the VM in
 * squirrel/src); it reaches the VM only through sq_native.h. format()'s engine
 * is the pure module fmt.c.
 *
 * Strings are byte strings: lengths and indices count bytes, case mapping is
 * ASCII only, and whitespace is C's isspace in the "C" locale.
 */
#include "fmt.h"
#include "sq_native.h"

#include <errno.h>
#include <string.h>

static int is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Resolves a slice bound: negative counts from the end. Returns 0 or -1 when
 * it falls outside [0, len]. */
static int slice_index(int32_t i, size_t len, size_t *out)
{
	int64_t v = i;

	if (v < 0)
		v += (int64_t)len;
	if (v < 0 || v > (int64_t)len)
		return -1;
	*out = (size_t)v;
	return 0;
}

/* ---- the string delegate ---- */

static int str_len(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	*ret = sq_int((int32_t)sq_strlen(argv[0]));
	return SQ_OK;
}

/* Parses s as an integer in base 2..36 (optional sign, "0x" allowed for 16),
 * the whole string. Returns 0 or -EINVAL. */
static int parse_base(const char *s, size_t len, int base, int32_t *out)
{
	size_t i = 0;
	uint32_t v = 0;
	int neg = 0, digits = 0;

	while (i < len && is_space((unsigned char)s[i]))
		i++;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	if (base == 16 && i + 1 < len && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X'))
		i += 2;
	for (; i < len; i++, digits++) {
		int c = (unsigned char)s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'z')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'Z')
			d = c - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		v = v * (uint32_t)base + (uint32_t)d;	/* wraps like 32-bit Squirrel */
	}
	while (i < len && is_space((unsigned char)s[i]))
		i++;
	if (!digits || i != len)
		return -EINVAL;
	*out = (int32_t)(neg ? 0u - v : v);
	return 0;
}

static int str_tointeger(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	const char *s = sq_str(argv[0]);
	size_t len = sq_strlen(argv[0]);
	sq_value v;

	if (argc > 1 && argv[1].u.i != 10) {
		int32_t base = argv[1].u.i, out;

		if (base < 2 || base > 36)
			return sq_throwf(vm, "invalid base");
		if (parse_base(s, len, base, &out))
			return sq_throwf(vm, "cannot convert the string");
		*ret = sq_int(out);
		return SQ_OK;
	}
	if (sq_str2num(s, len, 0, &v))
		return sq_throwf(vm, "cannot convert the string");
	*ret = v.type == SQ_TFLOAT ? sq_int(sq_toint(v)) : v;
	return SQ_OK;
}

static int str_tofloat(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	sq_value v;

	(void)argc;
	if (sq_str2num(sq_str(argv[0]), sq_strlen(argv[0]), 1, &v))
		return sq_throwf(vm, "cannot convert the string");
	*ret = sq_float(sq_tofloat(v));
	return SQ_OK;
}

static int str_tostring(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	*ret = sq_dup(argv[0]);
	return SQ_OK;
}

static int str_slice(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	size_t len = sq_strlen(argv[0]), from, to = len;

	if (slice_index(argv[1].u.i, len, &from) ||
	    (argc > 2 && slice_index(argv[2].u.i, len, &to)) || from > to)
		return sq_throwf(vm, "slice out of range");
	*ret = sq_string_new(vm, sq_str(argv[0]) + from, to - from);
	return SQ_OK;
}

static int str_find(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	const char *s = sq_str(argv[0]), *sub = sq_str(argv[1]);
	size_t len = sq_strlen(argv[0]), sublen = sq_strlen(argv[1]), i;
	int32_t start = argc > 2 ? argv[2].u.i : 0;

	(void)vm;
	if (start < 0 || (size_t)start > len)
		return SQ_OK;	/* null: nothing can be found there */
	for (i = (size_t)start; i + sublen <= len; i++)
		if (memcmp(s + i, sub, sublen) == 0) {
			*ret = sq_int((int32_t)i);
			return SQ_OK;
		}
	return SQ_OK;
}

static int str_mapcase(sq_vm *vm, sq_value str, sq_value *ret, int upper)
{
	const char *s = sq_str(str);
	size_t len = sq_strlen(str), i;
	sq_buf b;

	sq_buf_init(&b);
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (upper && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		else if (!upper && c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		sq_buf_addc(vm, &b, c);
	}
	*ret = sq_buf_finish(vm, &b);
	return SQ_OK;
}

static int str_tolower(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	return str_mapcase(vm, argv[0], ret, 0);
}

static int str_toupper(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	return str_mapcase(vm, argv[0], ret, 1);
}

/* ---- global functions ---- */

struct fmt_sink {
	sq_vm *vm;
	sq_buf buf;
};

static int sink_write(void *ud, const char *s, size_t n)
{
	struct fmt_sink *k = ud;

	sq_buf_add(k->vm, &k->buf, s, n);
	return 0;
}

int sqlib_format(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct fmt_arg small[16], *args = small;
	struct fmt_sink sink;
	char err[128];
	int nargs, i, rc;

	if (argc < 2 || argv[1].type != SQ_TSTRING)
		return sq_check_args(vm, argc, argv, -2, ".s");
	nargs = argc - 2;
	if (nargs > (int)(sizeof(small) / sizeof(small[0])))
		args = sq_malloc(vm, sizeof(*args) * (size_t)nargs);
	for (i = 0; i < nargs; i++) {
		sq_value v = argv[2 + i];
		struct fmt_arg *a = &args[i];

		memset(a, 0, sizeof(*a));
		switch (v.type) {
		case SQ_TINTEGER:
			a->kind = FMT_INT;
			a->i = v.u.i;
			break;
		case SQ_TFLOAT:
			a->kind = FMT_FLOAT;
			a->f = v.u.f;
			break;
		case SQ_TSTRING:
			a->kind = FMT_STR;
			a->s = sq_str(v);
			a->len = sq_strlen(v);
			break;
		default:
			a->kind = FMT_OTHER;
			a->type_name = sq_typename(v);
			break;
		}
	}
	sink.vm = vm;
	sq_buf_init(&sink.buf);
	rc = fmt_format(sq_str(argv[1]), sq_strlen(argv[1]), args, nargs, sink_write,
			&sink, err, sizeof(err));
	if (args != small)
		sq_free(vm, args);
	if (rc) {
		sq_buf_release(vm, &sink.buf);
		return sq_throwf(vm, "%s", err);
	}
	*ret = sq_buf_finish(vm, &sink.buf);
	return SQ_OK;
}

static int do_strip(sq_vm *vm, sq_value str, sq_value *ret, int left, int right)
{
	const char *s = sq_str(str);
	size_t a = 0, b = sq_strlen(str);

	while (left && a < b && is_space((unsigned char)s[a]))
		a++;
	while (right && b > a && is_space((unsigned char)s[b - 1]))
		b--;
	*ret = sq_string_new(vm, s + a, b - a);
	return SQ_OK;
}

static int g_strip(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	return do_strip(vm, argv[1], ret, 1, 1);
}

static int g_lstrip(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	return do_strip(vm, argv[1], ret, 1, 0);
}

static int g_rstrip(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	return do_strip(vm, argv[1], ret, 0, 1);
}

/* split(str, separators): separators is a set of characters. Runs of
 * separators count as one and produce no empty strings, as the imp's split()
 * page documents (split("a//b/c", "/") is ["a", "b", "c"]); leading and
 * trailing separators likewise yield nothing, so split("", ",") is []. */
static int g_split(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	const char *s = sq_str(argv[1]), *sep = sq_str(argv[2]);
	size_t len = sq_strlen(argv[1]), nsep = sq_strlen(argv[2]), i = 0, start;
	sq_value arr;

	(void)argc;
	arr = sq_array_new(vm, 0);
	while (i < len) {
		while (i < len && memchr(sep, s[i], nsep))
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && !memchr(sep, s[i], nsep))
			i++;
		{
			sq_value piece = sq_string_new(vm, s + start, i - start);

			sq_array_push(vm, arr, piece);
			sq_release(vm, piece);
		}
	}
	*ret = arr;
	return SQ_OK;
}

static int g_startswith(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	size_t n = sq_strlen(argv[2]);

	(void)vm;
	(void)argc;
	*ret = sq_bool(n <= sq_strlen(argv[1]) && memcmp(sq_str(argv[1]), sq_str(argv[2]), n) == 0);
	return SQ_OK;
}

static int g_endswith(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	size_t n = sq_strlen(argv[2]), len = sq_strlen(argv[1]);

	(void)vm;
	(void)argc;
	*ret = sq_bool(n <= len && memcmp(sq_str(argv[1]) + len - n, sq_str(argv[2]), n) == 0);
	return SQ_OK;
}

/* escape(str): the string as a Squirrel literal body would spell it. */
static int g_escape(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	static const char from[] = "\t\a\b\n\r\v\f\\\"'";
	static const char to[] = "tabnrvf\\\"'";
	const char *s = sq_str(argv[1]);
	size_t len = sq_strlen(argv[1]), i;
	sq_buf b;

	(void)argc;
	sq_buf_init(&b);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *p = c ? strchr(from, c) : NULL;

		if (p) {
			sq_buf_addc(vm, &b, '\\');
			sq_buf_addc(vm, &b, to[p - from]);
		} else if (c < 0x20 || c >= 0x7f) {
			sq_buf_printf(vm, &b, "\\x%02x", c);
		} else {
			sq_buf_addc(vm, &b, (char)c);
		}
	}
	*ret = sq_buf_finish(vm, &b);
	return SQ_OK;
}

void sqlib_string_register(sq_vm *vm)
{
	sq_register_method(vm, SQ_TSTRING, "len", str_len, 1, "s");
	sq_register_method(vm, SQ_TSTRING, "tointeger", str_tointeger, -1, "si");
	sq_register_method(vm, SQ_TSTRING, "tofloat", str_tofloat, 1, "s");
	sq_register_method(vm, SQ_TSTRING, "tostring", str_tostring, 1, "s");
	sq_register_method(vm, SQ_TSTRING, "slice", str_slice, -2, "sii");
	sq_register_method(vm, SQ_TSTRING, "find", str_find, -2, "ssi");
	sq_register_method(vm, SQ_TSTRING, "tolower", str_tolower, 1, "s");
	sq_register_method(vm, SQ_TSTRING, "toupper", str_toupper, 1, "s");

	sq_register_global(vm, "strip", g_strip, 2, ".s");
	sq_register_global(vm, "lstrip", g_lstrip, 2, ".s");
	sq_register_global(vm, "rstrip", g_rstrip, 2, ".s");
	sq_register_global(vm, "split", g_split, 3, ".ss");
	sq_register_global(vm, "startswith", g_startswith, 3, ".ss");
	sq_register_global(vm, "endswith", g_endswith, 3, ".ss");
	sq_register_global(vm, "escape", g_escape, 2, ".s");
}
