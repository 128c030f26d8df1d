/**
 * Frames live in the heap — in the thread's frame region (a stack of frames), or, for a
 * generator, in a block of its own that outlives the call — so a checker can find every root:
 * walk TS_FRAME → F_BACK and read each frame's locals and value stack up to F_SP.
 *
 *   word 0  F_CODE     code object (immortal)
 *   word 1  F_GLOBALS  globals dict (borrowed from the function or module)
 *   word 2  F_LOCALS   locals dict of a module or class body (owned), else NULL
 *   word 3  F_BACK     the calling frame (word index) or 0
 *   word 4  F_IP       next instruction (saved on calls, yields, exceptions)
 *   word 5  F_SP       stack top as an absolute word index (saved likewise)
 *   word 6  F_FUNC     the function being run (owned) or NULL
 *   word 7  F_NBLOCKS  active blocks
 *   word 8… blocks (2 words each: handler instruction, stack depth as a word index),
 *           then localsplus (varnames, cellvars, freevars), then the value stack.
 *
 * CodeInfo is a thread's decoded view of a code object: plain JS caching what is in the heap
 * (code objects are immortal and immutable, so the cache never goes stale).
 */
import {
  CO_ARGCOUNT, CO_CELL2ARG, CO_CODE, CO_CONSTS, CO_FILENAME, CO_FIRSTLINE, CO_FLAGS, CO_KWONLY,
  CO_LINES, CO_MAXBLOCKS, CO_NAME, CO_NAMES, CO_NCELLS, CO_NFREES, CO_NINSTR, CO_POSONLY,
  CO_QUALNAME, CO_STACKSIZE, CO_VARNAMES, CO_CELLVARS, CO_FREEVARS, CO_NVARNAMES,
} from "../runtime/code.js";
import type { Runtime } from "../runtime/context.js";
import type { Ref, Value } from "../runtime/layout.js";
import { strValue } from "../runtime/str.js";
import { tupleItems } from "../runtime/tuple.js";

export const F_CODE = 0;
export const F_GLOBALS = 1;
export const F_LOCALS = 2;
export const F_BACK = 3;
export const F_IP = 4;
export const F_SP = 5;
export const F_FUNC = 6;
export const F_NBLOCKS = 7;
export const F_HEADER = 8;

export interface CodeInfo {
  readonly ref: Ref;
  readonly code: Int32Array;
  readonly lines: Int32Array;
  readonly consts: Value[];
  readonly names: Ref[];
  readonly nameStrs: string[];
  readonly varnames: string[];
  readonly cellvars: string[];
  readonly freevars: string[];
  readonly cell2arg: number[];
  readonly nvarnames: number;
  readonly ncells: number;
  readonly nfrees: number;
  readonly argcount: number;
  readonly posonly: number;
  readonly kwonly: number;
  readonly flags: number;
  readonly maxblocks: number;
  /** Offset of localsplus from the frame's start. */
  readonly localsOff: number;
  /** Offset of the value stack from the frame's start. */
  readonly stackOff: number;
  /** Words a frame of this code needs. */
  readonly frameWords: number;
  readonly name: string;
  readonly qualname: string;
  readonly filename: string;
  readonly firstlineno: number;
}

export function decodeCode(rt: Runtime, ref: Ref): CodeInfo {
  const i32 = rt.i32;
  const w = ref >> 2;
  const n = i32[w + CO_NINSTR];
  const codeAt = i32[w + CO_CODE] >> 2;
  const linesAt = i32[w + CO_LINES] >> 2;
  const nvarnames = i32[w + CO_NVARNAMES];
  const ncells = i32[w + CO_NCELLS];
  const nfrees = i32[w + CO_NFREES];
  const maxblocks = i32[w + CO_MAXBLOCKS];
  const names = tupleItems(rt, i32[w + CO_NAMES]);
  const c2a = i32[w + CO_CELL2ARG] >> 2;
  const localsOff = F_HEADER + 2 * maxblocks;
  const stackOff = localsOff + nvarnames + ncells + nfrees;
  const strs = (t: Ref) => tupleItems(rt, t).map((s) => strValue(rt, s));
  return {
    ref,
    code: i32.subarray(codeAt, codeAt + n),
    lines: i32.subarray(linesAt, linesAt + n),
    consts: tupleItems(rt, i32[w + CO_CONSTS]),
    names,
    nameStrs: names.map((s) => strValue(rt, s)),
    varnames: strs(i32[w + CO_VARNAMES]),
    cellvars: strs(i32[w + CO_CELLVARS]),
    freevars: strs(i32[w + CO_FREEVARS]),
    cell2arg: Array.from(i32.subarray(c2a, c2a + ncells)),
    nvarnames,
    ncells,
    nfrees,
    argcount: i32[w + CO_ARGCOUNT],
    posonly: i32[w + CO_POSONLY],
    kwonly: i32[w + CO_KWONLY],
    flags: i32[w + CO_FLAGS],
    maxblocks,
    localsOff,
    stackOff,
    frameWords: stackOff + i32[w + CO_STACKSIZE] + 1,
    name: strValue(rt, i32[w + CO_NAME]),
    qualname: strValue(rt, i32[w + CO_QUALNAME]),
    filename: strValue(rt, i32[w + CO_FILENAME]),
    firstlineno: i32[w + CO_FIRSTLINE],
  };
}
