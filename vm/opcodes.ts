/**
 * The instruction set: the one definition that the compiler, the interpreter and `dis` read.
 *
 * An instruction is one 32-bit word in the heap: `opcode | (arg << 8)` — an 8-bit opcode and a
 * 24-bit argument, so no EXTENDED_ARG is ever needed. `dis` shows byte offsets as CPython's
 * 2-byte wordcode would (instruction index × 2), so listings read like CPython's.
 * Jump arguments are absolute instruction indexes (CPython 3.11 uses relative ones; absolute
 * targets keep the compiler's back-patching and the loop's dispatch simpler).
 *
 * Names and stack effects follow CPython 3.11 where an opcode of that name exists. Notation:
 * `[a, b] → [c]` means the top of the stack was b (above a) and is replaced by c. NULL is the
 * word 0. Every value on the stack is an owned (counted) reference, as in CPython.
 *
 * Exception handling uses a per-frame block stack (CPython ≤ 3.10 style, in the frame in the
 * heap): SETUP_FINALLY pushes (handler, stack depth); when an exception is raised while blocks
 * are active, the innermost block is popped, the value stack is unwound to its depth (each
 * popped value decref'd), the exception object is pushed, and execution jumps to the handler.
 * The "currently handled exception" (what a bare `raise` re-raises and what becomes
 * `__context__`) is a per-thread slot; PUSH_EXC_INFO/POP_EXCEPT save and restore it.
 */

export const enum Op {
  NOP = 0,
  POP_TOP, //           [a] → []
  PUSH_NULL, //         [] → [NULL]
  COPY, //     n        [.., x (n-th from top), ..] → [.., x, .., x]   (COPY 1 duplicates TOS)
  SWAP, //     n        swaps TOS with the n-th item from the top (SWAP 2 swaps the top two)

  LOAD_CONST, //  consti         [] → [consts[i]]
  LOAD_FAST, //   local          [] → [local]; UnboundLocalError if unbound
  STORE_FAST, //  local          [v] → []
  DELETE_FAST, // local          UnboundLocalError if unbound
  LOAD_NAME, //   namei          locals dict, then globals, then builtins (module/class bodies)
  STORE_NAME, //  namei          [v] → []   into the frame's locals dict
  DELETE_NAME, // namei
  LOAD_GLOBAL, // namei          globals, then builtins; NameError if missing
  STORE_GLOBAL, // namei
  DELETE_GLOBAL, // namei
  LOAD_DEREF, //  localsplus i   [] → [cell contents]; NameError/UnboundLocalError if empty
  STORE_DEREF, // localsplus i   [v] → []   into the cell
  DELETE_DEREF, // localsplus i
  LOAD_CLOSURE, // localsplus i  [] → [the cell object itself]   (to build a closure tuple)
  LOAD_CLASSDEREF, // localsplus i  class body: the locals dict first, then the cell

  LOAD_ATTR, //   namei          [obj] → [obj.name]
  STORE_ATTR, //  namei          [v, obj] → []   obj.name = v
  DELETE_ATTR, // namei          [obj] → []
  LOAD_METHOD, // namei          [obj] → [func, obj] when name is a plain function found on the
  //                             type (an unbound method), else [attr, NULL]
  BINARY_SUBSCR, //              [container, key] → [container[key]]
  STORE_SUBSCR, //               [v, container, key] → []
  DELETE_SUBSCR, //              [container, key] → []
  BUILD_SLICE, // n (2 or 3)     [start, stop(, step)] → [slice]

  BINARY_OP, //   nb             [a, b] → [a op b]; nb is NbOp (in-place forms try __iXXX__ first)
  UNARY_POSITIVE, //             [a] → [+a]
  UNARY_NEGATIVE, //             [a] → [-a]
  UNARY_NOT, //                  [a] → [not a]
  UNARY_INVERT, //               [a] → [~a]
  COMPARE_OP, //  cmp            [a, b] → [a cmp b]; cmp is CmpOp
  IS_OP, //       invert         [a, b] → [a is b] (or `is not` when arg is 1)
  CONTAINS_OP, // invert         [item, container] → [item in container] (or `not in`)

  JUMP_FORWARD, //  target       unconditional jump forward
  JUMP_BACKWARD, // target       unconditional jump backward; checks the eval breaker
  POP_JUMP_IF_FALSE, // target   [v] → []; jump if not truthy
  POP_JUMP_IF_TRUE, //  target   [v] → []; jump if truthy
  JUMP_IF_FALSE_OR_POP, // target  if TOS is falsy jump and keep it, else pop it
  JUMP_IF_TRUE_OR_POP, //  target  if TOS is truthy jump and keep it, else pop it

  GET_ITER, //                   [obj] → [iter(obj)]
  FOR_ITER, //    target         [it] → [it, next(it)]; when exhausted: [it] → [] and jump

  BUILD_TUPLE, // n              [a1..an] → [tuple]
  BUILD_LIST, //  n              [a1..an] → [list]
  BUILD_SET, //   n              [a1..an] → [set]
  BUILD_MAP, //   n              [k1, v1, .., kn, vn] → [dict]
  BUILD_STRING, // n             [s1..sn] → [s1 + .. + sn]   (f-string pieces, all str)
  LIST_APPEND, // i              [.., list (i-th from top, after popping v), .., v] → list.append(v)
  SET_ADD, //     i              same shape as LIST_APPEND
  MAP_ADD, //     i              [.., dict, .., k, v] → dict[k] = v   (dict is i-th from top after popping k, v)
  LIST_EXTEND, // i              [.., list, .., iterable] → list.extend(iterable)
  SET_UPDATE, //  i              [.., set, .., iterable] → set.update(iterable)
  DICT_UPDATE, // i              [.., dict, .., mapping] → dict.update(mapping)   ({**a} displays)
  DICT_MERGE, //  i              as DICT_UPDATE but a repeated key is a TypeError (f(**a, **b))
  LIST_TO_TUPLE, //              [list] → [tuple]
  UNPACK_SEQUENCE, // n          [seq] → [xn, .., x1] (x1 on top), ValueError on a length mismatch
  UNPACK_EX, //   before | after << 8   starred unpacking: [seq] → [after items.., list, before items..]
  FORMAT_VALUE, // flags         flags & 3: 0 none, 1 str, 2 repr, 3 ascii; flags & 4: a format
  //                             spec is on the stack: [v(, spec)] → [formatted str]

  CALL, //        argc           [callable, self_or_NULL, a1..an] → [result]; when self is not
  //                             NULL it is passed as the first argument. The last len(kwnames)
  //                             arguments are keyword arguments if KW_NAMES preceded the CALL.
  KW_NAMES, //    consti         sets the keyword names (a tuple constant) of the next CALL
  CALL_FUNCTION_EX, // flags     [callable, args_tuple(, kwargs_dict if flags & 1)] → [result]
  MAKE_FUNCTION, // flags        [(defaults tuple if & 0x01), (kwdefaults dict if & 0x02),
  //                             (closure tuple of cells if & 0x08), code] → [function]
  RETURN_VALUE, //               [v] → return v to the caller (the rest of the stack is dropped)
  YIELD_VALUE, //                [v] → suspend the generator, yielding v; on resume push the sent value
  LOAD_BUILD_CLASS, //           [] → [__build_class__]   called as __build_class__(body_func, name, *bases)
  LOAD_ASSERTION_ERROR, //       [] → [AssertionError]

  SETUP_FINALLY, // target       push a block (handler = target, depth = current stack depth)
  POP_BLOCK, //                  pop the innermost block (the protected region ended normally)
  SETUP_WITH, //  target         [mgr] → [bound __exit__, mgr.__enter__()] and push a block whose
  //                             depth includes __exit__ (handler = target)
  WITH_EXIT, //                  [exit] → []: calls exit(None, None, None) (normal end of a with)
  WITH_EXCEPT_START, //          [exit, prev, exc] → [exit, prev, exc, exit(type(exc), exc, tb)]
  PUSH_EXC_INFO, //              [exc] → [prev_handled, exc]; the handled exception becomes exc
  POP_EXCEPT, //                 [prev] → []; the handled exception becomes prev again
  CHECK_EXC_MATCH, //            [exc, type] → [exc, isinstance(exc, type)] (type may be a tuple)
  RAISE_VARARGS, // n            0: re-raise the handled exception; 1: [exc] raise exc;
  //                             2: [exc, cause] raise exc from cause
  RERAISE, //                    [exc] → raise exc again, adding no traceback entry for this line
  EXC_CLEANUP, // n              [prev, x1..xn, exc] → re-raise exc after dropping x1..xn and
  //                             restoring prev as the handled exception (a handler's own handler)

  IMPORT_NAME, // namei          [fromlist (tuple const or None)] → [module]; `import a.b` with no
  //                             fromlist pushes the top-level module `a`
  IMPORT_FROM, // namei          [module] → [module, module.name]  (ImportError if missing)
}

/** Number of opcodes (the table below has one entry per opcode). */
export const OP_COUNT = Op.IMPORT_FROM + 1;

/** BINARY_OP arguments, numbered as CPython 3.11's NB_* constants so `dis` shows the same. */
export const enum NbOp {
  ADD = 0, AND = 1, FLOOR_DIVIDE = 2, LSHIFT = 3, MATRIX_MULTIPLY = 4, MULTIPLY = 5,
  REMAINDER = 6, OR = 7, POWER = 8, RSHIFT = 9, SUBTRACT = 10, TRUE_DIVIDE = 11, XOR = 12,
  /** In-place forms are the plain form + INPLACE (NB_INPLACE_ADD = 13, …). */
  INPLACE = 13,
}

/** The symbols `dis` prints for BINARY_OP, indexed by NbOp. */
export const NB_SYMBOLS = [
  "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^",
  "+=", "&=", "//=", "<<=", "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=",
];

/** Python dunder names for each NbOp (plain form), and their reflected forms. */
export const NB_DUNDERS = [
  "__add__", "__and__", "__floordiv__", "__lshift__", "__matmul__", "__mul__",
  "__mod__", "__or__", "__pow__", "__rshift__", "__sub__", "__truediv__", "__xor__",
];
export const NB_RDUNDERS = NB_DUNDERS.map((n) => "__r" + n.slice(2));
export const NB_IDUNDERS = NB_DUNDERS.map((n) => "__i" + n.slice(2));

/** COMPARE_OP arguments, in CPython's order. */
export const enum CmpOp { LT = 0, LE = 1, EQ = 2, NE = 3, GT = 4, GE = 5 }
export const CMP_SYMBOLS = ["<", "<=", "==", "!=", ">", ">="];
export const CMP_DUNDERS = ["__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"];
/** The reflected comparison CPython tries on the right operand (a < b → b > a). */
export const CMP_REFLECTED = [CmpOp.GT, CmpOp.GE, CmpOp.EQ, CmpOp.NE, CmpOp.LT, CmpOp.LE];

/** MAKE_FUNCTION flag bits. */
export const MF_DEFAULTS = 0x01;
export const MF_KWDEFAULTS = 0x02;
export const MF_CLOSURE = 0x08;

/** How `dis` explains an instruction's argument. */
export type ArgKind =
  | "none" // no argument
  | "count" // a plain number (counts, flags)
  | "const" // index into co_consts
  | "name" // index into co_names
  | "local" // index into co_varnames
  | "deref" // index into localsplus (varnames + cellvars + freevars)
  | "jump" // absolute instruction index
  | "binop" // NbOp
  | "compare" // CmpOp
  | "is" // 0: is, 1: is not
  | "contains" // 0: in, 1: not in
  | "format"; // FORMAT_VALUE flags

export interface OpInfo {
  readonly name: string;
  readonly arg: ArgKind;
}

function info(name: string, arg: ArgKind = "none"): OpInfo {
  return { name, arg };
}

/** One entry per opcode, indexed by Op. */
export const OPS: readonly OpInfo[] = [
  info("NOP"), info("POP_TOP"), info("PUSH_NULL"), info("COPY", "count"), info("SWAP", "count"),
  info("LOAD_CONST", "const"), info("LOAD_FAST", "local"), info("STORE_FAST", "local"),
  info("DELETE_FAST", "local"), info("LOAD_NAME", "name"), info("STORE_NAME", "name"),
  info("DELETE_NAME", "name"), info("LOAD_GLOBAL", "name"), info("STORE_GLOBAL", "name"),
  info("DELETE_GLOBAL", "name"), info("LOAD_DEREF", "deref"), info("STORE_DEREF", "deref"),
  info("DELETE_DEREF", "deref"), info("LOAD_CLOSURE", "deref"), info("LOAD_CLASSDEREF", "deref"),
  info("LOAD_ATTR", "name"), info("STORE_ATTR", "name"), info("DELETE_ATTR", "name"),
  info("LOAD_METHOD", "name"), info("BINARY_SUBSCR"), info("STORE_SUBSCR"), info("DELETE_SUBSCR"),
  info("BUILD_SLICE", "count"),
  info("BINARY_OP", "binop"), info("UNARY_POSITIVE"), info("UNARY_NEGATIVE"), info("UNARY_NOT"),
  info("UNARY_INVERT"), info("COMPARE_OP", "compare"), info("IS_OP", "is"),
  info("CONTAINS_OP", "contains"),
  info("JUMP_FORWARD", "jump"), info("JUMP_BACKWARD", "jump"), info("POP_JUMP_IF_FALSE", "jump"),
  info("POP_JUMP_IF_TRUE", "jump"), info("JUMP_IF_FALSE_OR_POP", "jump"),
  info("JUMP_IF_TRUE_OR_POP", "jump"),
  info("GET_ITER"), info("FOR_ITER", "jump"),
  info("BUILD_TUPLE", "count"), info("BUILD_LIST", "count"), info("BUILD_SET", "count"),
  info("BUILD_MAP", "count"), info("BUILD_STRING", "count"), info("LIST_APPEND", "count"),
  info("SET_ADD", "count"), info("MAP_ADD", "count"), info("LIST_EXTEND", "count"),
  info("SET_UPDATE", "count"), info("DICT_UPDATE", "count"), info("DICT_MERGE", "count"),
  info("LIST_TO_TUPLE"), info("UNPACK_SEQUENCE", "count"), info("UNPACK_EX", "count"),
  info("FORMAT_VALUE", "format"),
  info("CALL", "count"), info("KW_NAMES", "const"), info("CALL_FUNCTION_EX", "count"),
  info("MAKE_FUNCTION", "count"), info("RETURN_VALUE"), info("YIELD_VALUE"),
  info("LOAD_BUILD_CLASS"), info("LOAD_ASSERTION_ERROR"),
  info("SETUP_FINALLY", "jump"), info("POP_BLOCK"), info("SETUP_WITH", "jump"), info("WITH_EXIT"),
  info("WITH_EXCEPT_START"), info("PUSH_EXC_INFO"), info("POP_EXCEPT"), info("CHECK_EXC_MATCH"),
  info("RAISE_VARARGS", "count"), info("RERAISE"), info("EXC_CLEANUP", "count"),
  info("IMPORT_NAME", "name"), info("IMPORT_FROM", "name"),
];

/** Encodes one instruction word. */
export function encode(op: Op, arg = 0): number {
  return op | (arg << 8);
}

/** The blocks SETUP_FINALLY / SETUP_WITH may push in one frame is bounded by `maxblocks`. */
export const JUMP_OPS: ReadonlySet<Op> = new Set(
  OPS.map((o, i) => (o.arg === "jump" ? (i as Op) : -1)).filter((i) => i >= 0) as Op[],
);
