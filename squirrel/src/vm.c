/* vm.c - the Squirrel virtual machine loop: runs the bytecode of opcodes.h.
 *
 * DESIGN. One fixed stack of values per VM (pointers into it stay valid); a
 * call lays out [callee][this][args...] and the callee's frame starts at
 * `this` (call.c). Squirrel-to-Squirrel calls stay in this loop; natives,
 * metamethods and generator resumes re-enter sq_execute (bounded depth). An
 * error - a throw, a failed native, or "out of memory" arriving by longjmp
 * from mem.c - unwinds to the innermost try handler owned by this sq_execute
 * or returns SQ_ERROR with the stack cut back to the entry frame's callee slot.
 * Invariant: at every instruction fetch vm->sp and the frame's pc are current,
 * so an unwind from anywhere releases exactly the live slots.
 *
 *   SUSPENDED --resume--> RUNNING --yield--> SUSPENDED
 *                            '--return/error--> DEAD     (generators)
 */
#include <string.h>
#include "value.h"
#include "opcodes.h"
#include "vm_ops.h"

int sq_run(sq_vm *vm, uint32_t entry, int err_pending)
{
	sq_value *const stack = vm->stack;
	sq_frame *f;
	const uint32_t *code;
	const sq_value *K;
	sq_value *base, *sp;
	uint32_t pc;
	int pushed;

#define LOAD_FRAME() do { f = &vm->frames[vm->nframes - 1]; code = f->cl->p->code; \
	K = f->cl->p->consts; base = stack + f->base; sp = stack + vm->sp; pc = f->pc; } while (0)
#define SYNC() (vm->sp = (uint32_t)(sp - stack))
#define PUSH(v) (*sp++ = (v))
#define ERR() goto on_error

	LOAD_FRAME();
	if (err_pending)
		goto on_error;
	for (;;) {
		uint32_t ins;
		f->pc = pc;
		SYNC();
		ins = code[pc++];
		switch (SQ_OP(ins)) {
		case OP_NOP: case OP_LINE: break;
		case OP_LOADNULL: PUSH(sq_null()); break;
		case OP_LOADTRUE: PUSH(sq_bool(1)); break;
		case OP_LOADFALSE: PUSH(sq_bool(0)); break;
		case OP_LOADINT: PUSH(sq_int(SQ_A(ins))); break;
		case OP_LOADK: PUSH(sq_dup(K[SQ_UA(ins)])); break;
		case OP_LOADROOT: PUSH(sq_dup(vm->root)); break;
		case OP_LOADBASE: {
			sq_class *o = f->cl->owner;
			PUSH(o && o->base ? sq_dup(sq_objval(o->base)) : sq_null());
			break;
		}
		case OP_GETLOCAL: PUSH(sq_dup(base[SQ_UA(ins)])); break;
		case OP_SETLOCAL: sq_assign(vm, &base[SQ_UA(ins)], sp[-1]); break;
		case OP_SETLOCALP: {
			sq_value old = base[SQ_UA(ins)];
			base[SQ_UA(ins)] = *--sp;
			sq_release(vm, old);
			break;
		}
		case OP_GETUP: PUSH(sq_dup(*f->cl->up[SQ_UA(ins)]->v)); break;
		case OP_SETUP: sq_assign(vm, f->cl->up[SQ_UA(ins)]->v, sp[-1]); break;
		case OP_GETVAR: {
			sq_value r;
			if (base[0].type == SQ_TINSTANCE) {
				int isf;
				sq_value *p = sq_inst_lookup(AS_INST(base[0]), K[SQ_UA(ins)], &isf);
				if (p) {
					PUSH(sq_dup(sq_realval(*p)));
					break;
				}
			} else if (base[0].type == SQ_TTABLE) {
				sq_value *p = sq_tab_findstr(AS_TABLE(base[0]), AS_STR(K[SQ_UA(ins)]));
				if (p) {
					PUSH(sq_dup(sq_realval(*p)));
					break;
				}
			}
			if (getvar(vm, base[0], K[SQ_UA(ins)], &r))
				ERR();
			PUSH(r);
			break;
		}
		case OP_SETVAR:
			if (base[0].type == SQ_TINSTANCE) {
				int isf;
				sq_value *p = sq_inst_lookup(AS_INST(base[0]), K[SQ_UA(ins)], &isf);
				if (p && isf) {
					sq_assign(vm, p, sp[-1]);
					break;
				}
			}
			if (setvar(vm, base[0], K[SQ_UA(ins)], sp[-1]))
				ERR();
			break;
		case OP_GETK: {
			sq_value r, o = sp[-1];
			if (o.type == SQ_TTABLE) {
				sq_value *p = sq_tab_findstr(AS_TABLE(o), AS_STR(K[SQ_UA(ins)]));
				if (p) {
					sp[-1] = sq_dup(sq_realval(*p));
					sq_release(vm, o);
					break;
				}
			} else if (o.type == SQ_TINSTANCE) {
				int isf;
				sq_value *p = sq_inst_lookup(AS_INST(o), K[SQ_UA(ins)], &isf);
				if (p) {
					sp[-1] = sq_dup(sq_realval(*p));
					sq_release(vm, o);
					break;
				}
			}
			if (sq_get(vm, o, K[SQ_UA(ins)], &r))
				ERR();
			sp[-1] = r;
			sq_release(vm, o);
			break;
		}
		case OP_GET: {
			sq_value r, o = sp[-2], k = sp[-1];
			if (o.type == SQ_TARRAY && k.type == SQ_TINTEGER && k.u.i >= 0 &&
			    (uint32_t)k.u.i < AS_ARRAY(o)->len) {
				r = sq_dup(sq_realval(AS_ARRAY(o)->items[k.u.i]));
			} else if (sq_get(vm, o, k, &r)) {
				ERR();
			}
			sp -= 2;
			sq_release(vm, k);
			sq_release(vm, o);
			PUSH(r);
			break;
		}
		case OP_SET: {
			sq_value o = sp[-3], k = sp[-2], v = sp[-1];
			if (o.type == SQ_TARRAY && k.type == SQ_TINTEGER && k.u.i >= 0 &&
			    (uint32_t)k.u.i < AS_ARRAY(o)->len) {
				sq_assign(vm, &AS_ARRAY(o)->items[k.u.i], v);
			} else if (sq_set(vm, o, k, v)) {
				ERR();
			}
			sp -= 3;
			sq_release(vm, k);
			sq_release(vm, o);
			PUSH(v);
			break;
		}
		case OP_NEWSLOT: {
			sq_value o = sp[-3], k = sp[-2], v = sp[-1];
			if (sq_newslot(vm, o, k, v))
				ERR();
			if (v.type == SQ_TCLOSURE && o.type == SQ_TCLASS && !AS_CLOSURE(v)->owner) {
				AS_CLOSURE(v)->owner = AS_CLASS(o);
				sq_incref(o);
			}
			sp -= 3;
			sq_release(vm, k);
			sq_release(vm, o);
			PUSH(v);
			break;
		}
		case OP_DELETE: {
			sq_value o = sp[-2], k = sp[-1], old = sq_null();
			if (o.type == SQ_TTABLE) {
				sq_value *p = sq_tab_find(AS_TABLE(o), k);
				if (p)
					old = sq_dup(*p);
			}
			if (sq_delete(vm, o, k)) {
				sq_release(vm, old);
				ERR();
			}
			sp -= 2;
			sq_release(vm, k);
			sq_release(vm, o);
			PUSH(old);
			break;
		}
		case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_MOD: {
			sq_value a = sp[-2], b = sp[-1], r;
			int op = SQ_OP(ins) - OP_ADD;
			if (a.type == SQ_TINTEGER && b.type == SQ_TINTEGER && op < 3) {
				uint32_t x = (uint32_t)a.u.i, y = (uint32_t)b.u.i;
				sp[-2].u.i = (int32_t)(op == 0 ? x + y : op == 1 ? x - y : x * y);
				sp--;
				break;
			}
			if (sq_arith(vm, op, a, b, &r))
				ERR();
			sp -= 2;
			sq_release(vm, a);
			sq_release(vm, b);
			PUSH(r);
			break;
		}
		case OP_ADDI: case OP_SUBI: {
			sq_value a = sp[-1], r;
			int sub = SQ_OP(ins) == OP_SUBI;
			if (a.type == SQ_TINTEGER) {
				sp[-1].u.i = (int32_t)(sub ? (uint32_t)a.u.i - (uint32_t)SQ_A(ins) :
						       (uint32_t)a.u.i + (uint32_t)SQ_A(ins));
				break;
			}
			if (sq_arith(vm, sub, a, sq_int(SQ_A(ins)), &r))
				ERR();
			sp[-1] = r;
			sq_release(vm, a);
			break;
		}
		case OP_UNM: {
			sq_value a = sp[-1], r;
			if (a.type == SQ_TINTEGER) {
				sp[-1].u.i = (int32_t)(0u - (uint32_t)a.u.i);
			} else if (a.type == SQ_TFLOAT) {
				sp[-1].u.f = -a.u.f;
			} else {
				if (unm(vm, a, &r))
					ERR();
				sp[-1] = r;
				sq_release(vm, a);
			}
			break;
		}
		case OP_NOT: {
			sq_value a = sp[-1];
			sp[-1] = sq_bool(!sq_truthy(a));
			sq_release(vm, a);
			break;
		}
		case OP_BNOT:
			if (sp[-1].type != SQ_TINTEGER) {
				sq_throwf(vm, "attempt to perform a bitwise op on a %s", sq_typename(sp[-1]));
				ERR();
			}
			sp[-1].u.i = ~sp[-1].u.i;
			break;
		case OP_BAND: case OP_BOR: case OP_BXOR: case OP_SHL: case OP_SHR: case OP_USHR: {
			sq_value a = sp[-2], b = sp[-1];
			uint32_t x, y, r;
			if (a.type != SQ_TINTEGER || b.type != SQ_TINTEGER) {
				sq_throwf(vm, "bitwise op between '%s' and '%s'", sq_typename(a), sq_typename(b));
				ERR();
			}
			x = (uint32_t)a.u.i;
			y = (uint32_t)b.u.i;
			switch (SQ_OP(ins)) {
			case OP_BAND: r = x & y; break;
			case OP_BOR: r = x | y; break;
			case OP_BXOR: r = x ^ y; break;
			case OP_SHL: r = x << (y & 31); break;
			case OP_SHR: r = (uint32_t)(a.u.i >> (y & 31)); break;
			default: r = x >> (y & 31); break;
			}
			sp[-2].u.i = (int32_t)r;
			sp--;
			break;
		}
		case OP_EQ: case OP_NE: {
			sq_value a = sp[-2], b = sp[-1];
			int r = sq_rawequal(a, b);
			sp -= 2;
			sq_release(vm, a);
			sq_release(vm, b);
			PUSH(sq_bool(SQ_OP(ins) == OP_EQ ? r : !r));
			break;
		}
		case OP_LT: case OP_LE: case OP_GT: case OP_GE: case OP_CMP3: {
			sq_value a = sp[-2], b = sp[-1];
			int c, r;
			if (a.type == SQ_TINTEGER && b.type == SQ_TINTEGER)
				c = a.u.i < b.u.i ? -1 : a.u.i > b.u.i;
			else if (sq_cmp(vm, a, b, &c))
				ERR();
			switch (SQ_OP(ins)) {
			case OP_LT: r = c < 0; break;
			case OP_LE: r = c <= 0; break;
			case OP_GT: r = c > 0; break;
			case OP_GE: r = c >= 0; break;
			default: r = c; break;
			}
			sp -= 2;
			sq_release(vm, a);
			sq_release(vm, b);
			PUSH(SQ_OP(ins) == OP_CMP3 ? sq_int(r) : sq_bool(r));
			break;
		}
		case OP_IN: {
			sq_value k = sp[-2], o = sp[-1], r;
			int rc = sq_get_ex(vm, o, k, &r, 0);
			if (rc < 0)
				ERR();
			sq_release(vm, r);
			sp -= 2;
			sq_release(vm, k);
			sq_release(vm, o);
			PUSH(sq_bool(rc == 0));
			break;
		}
		case OP_INSTANCEOF: {
			sq_value o = sp[-2], c = sp[-1];
			int r;
			if (c.type != SQ_TCLASS) {
				sq_throwf(vm, "cannot apply instanceof between a %s and a %s", sq_typename(o), sq_typename(c));
				ERR();
			}
			r = sq_instanceof(o, c);
			sp -= 2;
			sq_release(vm, o);
			sq_release(vm, c);
			PUSH(sq_bool(r));
			break;
		}
		case OP_TYPEOF: case OP_CLONE: {
			sq_value a = sp[-1], r;
			if ((SQ_OP(ins) == OP_TYPEOF ? sq_typeof(vm, a, &r) : sq_clone(vm, a, &r)))
				ERR();
			sp[-1] = r;
			sq_release(vm, a);
			break;
		}
		case OP_JMP: pc = (uint32_t)((int32_t)pc + SQ_A(ins)); break;
		case OP_JNEQLK: case OP_JNNELK: case OP_JNLTLK: case OP_JNLELK: case OP_JNGTLK: case OP_JNGELK: {
			sq_value a = base[SQ_UA(ins)], b;
			uint32_t cw = code[pc], jw = code[pc + 1];
			int c, r, op = SQ_OP(ins);
			b = (cw & 1) ? K[cw >> 1] : sq_int((int32_t)cw >> 1);
			pc += 2;
			if (a.type == SQ_TINTEGER && b.type == SQ_TINTEGER) {
				c = a.u.i < b.u.i ? -1 : a.u.i > b.u.i;
			} else if (op == OP_JNEQLK || op == OP_JNNELK) {
				c = sq_rawequal(a, b) ? 0 : 1;
			} else if (sq_cmp(vm, a, b, &c)) {
				ERR();
			}
			switch (op) {
			case OP_JNEQLK: r = c == 0; break;
			case OP_JNNELK: r = c != 0; break;
			case OP_JNLTLK: r = c < 0; break;
			case OP_JNLELK: r = c <= 0; break;
			case OP_JNGTLK: r = c > 0; break;
			default: r = c >= 0; break;
			}
			if (!r)
				pc = (uint32_t)((int32_t)pc + SQ_A(jw));
			break;
		}
		case OP_ARITHL: case OP_ARITHLP: {
			sq_value *l = &base[SQ_UA(ins) >> 3], b = sp[-1], r;
			int op = (int)(SQ_UA(ins) & 7);
			if (l->type == SQ_TINTEGER && b.type == SQ_TINTEGER && op < 3) {
				uint32_t x = (uint32_t)l->u.i, y = (uint32_t)b.u.i;
				l->u.i = (int32_t)(op == 0 ? x + y : op == 1 ? x - y : x * y);
				if (SQ_OP(ins) == OP_ARITHL)
					sp[-1] = *l;
				else
					sp--;
				break;
			}
			if (sq_arith(vm, op, *l, b, &r))
				ERR();
			sq_assign(vm, l, r);
			sp--;
			sq_release(vm, b);
			if (SQ_OP(ins) == OP_ARITHL)
				PUSH(r);
			else
				sq_release(vm, r);
			break;
		}
		case OP_JNEQ: case OP_JNNE: {
			sq_value a = sp[-2], b = sp[-1];
			int r = sq_rawequal(a, b);
			sp -= 2;
			sq_release(vm, a);
			sq_release(vm, b);
			if (r != (SQ_OP(ins) == OP_JNEQ))
				pc = (uint32_t)((int32_t)pc + SQ_A(ins));
			break;
		}
		case OP_JNLT: case OP_JNLE: case OP_JNGT: case OP_JNGE: {
			sq_value a = sp[-2], b = sp[-1];
			int c, r;
			if (a.type == SQ_TINTEGER && b.type == SQ_TINTEGER)
				c = a.u.i < b.u.i ? -1 : a.u.i > b.u.i;
			else if (sq_cmp(vm, a, b, &c))
				ERR();
			switch (SQ_OP(ins)) {
			case OP_JNLT: r = c < 0; break;
			case OP_JNLE: r = c <= 0; break;
			case OP_JNGT: r = c > 0; break;
			default: r = c >= 0; break;
			}
			sp -= 2;
			sq_release(vm, a);
			sq_release(vm, b);
			if (!r)
				pc = (uint32_t)((int32_t)pc + SQ_A(ins));
			break;
		}
		case OP_JZ: case OP_JNZ: {
			sq_value a = *--sp;
			int t = sq_truthy(a);
			sq_release(vm, a);
			if (t == (SQ_OP(ins) == OP_JNZ))
				pc = (uint32_t)((int32_t)pc + SQ_A(ins));
			break;
		}
		case OP_JZK: case OP_JNZK:
			if (sq_truthy(sp[-1]) == (SQ_OP(ins) == OP_JNZK)) {
				pc = (uint32_t)((int32_t)pc + SQ_A(ins));
			} else {
				sq_value a = *--sp;
				sq_release(vm, a);
			}
			break;
		case OP_POP: {
			sq_value a = *--sp;
			sq_release(vm, a);
			break;
		}
		case OP_POPN: {
			uint32_t n = SQ_UA(ins);
			while (n--) {
				sq_value a = *--sp;
				sq_release(vm, a);
			}
			break;
		}
		case OP_DUP: sp[0] = sq_dup(sp[-1]); sp++; break;
		case OP_ROT3: {
			sq_value a = sp[-3];
			sp[-3] = sp[-2];
			sp[-2] = sp[-1];
			sp[-1] = a;
			break;
		}
		case OP_DUP2: sp[0] = sq_dup(sp[-2]); sp[1] = sq_dup(sp[-1]); sp += 2; break;
		case OP_INCLX: {
			sq_value *l = &base[SQ_UA(ins) >> 2];
			if (l->type == SQ_TINTEGER) {
				l->u.i = (int32_t)((uint32_t)l->u.i + ((SQ_UA(ins) & 1) ? 0xffffffffu : 1u));
			} else {
				sq_value r;
				if (incdec(vm, SQ_INS(OP_INCL, SQ_UA(ins)), base, f->cl, K, sp, &r))
					ERR();
				sq_release(vm, r);
			}
			break;
		}
		case OP_INCL: case OP_INCU: case OP_INCV: case OP_INCF: {
			sq_value r;
			if (incdec(vm, ins, base, f->cl, K, sp, &r))
				ERR();
			if (SQ_OP(ins) == OP_INCF) {
				sq_value o = sp[-2], k = sp[-1];
				sp -= 2;
				sq_release(vm, k);
				sq_release(vm, o);
			}
			PUSH(r);
			break;
		}
		case OP_CALL: {
			uint32_t nargs = SQ_UA(ins);
			uint32_t fnslot = (uint32_t)(sp - stack) - nargs - 2;
			sq_value fn = stack[fnslot];
			if (fn.type == SQ_TCLOSURE) {
				/* fast path: exact arguments, plain function */
				sq_closure *cl = AS_CLOSURE(fn);
				sq_proto *p = cl->p;
				if (p->nparams == nargs + 1 && !p->varargs && !p->generator && !cl->hasenv &&
				    vm->nframes < SQ_MAX_CALLS && !NO_STACK_ROOM(vm, p->maxslots)) {
					sq_frame *nf = &vm->frames[vm->nframes++];
					nf->cl = cl;
					nf->nc = NULL;
					nf->pc = 0;
					nf->base = fnslot + 1;
					nf->gen = NULL;
					nf->boundary = 0;
					nf->is_ctor = 0;
					f = nf;
					code = p->code;
					K = p->consts;
					base = stack + nf->base;
					pc = 0;
					break;
				}
			}
			if (sq_precall(vm, fnslot, (int)nargs, &pushed))
				ERR();
			if (pushed) {
				LOAD_FRAME();
			} else {
				sp = stack + vm->sp;
			}
			break;
		}
		case OP_PREPCALLK: case OP_PREPCALL: {
			sq_value o, k, m;
			int ok = 0;
			if (SQ_OP(ins) == OP_PREPCALLK) {
				o = sp[-1];
				k = K[SQ_UA(ins)];
			} else {
				o = sp[-2];
				k = sp[-1];
			}
			if (o.type == SQ_TINSTANCE) {
				int isf;
				sq_value *p = sq_inst_lookup(AS_INST(o), k, &isf);
				if (p) {
					m = sq_dup(*p);
					ok = 1;
				}
			} else if (o.type == SQ_TTABLE) {
				sq_value *p = k.type == SQ_TSTRING ? sq_tab_findstr(AS_TABLE(o), AS_STR(k)) : NULL;
				if (p) {
					m = sq_dup(*p);
					ok = 1;
				}
			}
			if (!ok && sq_get(vm, o, k, &m))
				ERR();
			if (SQ_OP(ins) == OP_PREPCALLK) {
				sp[-1] = m;
				*sp++ = o;
			} else {
				sp[-2] = m;
				sp[-1] = o;
				sq_release(vm, k);
			}
			break;
		}
		case OP_RETURN: case OP_RETURNNULL: {
			sq_value r = SQ_OP(ins) == OP_RETURN ? *--sp : sq_null();
			uint32_t fnslot = f->base - 1;
			int boundary = f->boundary;
			if (f->is_ctor) {
				sq_release(vm, r);
				r = sq_dup(base[0]);
			}
			if (f->gen) {
				f->gen->state = SQ_GEN_DEAD;
				f->gen = NULL;
			}
			SYNC();
			sq_close_upvals(vm, f->base);
			while (vm->nhandlers && vm->handlers[vm->nhandlers - 1].frame >= vm->nframes - 1)
				vm->nhandlers--;
			sq_release_range(vm, fnslot, vm->sp);
			stack[fnslot] = r;
			vm->sp = fnslot + 1;
			vm->nframes--;
			if (boundary)
				return 0;
			LOAD_FRAME();
			pc++;	/* past the CALL */
			break;
		}
		case OP_CLOSURE: {
			sq_proto *p = f->cl->p->protos[SQ_UA(ins)];
			sq_value c = sq_mkclosure(vm, p, f->cl, f->base);
			uint32_t i, n = p->ndefaults;
			for (i = 0; i < n; i++)
				AS_CLOSURE(c)->defaults[i] = sp[-(int)n + (int)i];
			sp -= n;
			PUSH(c);
			break;
		}
		case OP_NEWTABLE: PUSH(sq_table_new(vm)); break;
		case OP_NEWARRAY: PUSH(sq_array_new(vm, 0)); break;
		case OP_TSLOT: {
			sq_value t = sp[-3], k = sp[-2], v = sp[-1];
			if (k.type == SQ_TNULL) {
				sq_throwf(vm, "null cannot be used as index");
				ERR();
			}
			sq_tab_set(vm, AS_TABLE(t), k, v);
			sp -= 2;
			sq_release(vm, k);
			sq_release(vm, v);
			break;
		}
		case OP_APUSH: {
			sq_value a = sp[-2], v = sp[-1];
			sq_arr_push(vm, AS_ARRAY(a), v);
			sp--;
			sq_release(vm, v);
			break;
		}
		case OP_NEWCLASS:
			if (sq_op_newclass(vm, SQ_UA(ins), &sp))
				ERR();
			break;
		case OP_CMEMBER:
			if (sq_op_cmember(vm, SQ_UA(ins), &sp))
				ERR();
			break;
		case OP_FOREACH: {
			int r = foreach_next(vm, base + SQ_UA(ins));
			if (r < 0)
				ERR();
			if (r == 0)
				pc = (uint32_t)((int32_t)pc + 1 + (int32_t)code[pc]);
			else
				pc++;
			break;
		}
		case OP_TRY: {
			sq_handler *h;
			if (vm->nhandlers >= vm->caphandlers) {
				uint32_t nc = vm->caphandlers ? vm->caphandlers * 2 : 16;
				vm->handlers = sq_realloc(vm, vm->handlers, nc * sizeof *vm->handlers);
				vm->caphandlers = nc;
			}
			h = &vm->handlers[vm->nhandlers++];
			h->frame = vm->nframes - 1;
			h->pc = (uint32_t)((int32_t)pc + SQ_A(ins));
			h->sp = (uint32_t)(sp - stack);
			break;
		}
		case OP_POPTRY: vm->nhandlers--; break;
		case OP_THROW: {
			sq_value e = sp[-1];
			sq_throw(vm, e);
			ERR();
		}
		case OP_YIELD: {
			sq_generator *g = f->gen;
			sq_value r;
			uint32_t n, fnslot = f->base - 1, nh = 0, i;
			if (!g) {
				sq_throwf(vm, "cannot yield outside a generator");
				ERR();
			}
			/* allocate first: nothing is moved until nothing can fail */
			n = (uint32_t)(sp - base) - 1;
			while (nh < vm->nhandlers && vm->handlers[vm->nhandlers - 1 - nh].frame >= vm->nframes - 1)
				nh++;
			g->slots = sq_realloc(vm, g->slots, sizeof(sq_value) * (n + 1));
			g->handlers = sq_realloc(vm, g->handlers, sizeof(uint32_t) * 2 * (nh + 1));
			r = *--sp;
			SYNC();
			memcpy(g->slots, base, sizeof(sq_value) * n);
			{
				/* captured locals stay shared: their upvalues follow the
				 * values into the generator until it resumes */
				sq_upval **tail = &g->openups;
				while (vm->openupvals && vm->openupvals->v >= base) {
					sq_upval *u = vm->openupvals;
					vm->openupvals = u->next;
					u->v = g->slots + (u->v - base);
					u->next = NULL;
					*tail = u;
					tail = &u->next;
				}
			}
			g->nslots = n;
			g->pc = pc;
			g->state = SQ_GEN_SUSPENDED;
			/* try blocks open at the yield travel with the generator */
			for (i = 0; i < nh; i++) {
				sq_handler *h = &vm->handlers[vm->nhandlers - nh + i];
				g->handlers[2 * i] = h->pc;
				g->handlers[2 * i + 1] = h->sp - f->base;
			}
			g->nhandlers = nh;
			vm->nhandlers -= nh;
			vm->sp = f->base;
			sq_release_range(vm, fnslot, f->base);
			stack[fnslot] = r;
			vm->sp = fnslot + 1;
			vm->nframes--;
			return 0;
		}
		case OP_RESUME: {
			sq_value g = sp[-1], r;
			if (g.type != SQ_TGENERATOR) {
				sq_throwf(vm, "cannot resume a %s", sq_typename(g));
				ERR();
			}
			if (sq_generator_resume(vm, AS_GEN(g), &r))
				ERR();
			sp[-1] = r;
			sq_release(vm, g);
			break;
		}
		case OP_CLOSEUP:
			sq_close_upvals(vm, f->base + SQ_UA(ins));
			break;
		default:
			sq_throwf(vm, "bad opcode %d", SQ_OP(ins));
			ERR();
		}
		continue;
on_error:
		if (!vm->traced)
			sq_record_trace(vm);
		if (vm->nhandlers && vm->handlers[vm->nhandlers - 1].frame >= entry) {
			sq_handler h = vm->handlers[--vm->nhandlers];
			while (vm->nframes - 1 > h.frame) {
				sq_frame *fr = &vm->frames[vm->nframes - 1];
				if (fr->gen)
					fr->gen->state = SQ_GEN_DEAD;
				vm->nframes--;
			}
			sq_close_upvals(vm, h.sp);
			sq_release_range(vm, h.sp, vm->sp);
			vm->sp = h.sp;
			stack[vm->sp++] = vm->err;
			vm->err = sq_null();
			vm->has_err = 0;
			vm->traced = 0;
			LOAD_FRAME();
			pc = h.pc;
			continue;
		}
		{
			uint32_t fnslot = vm->frames[entry].base - 1, i;
			for (i = entry; i < vm->nframes; i++)
				if (vm->frames[i].gen)
					vm->frames[i].gen->state = SQ_GEN_DEAD;
			sq_close_upvals(vm, fnslot);
			sq_release_range(vm, fnslot, vm->sp);
			vm->sp = fnslot;
			vm->nframes = entry;
			return SQ_ERROR;
		}
	}
}

