/**
 * CodeSpec: what the compiler produces for one code object, before it is materialised in the
 * shared heap (runtime/code.ts copies it there, so every thread can run it). `dis` prints it.
 *
 * The local-variable space ("localsplus", as in CPython 3.11) is
 *   varnames (arguments first, in order: positional, keyword-only, *args, **kwargs; then other
 *   locals) ++ cellvars ++ freevars.
 * LOAD_FAST/STORE_FAST index varnames; LOAD_DEREF & co. index localsplus, so a cell variable i
 * is at varnames.length + i and a free variable j at varnames.length + cellvars.length + j.
 * An argument that is also a cell variable keeps its varnames slot (where the caller's value
 * lands) and `cell2arg[i]` names that slot: the frame set-up moves the value into a new cell.
 */

/** A constant as the compiler folds it. Code constants are nested functions' bodies. */
export type ConstValue =
  | { type: "int"; value: bigint }
  | { type: "float"; value: number }
  | { type: "str"; value: string }
  | { type: "bool"; value: boolean }
  | { type: "None" }
  | { type: "Ellipsis" }
  | { type: "tuple"; value: ConstValue[] }
  | { type: "code"; value: CodeSpec };

/** co_flags bits, as CPython numbers them (plus one of gilvm's own). */
export const CO_OPTIMIZED = 0x0001;
export const CO_NEWLOCALS = 0x0002;
export const CO_VARARGS = 0x0004;
export const CO_VARKEYWORDS = 0x0008;
export const CO_NESTED = 0x0010;
export const CO_GENERATOR = 0x0020;
/** gilvm: a class body (runs with a fresh locals dict, LOAD_NAME/STORE_NAME). */
export const CO_CLASS_BODY = 0x10000;
/** gilvm: a module body (locals dict is the globals dict). */
export const CO_MODULE = 0x20000;

export interface CodeSpec {
  name: string; // "<module>", "f", "<lambda>", "<listcomp>", "<genexpr>", class name
  qualname: string; // "C.method", "f.<locals>.g"
  filename: string;
  firstlineno: number;
  argcount: number; // positional parameters, positional-only included
  posonlyargcount: number;
  kwonlyargcount: number;
  flags: number;
  varnames: string[];
  cellvars: string[];
  freevars: string[];
  /** For each cellvar, the varnames index of the argument it starts from, or -1. */
  cell2arg: number[];
  names: string[]; // co_names: globals, attributes, imported names
  consts: ConstValue[];
  /** Instructions: opcode | arg << 8 (see opcodes.ts). */
  code: number[];
  /** Source line of each instruction (same length as code). */
  lines: number[];
  /** Upper bound of the value stack's depth, as the compiler computes it. */
  stacksize: number;
  /** Upper bound of the blocks (SETUP_FINALLY/SETUP_WITH) active at once. */
  maxblocks: number;
}
