/* string.c - Squirrel strings: immutable, interned (one object per distinct
 * byte sequence, so equality is pointer equality and hashes are computed once),
 * plus the string builder (sq_buf) and number <-> text conversion the language
 * uses for tostring/tointeger/tofloat.
 *
 * The intern table is a power-of-two array of chains linked through
 * sq_obj.gcnext; a string leaves it when its last reference goes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "value.h"

static uint32_t strhash(const char *s, size_t len)
{
	uint32_t h = 2166136261u ^ (uint32_t)len;
	size_t step = (len >> 6) + 1;	/* long strings: sample at most ~64 bytes */
	size_t i;

	for (i = 0; i < len; i += step)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

void sq_strtab_init(sq_vm *vm)
{
	vm->strmask = 255;
	vm->strtab = sq_malloc(vm, sizeof(sq_string *) * 256);
	memset(vm->strtab, 0, sizeof(sq_string *) * 256);
}

static void strtab_grow(sq_vm *vm)
{
	uint32_t nmask = vm->strmask * 2 + 1, i;
	sq_string **nt = sq_malloc(vm, sizeof(sq_string *) * (nmask + 1));

	memset(nt, 0, sizeof(sq_string *) * (nmask + 1));
	for (i = 0; i <= vm->strmask; i++) {
		sq_string *s = vm->strtab[i], *next;
		for (; s; s = next) {
			next = (sq_string *)s->h.gcnext;
			s->h.gcnext = (sq_obj *)nt[s->hash & nmask];
			nt[s->hash & nmask] = s;
		}
	}
	sq_free(vm, vm->strtab);
	vm->strtab = nt;
	vm->strmask = nmask;
}

/* The interned string for these bytes, with a NEW reference. */
sq_string *sq_intern(sq_vm *vm, const char *s, size_t len)
{
	uint32_t h = strhash(s, len);
	sq_string *p;

	for (p = vm->strtab[h & vm->strmask]; p; p = (sq_string *)p->h.gcnext)
		if (p->hash == h && p->len == len && memcmp(p->s, s, len) == 0) {
			p->h.rc++;
			return p;
		}
	if (len > 0x7fffffff)
		sq_oom(vm);
	if (vm->strcount >= vm->strmask)
		strtab_grow(vm);
	p = (sq_string *)sq_obj_alloc(vm, sizeof(sq_string) + len + 1, SQ_TSTRING, 0);
	p->hash = h;
	p->len = (uint32_t)len;
	memcpy(p->s, s, len);
	p->s[len] = 0;
	p->h.gcnext = (sq_obj *)vm->strtab[h & vm->strmask];
	vm->strtab[h & vm->strmask] = p;
	vm->strcount++;
	return p;
}

void sq_string_unlink(sq_vm *vm, sq_string *s)
{
	sq_string **pp = &vm->strtab[s->hash & vm->strmask];

	for (; *pp; pp = (sq_string **)&(*pp)->h.gcnext)
		if (*pp == s) {
			*pp = (sq_string *)s->h.gcnext;
			vm->strcount--;
			return;
		}
}

sq_value sq_string_new(sq_vm *vm, const char *s, size_t len)
{
	return sq_objval(sq_intern(vm, s, len));
}

sq_value sq_string_cstr(sq_vm *vm, const char *s)
{
	return sq_string_new(vm, s, strlen(s));
}

sq_value sq_string_fmt(sq_vm *vm, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < (int)sizeof small)
		return sq_string_new(vm, small, (size_t)n);
	{
		char *big = sq_malloc(vm, (size_t)n + 1);
		sq_value v;
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		v = sq_string_new(vm, big, (size_t)n);
		sq_free(vm, big);
		return v;
	}
}

const char *sq_str(sq_value s)
{
	return s.type == SQ_TSTRING ? AS_STR(s)->s : "";
}

size_t sq_strlen(sq_value s)
{
	return s.type == SQ_TSTRING ? AS_STR(s)->len : 0;
}

void sq_buf_init(sq_buf *b)
{
	b->p = NULL;
	b->len = b->cap = 0;
}

static void buf_reserve(sq_vm *vm, sq_buf *b, size_t n)
{
	size_t nc;

	if (b->len + n + 1 <= b->cap)
		return;
	nc = b->cap ? b->cap * 2 : 64;
	while (nc < b->len + n + 1)
		nc *= 2;
	b->p = sq_realloc(vm, b->p, nc);
	b->cap = nc;
}

void sq_buf_add(sq_vm *vm, sq_buf *b, const char *s, size_t n)
{
	buf_reserve(vm, b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

void sq_buf_addc(sq_vm *vm, sq_buf *b, char c)
{
	buf_reserve(vm, b, 1);
	b->p[b->len++] = c;
}

void sq_buf_printf(sq_vm *vm, sq_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	buf_reserve(vm, b, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

sq_value sq_buf_finish(sq_vm *vm, sq_buf *b)
{
	sq_value v = sq_string_new(vm, b->p ? b->p : "", b->len);
	sq_buf_release(vm, b);
	return v;
}

void sq_buf_release(sq_vm *vm, sq_buf *b)
{
	sq_free(vm, b->p);
	sq_buf_init(b);
}

/* Floats print with %g (so 1.0 prints "1", 0.1 prints "0.1"). */
void sq_num2str(sq_value v, char *buf, size_t n)
{
	if (v.type == SQ_TINTEGER)
		snprintf(buf, n, "%d", (int)v.u.i);
	else
		snprintf(buf, n, "%g", (double)v.u.f);
}

int32_t sq_toint(sq_value v)
{
	float f;

	if (v.type == SQ_TINTEGER || v.type == SQ_TBOOL)
		return v.u.i;
	if (v.type != SQ_TFLOAT)
		return 0;
	f = v.u.f;
	if (f != f)
		return 0;
	if (f >= 2147483648.0f)
		return INT32_MAX;
	if (f <= -2147483648.0f)
		return INT32_MIN;
	return (int32_t)f;
}

/* Parse a whole string as a number (leading/trailing blanks allowed): decimal
 * or 0x hex integer, or a float. 0 on success, -1 "cannot convert". */
int sq_str2num(const char *s, size_t len, int want_float, sq_value *out)
{
	char tmp[128], *end;
	size_t i = 0, j;
	int isfloat = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	if (i == len || len - i >= sizeof tmp)
		return -1;
	memcpy(tmp, s + i, len - i);
	tmp[len - i] = 0;
	for (j = 0; tmp[j]; j++)
		if (tmp[j] == '.' || ((tmp[j] == 'e' || tmp[j] == 'E') && !(tmp[0] == '0' && (tmp[1] == 'x' || tmp[1] == 'X'))))
			isfloat = 1;
	if (isfloat || want_float) {
		double d = strtod(tmp, &end);
		if (*end)
			return -1;
		*out = want_float ? sq_float((float)d) : sq_int(sq_toint(sq_float((float)d)));
		return 0;
	} else {
		long long ll = strtoll(tmp, &end, (tmp[0] == '0' && (tmp[1] == 'x' || tmp[1] == 'X')) ? 16 : 10);
		if (*end)
			return -1;
		*out = sq_int((int32_t)(uint32_t)ll);
		return 0;
	}
}

const char *sq_typename(sq_value v)
{
	switch (v.type) {
	case SQ_TNULL: return "null";
	case SQ_TBOOL: return "bool";
	case SQ_TINTEGER: return "integer";
	case SQ_TFLOAT: return "float";
	case SQ_TSTRING: return "string";
	case SQ_TTABLE: return "table";
	case SQ_TARRAY: return "array";
	case SQ_TCLOSURE: case SQ_TNATIVE: return "function";
	case SQ_TCLASS: return "class";
	case SQ_TINSTANCE: return "instance";
	case SQ_TGENERATOR: return "generator";
	case SQ_TUSERDATA: return "userdata";
	case SQ_TWEAKREF: return "weakref";
	default: return "internal";
	}
}
