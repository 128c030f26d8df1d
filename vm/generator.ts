/**
 * Generator objects. A generator owns a copy of its frame in a heap block of its own (the
 * thread's frame region is a stack; a suspended generator outlives the call that made it), as
 * CPython 3.11 copies the frame into the generator object.
 *
 *   w6  frame block (raw)     w7  state (GenState)     w8  name (str)     w9  qualname (str)
 *
 * Simplification: a generator has no exception state of its own (CPython saves and restores
 * gi_exc_state around each resume); the thread's handled exception is shared.
 */
import { HEADER_WORDS, Kind, type Ref } from "../runtime/layout.js";
import { intern } from "../runtime/intern.js";
import { T } from "../runtime/types.js";
import { F_HEADER, F_NBLOCKS, F_SP, type CodeInfo } from "./frame.js";
import type { Interpreter } from "./interpreter.js";

export const GEN_FRAME = HEADER_WORDS;
export const GEN_STATE = HEADER_WORDS + 1;
export const GEN_NAME = HEADER_WORDS + 2;
export const GEN_QUALNAME = HEADER_WORDS + 3;

export const enum GenState { CREATED = 0, SUSPENDED = 1, RUNNING = 2, DONE = 3 }

/** Moves the bound frame at word index `f` (in the frame region) into a new generator. */
export function newGenerator(vm: Interpreter, f: number, ci: CodeInfo): Ref {
  const rt = vm.rt;
  const block = rt.newRaw(ci.frameWords);
  const nf = block >> 2;
  const i32 = rt.i32;
  i32.copyWithin(nf, f, f + ci.frameWords);
  i32[nf + F_SP] = i32[f + F_SP] - f + nf;
  for (let b = 0; b < i32[nf + F_NBLOCKS]; b++) i32[nf + F_HEADER + 2 * b + 1] += nf - f;
  const gen = rt.newObject(Kind.GENERATOR, rt.types[T.generator], 4);
  const w = gen >> 2;
  i32[w + GEN_FRAME] = block;
  i32[w + GEN_STATE] = GenState.CREATED;
  i32[w + GEN_NAME] = intern(rt, ci.name);
  i32[w + GEN_QUALNAME] = intern(rt, ci.qualname);
  return gen;
}
