/* vm_ops.h - the VM loop's out-of-line instruction helpers (vm_ops.c):
 * variable lookup through `this` and the root table, ++/--, unary minus with
 * metamethods, and one step of foreach. Internal to vm.c.
 */
#ifndef SQ_VM_OPS_H
#define SQ_VM_OPS_H

#include "value.h"

int sq_op_getvar(sq_vm *vm, sq_value self, sq_value key, sq_value *out);
int sq_op_setvar(sq_vm *vm, sq_value self, sq_value key, sq_value val);
int sq_op_unm(sq_vm *vm, sq_value a, sq_value *out);
int sq_op_incdec(sq_vm *vm, uint32_t ins, sq_value *base, sq_closure *cl,
		 const sq_value *K, sq_value *sp, sq_value *out);
/* 1 = next item stored in s[2] (key) and s[3] (value); 0 = done; SQ_ERROR. */
int sq_op_foreach(sq_vm *vm, sq_value *s);

/* Class building; *spp is the VM's stack top, updated. */
int sq_op_newclass(sq_vm *vm, uint32_t a, sq_value **spp);
int sq_op_cmember(sq_vm *vm, uint32_t a, sq_value **spp);

#define getvar sq_op_getvar
#define setvar sq_op_setvar
#define unm sq_op_unm
#define incdec sq_op_incdec
#define foreach_next sq_op_foreach

#endif
