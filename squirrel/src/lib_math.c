/* lib_math.c - the `math` table: abs, fabs, sqrt, sin, cos, tan, asin, acos,
 * atan, atan2, exp, log, log10, pow, floor, ceil, rand, srand and the
 * constants PI and RAND_MAX. Part of the target's language runtime; it reaches
 * the VM only through sq_native.h.
 *
 * Floats are 32-bit: each function computes in double from the float argument
 * and rounds the result to float, as the imp's single-precision Squirrel does.
 * math.abs works on integers (a float argument is truncated first) and returns
 * an integer, as in Squirrel's math library; math.fabs is the float version.
 * floor and ceil return floats.
 *
 * rand is deterministic for the harness: a splitmix64 generator per VM, seeded
 * with a fixed value when the library is registered and reseeded by
 * srand(seed). (On the imp math.rand is a hardware RNG and srand has no
 * effect; a reproducible sequence is what fault injection needs.) The 64-bit
 * state lives in the VM itself, as a two-integer array under a key no script
 * can name ("\x01math.rand") in the VM's const table, so two VMs never share
 * or reset each other's sequence and no C global is involved.
 */
#include "sq_native.h"

#include <math.h>

/* math.RAND_MAX: the C library's RAND_MAX on the imp's 32-bit ARM toolchain. */
#define SQ_RAND_MAX 2147483647
#define SQ_RAND_SEED 0x5eed5eedu

/* The const-table key of the generator state: not an identifier, so no
 * script can reach it by name. */
static const char RNG_KEY[] = "\x01math.rand";

/* The VM's state array [high 32 bits, low 32 bits] (borrowed), or null. */
static sq_value rng_slot(sq_vm *vm)
{
	sq_value key = sq_string_new(vm, RNG_KEY, sizeof(RNG_KEY) - 1), arr = sq_null();

	if (!sq_table_rawget(sq_consttable(vm), key, &arr) || arr.type != SQ_TARRAY ||
	    sq_array_len(arr) != 2)
		arr = sq_null();
	sq_release(vm, key);
	return arr;
}

static void rng_store(sq_vm *vm, sq_value arr, uint64_t state)
{
	sq_array_set(vm, arr, 0, sq_int((int32_t)(uint32_t)(state >> 32)));
	sq_array_set(vm, arr, 1, sq_int((int32_t)(uint32_t)state));
}

static uint64_t rng_load(sq_value arr)
{
	return (uint64_t)(uint32_t)sq_array_get(arr, 0).u.i << 32 |
	       (uint32_t)sq_array_get(arr, 1).u.i;
}

static uint64_t rng_seed_state(uint32_t seed)
{
	return (uint64_t)seed * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
}

/* One splitmix64 step: advances *state, returns 31 bits (0..RAND_MAX). */
static uint32_t rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return (uint32_t)(z >> 33);
}

static double arg(const sq_value *argv, int i)
{
	return (double)sq_tofloat(argv[i]);
}

static int ret_float(sq_value *ret, double d)
{
	*ret = sq_float((float)d);
	return SQ_OK;
}

#define MATH_FN1(name, expr)                                                   \
	static int m_##name(sq_vm *vm, int argc, sq_value *argv, sq_value *ret) \
	{                                                                      \
		double x = arg(argv, 1);                                       \
		(void)vm;                                                      \
		(void)argc;                                                    \
		return ret_float(ret, expr);                                   \
	}

MATH_FN1(fabs, fabs(x))
MATH_FN1(sqrt, sqrt(x))
MATH_FN1(sin, sin(x))
MATH_FN1(cos, cos(x))
MATH_FN1(tan, tan(x))
MATH_FN1(asin, asin(x))
MATH_FN1(acos, acos(x))
MATH_FN1(atan, atan(x))
MATH_FN1(exp, exp(x))
MATH_FN1(log, log(x))
MATH_FN1(log10, log10(x))
MATH_FN1(floor, floor(x))
MATH_FN1(ceil, ceil(x))

static int m_atan2(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	return ret_float(ret, atan2(arg(argv, 1), arg(argv, 2)));
}

static int m_pow(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	return ret_float(ret, pow(arg(argv, 1), arg(argv, 2)));
}

static int m_abs(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	int32_t i = sq_toint(argv[1]);

	(void)vm;
	(void)argc;
	/* abs(-2147483648) wraps to itself, as 32-bit C abs does in practice. */
	*ret = sq_int(i < 0 ? (int32_t)(0u - (uint32_t)i) : i);
	return SQ_OK;
}

static int m_rand(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	sq_value arr = rng_slot(vm);
	uint64_t state;

	(void)argc;
	(void)argv;
	if (arr.type == SQ_TNULL)
		return sq_throwf(vm, "the random number generator state is missing");
	state = rng_load(arr);
	*ret = sq_int((int32_t)rng_next(&state));
	rng_store(vm, arr, state);
	return SQ_OK;
}

static int m_srand(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	sq_value arr = rng_slot(vm);

	(void)argc;
	(void)ret;
	if (arr.type == SQ_TNULL)
		return sq_throwf(vm, "the random number generator state is missing");
	rng_store(vm, arr, rng_seed_state((uint32_t)sq_toint(argv[1])));
	return SQ_OK;
}

void sqlib_math_register(sq_vm *vm)
{
	static const struct {
		const char *name;
		sq_native_fn fn;
		int nparams;
		const char *mask;
	} fns[] = {
		{ "abs", m_abs, 2, ".n" },
		{ "fabs", m_fabs, 2, ".n" },
		{ "sqrt", m_sqrt, 2, ".n" },
		{ "sin", m_sin, 2, ".n" },
		{ "cos", m_cos, 2, ".n" },
		{ "tan", m_tan, 2, ".n" },
		{ "asin", m_asin, 2, ".n" },
		{ "acos", m_acos, 2, ".n" },
		{ "atan", m_atan, 2, ".n" },
		{ "atan2", m_atan2, 3, ".nn" },
		{ "exp", m_exp, 2, ".n" },
		{ "log", m_log, 2, ".n" },
		{ "log10", m_log10, 2, ".n" },
		{ "pow", m_pow, 3, ".nn" },
		{ "floor", m_floor, 2, ".n" },
		{ "ceil", m_ceil, 2, ".n" },
		{ "rand", m_rand, 1, NULL },
		{ "srand", m_srand, 2, ".n" },
	};
	sq_value math = sq_table_new(vm), state = sq_array_new(vm, 2), key;
	size_t i;

	rng_store(vm, state, rng_seed_state(SQ_RAND_SEED));
	key = sq_string_new(vm, RNG_KEY, sizeof(RNG_KEY) - 1);
	sq_table_rawset(vm, sq_consttable(vm), key, state);
	sq_release(vm, key);
	sq_release(vm, state);
	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		sq_table_setfn(vm, math, fns[i].name, fns[i].fn, fns[i].nparams, fns[i].mask);
	sq_table_setstr(vm, math, "PI", sq_float((float)3.14159265358979323846));
	sq_table_setstr(vm, math, "RAND_MAX", sq_int(SQ_RAND_MAX));
	sq_table_setstr(vm, sq_roottable(vm), "math", math);
	sq_release(vm, math);
}
