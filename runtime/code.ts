/**
 * Code objects in the heap, so any thread can run them. Code objects and their constants are
 * immortal (as CPython 3.13t makes code objects and 3.12+ makes interned strs immortal): they
 * live as long as the program, and sharing them costs threads no refcount traffic.
 *
 *   w6  argcount      w7  posonlyargcount   w8  kwonlyargcount   w9  flags
 *   w10 nvarnames     w11 ncellvars         w12 nfreevars        w13 stacksize
 *   w14 maxblocks     w15 firstlineno       w16 ninstructions
 *   w17 code (raw: one word per instruction) w18 lines (raw: one word per instruction)
 *   w19 consts (tuple) w20 names (tuple of str) w21 varnames  w22 cellvars  w23 freevars
 *   w24 cell2arg (raw, one word per cellvar)  w25 filename  w26 name  w27 qualname
 */
import type { CodeSpec, ConstValue } from "../vm/code_spec.js";
import type { Runtime } from "./context.js";
import { newFloat } from "./float.js";
import { newInt } from "./int.js";
import { intern } from "./intern.js";
import { HEADER_WORDS, Kind, type Ref, type Value } from "./layout.js";
import { newTuple } from "./tuple.js";
import { T } from "./types.js";

export const CO_ARGCOUNT = HEADER_WORDS;
export const CO_POSONLY = HEADER_WORDS + 1;
export const CO_KWONLY = HEADER_WORDS + 2;
export const CO_FLAGS = HEADER_WORDS + 3;
export const CO_NVARNAMES = HEADER_WORDS + 4;
export const CO_NCELLS = HEADER_WORDS + 5;
export const CO_NFREES = HEADER_WORDS + 6;
export const CO_STACKSIZE = HEADER_WORDS + 7;
export const CO_MAXBLOCKS = HEADER_WORDS + 8;
export const CO_FIRSTLINE = HEADER_WORDS + 9;
export const CO_NINSTR = HEADER_WORDS + 10;
export const CO_CODE = HEADER_WORDS + 11;
export const CO_LINES = HEADER_WORDS + 12;
export const CO_CONSTS = HEADER_WORDS + 13;
export const CO_NAMES = HEADER_WORDS + 14;
export const CO_VARNAMES = HEADER_WORDS + 15;
export const CO_CELLVARS = HEADER_WORDS + 16;
export const CO_FREEVARS = HEADER_WORDS + 17;
export const CO_CELL2ARG = HEADER_WORDS + 18;
export const CO_FILENAME = HEADER_WORDS + 19;
export const CO_NAME = HEADER_WORDS + 20;
export const CO_QUALNAME = HEADER_WORDS + 21;
const CODE_WORDS = 22;

function immortal(rt: Runtime, v: Value): Value {
  if ((v & 1) === 0) rt.makeImmortal(v);
  return v;
}

function constValue(rt: Runtime, c: ConstValue): Value {
  switch (c.type) {
    case "int": return immortal(rt, newInt(rt, c.value));
    case "float": return immortal(rt, newFloat(rt, c.value));
    case "str": return intern(rt, c.value);
    case "bool": return c.value ? rt.True : rt.False;
    case "None": return rt.None;
    case "Ellipsis": return rt.Ellipsis;
    case "tuple": return immortal(rt, newTuple(rt, c.value.map((x) => constValue(rt, x))));
    case "code": return materializeCode(rt, c.value);
  }
}

function strTuple(rt: Runtime, names: string[]): Ref {
  return immortal(rt, newTuple(rt, names.map((n) => intern(rt, n))));
}

function rawWords(rt: Runtime, words: number[]): Ref {
  const ref = rt.newRaw(words.length);
  rt.i32.set(words, ref >> 2);
  return ref;
}

/** Copies a compiled code object (and its nested ones) into the heap. */
export function materializeCode(rt: Runtime, spec: CodeSpec): Ref {
  const ref = rt.newObject(Kind.CODE, rt.types[T.code], CODE_WORDS);
  rt.makeImmortal(ref);
  const w = ref >> 2;
  const i32 = rt.i32;
  i32[w + CO_ARGCOUNT] = spec.argcount;
  i32[w + CO_POSONLY] = spec.posonlyargcount;
  i32[w + CO_KWONLY] = spec.kwonlyargcount;
  i32[w + CO_FLAGS] = spec.flags;
  i32[w + CO_NVARNAMES] = spec.varnames.length;
  i32[w + CO_NCELLS] = spec.cellvars.length;
  i32[w + CO_NFREES] = spec.freevars.length;
  i32[w + CO_STACKSIZE] = spec.stacksize;
  i32[w + CO_MAXBLOCKS] = spec.maxblocks;
  i32[w + CO_FIRSTLINE] = spec.firstlineno;
  i32[w + CO_NINSTR] = spec.code.length;
  i32[w + CO_CODE] = rawWords(rt, spec.code);
  i32[w + CO_LINES] = rawWords(rt, spec.lines);
  i32[w + CO_CONSTS] = immortal(rt, newTuple(rt, spec.consts.map((c) => constValue(rt, c))));
  i32[w + CO_NAMES] = strTuple(rt, spec.names);
  i32[w + CO_VARNAMES] = strTuple(rt, spec.varnames);
  i32[w + CO_CELLVARS] = strTuple(rt, spec.cellvars);
  i32[w + CO_FREEVARS] = strTuple(rt, spec.freevars);
  i32[w + CO_CELL2ARG] = rawWords(rt, spec.cell2arg.length ? spec.cell2arg : [0]);
  i32[w + CO_FILENAME] = intern(rt, spec.filename);
  i32[w + CO_NAME] = intern(rt, spec.name);
  i32[w + CO_QUALNAME] = intern(rt, spec.qualname);
  return ref;
}
