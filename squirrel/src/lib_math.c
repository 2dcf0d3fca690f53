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
 * rand is deterministic for the harness: a 64-bit splitmix generator seeded
 * with a fixed value when the library is registered, reseeded by srand(seed).
 * (On the imp math.rand is a hardware RNG and srand has no effect; a
 * reproducible sequence is what fault injection needs.) The state is
 * process-wide until the VM offers per-VM library storage (see
 * /work/coord/STDLIB_REQUESTS.md): each new VM reseeds it.
 */
#include "sq_native.h"

#include <math.h>

/* math.RAND_MAX: the C library's RAND_MAX on the imp's 32-bit ARM toolchain. */
#define SQ_RAND_MAX 2147483647
#define SQ_RAND_SEED 0x5eed5eedu

static uint64_t rng_state;

static void rng_seed(uint32_t seed)
{
	rng_state = (uint64_t)seed * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
}

static uint32_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return (uint32_t)(z >> 33);	/* 31 bits: 0..RAND_MAX */
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
	(void)vm;
	(void)argc;
	(void)argv;
	*ret = sq_int((int32_t)rng_next());
	return SQ_OK;
}

static int m_srand(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)ret;
	rng_seed((uint32_t)sq_toint(argv[1]));
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
	sq_value math = sq_table_new(vm);
	size_t i;

	rng_seed(SQ_RAND_SEED);
	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		sq_table_setfn(vm, math, fns[i].name, fns[i].fn, fns[i].nparams, fns[i].mask);
	sq_table_setstr(vm, math, "PI", sq_float((float)3.14159265358979323846));
	sq_table_setstr(vm, math, "RAND_MAX", sq_int(SQ_RAND_MAX));
	sq_table_setstr(vm, sq_roottable(vm), "math", math);
	sq_release(vm, math);
}
