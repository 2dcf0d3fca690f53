/*
 * fuzz_compile.c - libFuzzer target for the Squirrel compiler: every input
 * is compiled as a source file in a VM with a memory quota. Any result is
 * fine (a closure or a compile error); a crash, a sanitizer report, a leak
 * or a hang is a bug. Built and run by suites/fuzz.sh (make fuzz); inputs
 * that found bugs are kept in squirrel/tests/fuzz/regressions/ and re-run
 * by make test.
 */
#include <stddef.h>
#include <stdint.h>

#include "squirrel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sq_vm *vm = sq_vm_new(16u << 20);
	sq_value fn;

	if (!vm)
		return 0;
	if (sq_compile_buffer(vm, (const char *)data, size, "fuzz.nut", &fn) == 0)
		sq_release(vm, fn);
	else
		sq_clear_error(vm);
	sq_vm_free(vm);
	return 0;
}
