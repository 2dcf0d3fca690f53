/* opcodes.h - the instruction set of the Squirrel VM, as one X-macro table so
 * the compiler's names, the disassembler and vm.c's dispatch stay in one place.
 *
 * The VM is stack based: a frame's slots are `this`, the parameters, the locals
 * and then temporaries. An instruction is one 32-bit word: the opcode in the
 * low 8 bits and a 24-bit operand A (signed for jumps and immediates).
 * X(name, operand kind, description)
 */
#ifndef SQ_OPCODES_H
#define SQ_OPCODES_H

#define SQ_OPCODES(X) \
	X(NOP, none, "do nothing") \
	X(LOADNULL, none, "push null") \
	X(LOADTRUE, none, "push true") \
	X(LOADFALSE, none, "push false") \
	X(LOADINT, imm, "push the integer A") \
	X(LOADK, k, "push constant A") \
	X(LOADROOT, none, "push the root table") \
	X(LOADBASE, none, "push the base class of the function's class") \
	X(GETLOCAL, slot, "push local A") \
	X(SETLOCAL, slot, "local A = top (kept)") \
	X(SETLOCALP, slot, "local A = pop") \
	X(GETUP, up, "push upvalue A") \
	X(SETUP, up, "upvalue A = top (kept)") \
	X(GETVAR, k, "push this[K[A]], else root[K[A]]") \
	X(SETVAR, k, "this[K[A]] (or root's) = top (kept)") \
	X(GETK, k, "obj -> obj[K[A]]") \
	X(GET, none, "obj key -> obj[key]") \
	X(SET, none, "obj key val -> val; obj[key] = val") \
	X(NEWSLOT, none, "obj key val -> val; obj[key] <- val") \
	X(DELETE, none, "obj key -> deleted value") \
	X(ADD, none, "a b -> a+b") \
	X(SUB, none, "a b -> a-b") \
	X(MUL, none, "a b -> a*b") \
	X(DIV, none, "a b -> a/b") \
	X(MOD, none, "a b -> a%b") \
	X(UNM, none, "a -> -a") \
	X(NOT, none, "a -> !a") \
	X(BNOT, none, "a -> ~a") \
	X(BAND, none, "a b -> a&b") \
	X(BOR, none, "a b -> a|b") \
	X(BXOR, none, "a b -> a^b") \
	X(SHL, none, "a b -> a<<b") \
	X(SHR, none, "a b -> a>>b") \
	X(USHR, none, "a b -> a>>>b") \
	X(EQ, none, "a b -> a==b") \
	X(NE, none, "a b -> a!=b") \
	X(LT, none, "a b -> a<b") \
	X(LE, none, "a b -> a<=b") \
	X(GT, none, "a b -> a>b") \
	X(GE, none, "a b -> a>=b") \
	X(CMP3, none, "a b -> a<=>b") \
	X(IN, none, "key obj -> key in obj") \
	X(INSTANCEOF, none, "obj cls -> obj instanceof cls") \
	X(TYPEOF, none, "a -> typeof a") \
	X(CLONE, none, "a -> clone a") \
	X(ADDI, imm, "a -> a+A (integer fast path)") \
	X(SUBI, imm, "a -> a-A (integer fast path)") \
	X(JMP, jump, "pc += A") \
	X(JNEQ, jump, "a b -> ; jump unless a==b") \
	X(JNNE, jump, "a b -> ; jump unless a!=b") \
	X(JNLT, jump, "a b -> ; jump unless a<b") \
	X(JNLE, jump, "a b -> ; jump unless a<=b") \
	X(JNGT, jump, "a b -> ; jump unless a>b") \
	X(JNGE, jump, "a b -> ; jump unless a>=b") \
	X(JNEQLK, slot, "jump unless local A == const (next words: const, JARG)") \
	X(JNNELK, slot, "jump unless local A != const") \
	X(JNLTLK, slot, "jump unless local A < const") \
	X(JNLELK, slot, "jump unless local A <= const") \
	X(JNGTLK, slot, "jump unless local A > const") \
	X(JNGELK, slot, "jump unless local A >= const") \
	X(JARG, jump, "operand word: the jump offset of the instruction before") \
	X(ARITHL, slot, "v -> r; local A>>3 = local op(A&7) v, r its new value") \
	X(ARITHLP, slot, "v -> ; local A>>3 = local op(A&7) v") \
	X(JZ, jump, "pop; jump if false") \
	X(JNZ, jump, "pop; jump if true") \
	X(JZK, jump, "jump if top false (kept), else pop") \
	X(JNZK, jump, "jump if top true (kept), else pop") \
	X(POP, none, "drop top") \
	X(POPN, count, "drop A values") \
	X(DUP, none, "a -> a a") \
	X(DUP2, none, "a b -> a b a b") \
	X(ROT3, none, "a b c -> b c a") \
	X(INCL, inc, "++/-- on local (A = slot<<2 | post<<1 | dec)") \
	X(INCLX, inc, "++/-- on local, no result (A = slot<<2 | dec)") \
	X(INCU, inc, "++/-- on upvalue") \
	X(INCV, inc, "++/-- on a this/root variable named K") \
	X(INCF, inc, "obj key -> result; ++/-- on a field") \
	X(CALL, count, "fn this args(A) -> result") \
	X(PREPCALLK, k, "obj -> method obj (method K[A])") \
	X(PREPCALL, none, "obj key -> method obj") \
	X(RETURN, none, "return top") \
	X(RETURNNULL, none, "return null") \
	X(CLOSURE, proto, "push closure of proto A (pops its default values)") \
	X(NEWTABLE, none, "push {}") \
	X(NEWARRAY, count, "push [] with room for A") \
	X(TSLOT, none, "t k v -> t; t[k] <- v (literal)") \
	X(APUSH, none, "a v -> a; a.push(v) (literal)") \
	X(NEWCLASS, count, "[base] -> class (A = has base)") \
	X(CMEMBER, count, "cls k v -> cls; A = static") \
	X(FOREACH, slot, "advance iterator in slots A.. (next word: exit jump)") \
	X(TRY, jump, "push handler catching at pc+A") \
	X(POPTRY, none, "drop the innermost handler") \
	X(THROW, none, "throw pop") \
	X(YIELD, none, "suspend the generator with pop") \
	X(RESUME, none, "gen -> value it yields") \
	X(CLOSEUP, slot, "close upvalues of slots >= A") \
	X(LINE, none, "unused")

enum sq_opcode {
#define SQ_OP_ENUM(name, kind, desc) OP_##name,
	SQ_OPCODES(SQ_OP_ENUM)
#undef SQ_OP_ENUM
	OP__COUNT
};

#define SQ_OP(w) ((int)((w) & 0xff))
#define SQ_A(w) ((int32_t)(w) >> 8)		/* signed operand */
#define SQ_UA(w) ((uint32_t)(w) >> 8)		/* unsigned operand */
#define SQ_INS(op, a) ((uint32_t)(op) | ((uint32_t)(a) << 8))

#endif
