/**
 * Instances of classes (and of the built-in exception types), one layout for both:
 *
 *   w6  attribute dict (NULL until the first attribute is set)
 *   w7  exception args (tuple) — exceptions only, else NULL
 *   w8  __traceback__ (traceback or NULL)
 *   w9  __cause__ (or NULL)
 *   w10 __context__ (or NULL)
 *   w11 flags: EXC_SUPPRESS_CONTEXT
 *
 * Tracebacks are a chain of small objects (next, code, line): frames live in the thread's frame
 * region and are gone once the exception unwinds, so the traceback keeps what printing needs.
 */
import type { Runtime } from "./context.js";
import { HEADER_WORDS, Kind, NULL, type Ref, type Value } from "./layout.js";
import { T } from "./types.js";

export const INST_DICT = HEADER_WORDS;
export const EXC_ARGS = HEADER_WORDS + 1;
export const EXC_TB = HEADER_WORDS + 2;
export const EXC_CAUSE = HEADER_WORDS + 3;
export const EXC_CONTEXT = HEADER_WORDS + 4;
export const EXC_FLAGS = HEADER_WORDS + 5;
export const EXC_SUPPRESS_CONTEXT = 1;
const INSTANCE_WORDS = 6;

export const TB_NEXT = HEADER_WORDS;
export const TB_CODE = HEADER_WORDS + 1;
export const TB_LINE = HEADER_WORDS + 2;

/** A new instance of `type` with no attributes (args: the exception args tuple, owned, or NULL). */
export function newInstance(rt: Runtime, type: Ref, args: Value = NULL): Ref {
  const ref = rt.newObject(Kind.INSTANCE, type, INSTANCE_WORDS);
  rt.incref(type); // an instance keeps its class alive, as CPython's heap types do
  const w = ref >> 2;
  rt.i32.fill(NULL, w + INST_DICT, w + HEADER_WORDS + INSTANCE_WORDS);
  rt.i32[w + EXC_ARGS] = args;
  return ref;
}

/** Prepends a traceback entry for (code, line) to the exception's traceback. */
export function addTraceback(rt: Runtime, exc: Ref, code: Ref, line: number): void {
  const tb = rt.newObject(Kind.TRACEBACK, rt.types[T.traceback], 3);
  const w = tb >> 2;
  const ew = exc >> 2;
  rt.i32[w + TB_NEXT] = rt.i32[ew + EXC_TB]; // the reference moves into the new entry
  rt.i32[w + TB_CODE] = code;
  rt.i32[w + TB_LINE] = line;
  rt.i32[ew + EXC_TB] = tb;
}

/** Replaces an owned reference field of an object, dropping the old value. */
export function setField(rt: Runtime, ref: Ref, word: number, v: Value): void {
  const w = ref >> 2;
  const old = rt.i32[w + word];
  if (v !== NULL) rt.incref(v);
  rt.i32[w + word] = v;
  rt.decref(old);
}
