/* lib_regexp.c - the regexp class (Squirrel's regular expressions) and the
 * agent's regexp2 class (RE2 syntax), both over the pure module rx.c (PCRE2).
 * Part of the target's language runtime; it reaches the VM only through
 * sq_native.h. PCRE2 allocates through sq_malloc, so patterns count against
 * the VM's memory quota.
 *
 * Methods, from the imp's regexp and regexp2 pages:
 *   match(str)              true when the expression matches the whole string
 *   search(str[, start])    {begin, end} of the first match at or after start,
 *                           or null
 *   capture(str[, start])   [{begin, end} of the match, then one per group] or
 *                           null; a group that took no part is {-1, -1}
 *                           (regexp2's page). For regexp, whose page says that
 *                           when no group matched only the whole match is
 *                           returned, trailing unmatched groups are left out.
 *   subexpcount()           (regexp only) the number of groups
 * A regexp2 pattern is limited to 256 characters (regexp2 page). Compile
 * errors become Squirrel errors with PCRE2's message.
 */
#include "rx.h"
#include "sq_native.h"

#include <errno.h>
#include <string.h>

/* The longest regexp2 pattern the imp accepts. */
#define RE2_MAX_PATTERN 256

static void *rx_alloc(void *ud, size_t n)
{
	return sq_malloc(ud, n);
}

static void rx_release_mem(void *ud, void *p, size_t n)
{
	(void)n;
	sq_free(ud, p);
}

static void regexp_release(sq_vm *vm, void *udata)
{
	(void)vm;
	rx_free(udata);
}

static int construct(sq_vm *vm, sq_value *argv, enum rx_flavor flavor)
{
	struct rx_mem mem = { rx_alloc, rx_release_mem, vm };
	char err[200];
	struct rx *re;

	if (flavor == RX_RE2 && sq_strlen(argv[1]) > RE2_MAX_PATTERN)
		return sq_throwf(vm, "regular expression too long (the limit is %d characters)",
				 RE2_MAX_PATTERN);
	re = rx_compile(flavor, sq_str(argv[1]), sq_strlen(argv[1]), &mem, err, sizeof(err));
	if (!re)
		return sq_throwf(vm, "%s", err);
	rx_free(sq_instance_udata(argv[0]));
	sq_instance_setudata(argv[0], re);
	return SQ_OK;
}

static int regexp_constructor(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	(void)ret;
	return construct(vm, argv, RX_SQUIRREL);
}

static int regexp2_constructor(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	(void)ret;
	return construct(vm, argv, RX_RE2);
}

static struct rx *self(sq_vm *vm, sq_value v)
{
	struct rx *re = sq_instance_udata(v);

	if (!re)
		sq_throwf(vm, "invalid regular expression object");
	return re;
}

/* Runs re on argv[1] from the optional start argv[2]. Returns 1 match (ovec
 * filled, sq_malloc'd, caller frees), 0 no match, SQ_ERROR. */
static int run(sq_vm *vm, int argc, sq_value *argv, int whole, long **ovec)
{
	struct rx *re = self(vm, argv[0]);
	size_t len = sq_strlen(argv[1]);
	int32_t start = argc > 2 ? argv[2].u.i : 0;
	char err[200];
	int rc;

	*ovec = NULL;
	if (!re)
		return SQ_ERROR;
	if (start < 0 || (size_t)start > len)
		return sq_throwf(vm, "invalid starting position");
	*ovec = sq_malloc(vm, sizeof(long) * 2 * (size_t)(rx_ncaptures(re) + 1));
	rc = rx_exec(re, sq_str(argv[1]), len, (size_t)start, whole, *ovec, err, sizeof(err));
	if (rc == 1)
		return 1;
	sq_free(vm, *ovec);
	*ovec = NULL;
	if (rc == 0)
		return 0;
	if (rc == -ENOMEM)
		return sq_throwf(vm, "out of memory");
	return sq_throwf(vm, "%s", err);
}

static sq_value range_table(sq_vm *vm, long begin, long end)
{
	sq_value t = sq_table_new(vm);

	sq_table_setstr(vm, t, "begin", sq_int((int32_t)begin));
	sq_table_setstr(vm, t, "end", sq_int((int32_t)end));
	return t;
}

static int re_match(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	long *ovec;
	int rc = run(vm, argc > 2 ? 2 : argc, argv, 1, &ovec);

	if (rc == SQ_ERROR)
		return SQ_ERROR;
	sq_free(vm, ovec);
	*ret = sq_bool(rc == 1);
	return SQ_OK;
}

static int re_search(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	long *ovec;
	int rc = run(vm, argc, argv, 0, &ovec);

	if (rc == SQ_ERROR)
		return SQ_ERROR;
	if (rc == 1) {
		*ret = range_table(vm, ovec[0], ovec[1]);
		sq_free(vm, ovec);
	}
	return SQ_OK;
}

static int do_capture(sq_vm *vm, int argc, sq_value *argv, sq_value *ret, int trim)
{
	struct rx *re;
	long *ovec;
	int rc = run(vm, argc, argv, 0, &ovec), n, k;
	sq_value arr;

	if (rc != 1)
		return rc == SQ_ERROR ? SQ_ERROR : SQ_OK;
	re = sq_instance_udata(argv[0]);
	n = rx_ncaptures(re) + 1;
	while (trim && n > 1 && ovec[2 * (n - 1)] < 0)
		n--;
	arr = sq_array_new(vm, (uint32_t)n);
	for (k = 0; k < n; k++) {
		sq_value t = range_table(vm, ovec[2 * k], ovec[2 * k + 1]);

		sq_array_set(vm, arr, (uint32_t)k, t);
		sq_release(vm, t);
	}
	sq_free(vm, ovec);
	*ret = arr;
	return SQ_OK;
}

static int regexp_capture(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	return do_capture(vm, argc, argv, ret, 1);
}

static int regexp2_capture(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	return do_capture(vm, argc, argv, ret, 0);
}

static int re_subexpcount(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct rx *re = self(vm, argv[0]);

	(void)argc;
	if (!re)
		return SQ_ERROR;
	*ret = sq_int(rx_ncaptures(re));
	return SQ_OK;
}

static const sq_method_def regexp_methods[] = {
	{ "constructor", regexp_constructor, 2, "xs", 0 },
	{ "match", re_match, 2, "xs", 0 },
	{ "search", re_search, -2, "xsi", 0 },
	{ "capture", regexp_capture, -2, "xsi", 0 },
	{ "subexpcount", re_subexpcount, 1, "x", 0 },
	{ NULL, NULL, 0, NULL, 0 }
};

static const sq_method_def regexp2_methods[] = {
	{ "constructor", regexp2_constructor, 2, "xs", 0 },
	{ "match", re_match, 2, "xs", 0 },
	{ "search", re_search, -2, "xsi", 0 },
	{ "capture", regexp2_capture, -2, "xsi", 0 },
	{ NULL, NULL, 0, NULL, 0 }
};

static const sq_class_def regexp_class = {
	"regexp", NULL, regexp_release, regexp_methods
};

static const sq_class_def regexp2_class = {
	"regexp2", NULL, regexp_release, regexp2_methods
};

void sqlib_regexp_register(sq_vm *vm)
{
	sq_class_register(vm, &regexp_class);
	sq_class_register(vm, &regexp2_class);
}
