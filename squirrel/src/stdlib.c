/* stdlib.c - start-up registration of the standard library: calls each
 * sqlib_<lib>_register hook whose file lib_<lib>.c exists (squirrel.mk
 * defines SQ_HAVE_LIB_<LIB>), after the base library (lib_base.c).
 */
#include "value.h"

void sq_stdlib_register(sq_vm *vm)
{
	(void)vm;
#ifdef SQ_HAVE_LIB_STRING
	sqlib_string_register(vm);
#endif
#ifdef SQ_HAVE_LIB_ARRAY
	sqlib_array_register(vm);
#endif
#ifdef SQ_HAVE_LIB_TABLE
	sqlib_table_register(vm);
#endif
#ifdef SQ_HAVE_LIB_BLOB
	sqlib_blob_register(vm);
#endif
#ifdef SQ_HAVE_LIB_MATH
	sqlib_math_register(vm);
#endif
#ifdef SQ_HAVE_LIB_REGEXP
	sqlib_regexp_register(vm);
#endif
#ifdef SQ_HAVE_LIB_TIME
	sqlib_time_register(vm);
#endif
}
