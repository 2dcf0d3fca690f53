/* lib_table.c - the table type's default delegate as Squirrel 3.0 has it: len,
 * rawget, rawset, rawdelete, rawin, clear, setdelegate, getdelegate, tostring.
 * Part of the target's language runtime; it reaches the VM only through
 * sq_native.h. (keys/values/filter came with later Squirrel versions and are
 * not on the imp's table page, so they are not here.)
 */
#include "sq_native.h"

static int tab_len(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	*ret = sq_int((int32_t)sq_table_count(argv[0]));
	return SQ_OK;
}

/* The message for a missing key, naming it as the language does. */
static int missing_key(sq_vm *vm, sq_value key)
{
	sq_value s = sq_null();
	int rc;

	if (key.type == SQ_TSTRING)
		return sq_throwf(vm, "the index '%s' does not exist", sq_str(key));
	if (sq_tostring(vm, key, &s))
		return SQ_ERROR;
	rc = sq_throwf(vm, "the index '%s' does not exist", sq_str(s));
	sq_release(vm, s);
	return rc;
}

static int tab_rawget(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	sq_value v;

	(void)argc;
	if (!sq_table_rawget(argv[0], argv[1], &v))
		return missing_key(vm, argv[1]);
	*ret = sq_dup(v);
	return SQ_OK;
}

static int tab_rawset(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	if (argv[1].type == SQ_TNULL)
		return sq_throwf(vm, "null cannot be used as index");
	sq_table_rawset(vm, argv[0], argv[1], argv[2]);
	*ret = sq_dup(argv[0]);
	return SQ_OK;
}

/* rawdelete(key): removes the slot and returns its value; null if absent. */
static int tab_rawdelete(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	sq_value v;

	(void)argc;
	if (!sq_table_rawget(argv[0], argv[1], &v))
		return SQ_OK;
	*ret = sq_dup(v);
	sq_table_rawdelete(vm, argv[0], argv[1]);
	return SQ_OK;
}

static int tab_rawin(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	sq_value v;

	(void)vm;
	(void)argc;
	*ret = sq_bool(sq_table_rawget(argv[0], argv[1], &v));
	return SQ_OK;
}

static int tab_clear(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	sq_table_clear(vm, argv[0]);
	*ret = sq_dup(argv[0]);
	return SQ_OK;
}

/* setdelegate(t or null): returns the table itself. */
static int tab_setdelegate(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	if (sq_table_setdelegate(vm, argv[0], argv[1]))
		return SQ_ERROR;
	*ret = sq_dup(argv[0]);
	return SQ_OK;
}

static int tab_getdelegate(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	*ret = sq_dup(sq_table_getdelegate(argv[0]));
	return SQ_OK;
}

static int tab_tostring(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	return sq_tostring(vm, argv[0], ret);
}

void sqlib_table_register(sq_vm *vm)
{
	sq_register_method(vm, SQ_TTABLE, "len", tab_len, 1, "t");
	sq_register_method(vm, SQ_TTABLE, "rawget", tab_rawget, 2, "t");
	sq_register_method(vm, SQ_TTABLE, "rawset", tab_rawset, 3, "t");
	sq_register_method(vm, SQ_TTABLE, "rawdelete", tab_rawdelete, 2, "t");
	sq_register_method(vm, SQ_TTABLE, "rawin", tab_rawin, 2, "t");
	sq_register_method(vm, SQ_TTABLE, "clear", tab_clear, 1, "t");
	sq_register_method(vm, SQ_TTABLE, "setdelegate", tab_setdelegate, 2, "tt|o");
	sq_register_method(vm, SQ_TTABLE, "getdelegate", tab_getdelegate, 1, "t");
	sq_register_method(vm, SQ_TTABLE, "tostring", tab_tostring, 1, "t");
}
