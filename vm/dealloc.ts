/**
 * Tearing down an object whose count reached zero: drop every reference it owns and free its
 * side blocks (CPython's tp_dealloc of each type). The object's own block is freed by the
 * runtime afterwards (runtime/context.ts), which also poisons it for the sanitizer.
 */
import type { Runtime } from "../runtime/context.js";
import { TY_BASE, TY_DICT, TY_MODULE, TY_NAME, TY_QUALNAME } from "../runtime/context.js";
import { HEADER_WORDS, Kind, NULL, type Ref } from "../runtime/layout.js";
import { dictDealloc } from "../runtime/dict.js";
import { LIST_ITEMS, LIST_LEN } from "../runtime/list.js";
import { TUPLE_ITEMS, TUPLE_LEN } from "../runtime/tuple.js";
import { CO_MAXBLOCKS } from "../runtime/code.js";
import { F_CODE, F_FUNC, F_HEADER, F_LOCALS, F_SP } from "./frame.js";
import { GEN_FRAME, GEN_STATE, GenState } from "./generator.js";

/** Drops `count` owned reference words starting at payload word `first`. */
function dropWords(rt: Runtime, ref: Ref, first: number, count: number): void {
  const w = (ref >> 2) + first;
  for (let i = 0; i < count; i++) rt.decref(rt.i32[w + i]);
}

export function clearObject(rt: Runtime, ref: Ref, kind: number): void {
  const i32 = rt.i32;
  const w = ref >> 2;
  switch (kind) {
    case Kind.TUPLE:
      dropWords(rt, ref, TUPLE_ITEMS, i32[w + TUPLE_LEN]);
      return;
    case Kind.LIST: {
      const items = i32[w + LIST_ITEMS];
      if (items !== NULL) {
        const n = i32[w + LIST_LEN];
        for (let i = 0; i < n; i++) rt.decref(i32[(items >> 2) + i]);
        rt.freeRaw(items);
      }
      return;
    }
    case Kind.DICT:
    case Kind.SET:
      dictDealloc(rt, ref);
      return;
    case Kind.RANGE:
    case Kind.SLICE:
      dropWords(rt, ref, HEADER_WORDS, 3);
      return;
    case Kind.FUNCTION:
      dropWords(rt, ref, HEADER_WORDS, 9);
      return;
    case Kind.BUILTIN:
      dropWords(rt, ref, HEADER_WORDS + 1, 2);
      return;
    case Kind.CELL:
    case Kind.PROPERTY:
    case Kind.STATICMETHOD:
    case Kind.CLASSMETHOD:
      dropWords(rt, ref, HEADER_WORDS, 1);
      return;
    case Kind.METHOD:
    case Kind.MODULE:
    case Kind.SUPER:
      dropWords(rt, ref, HEADER_WORDS, 2);
      return;
    case Kind.INSTANCE:
      dropWords(rt, ref, HEADER_WORDS, 5);
      rt.decref(i32[w + 3]); // OB_TYPE: instances of classes keep their class alive
      return;
    case Kind.TYPE:
      for (const f of [TY_NAME, TY_BASE, TY_DICT, TY_MODULE, TY_QUALNAME]) rt.decref(i32[w + f]);
      return;
    case Kind.TRACEBACK:
      rt.decref(i32[w + HEADER_WORDS]);
      return;
    case Kind.DICT_VIEW:
      rt.decref(i32[w + HEADER_WORDS]);
      return;
    case Kind.ITER:
      rt.decref(i32[w + HEADER_WORDS + 1]);
      rt.decref(i32[w + HEADER_WORDS + 3]);
      return;
    case Kind.GENERATOR:
      clearGeneratorFrame(rt, ref);
      return;
  }
}

/** Drops what a generator's frame holds (locals, stack, function) and frees the frame block. */
function clearGeneratorFrame(rt: Runtime, gen: Ref): void {
  const i32 = rt.i32;
  const gw = gen >> 2;
  const block = i32[gw + GEN_FRAME];
  if (block === NULL) return;
  const f = block >> 2;
  if (i32[gw + GEN_STATE] !== GenState.DONE) {
    const localsOff = F_HEADER + 2 * i32[(i32[f + F_CODE] >> 2) + CO_MAXBLOCKS];
    const sp = i32[f + F_SP];
    for (let p = f + localsOff; p < sp; p++) rt.decref(i32[p]);
    rt.decref(i32[f + F_FUNC]);
    rt.decref(i32[f + F_LOCALS]);
  }
  i32[gw + GEN_FRAME] = NULL;
  rt.freeRaw(block);
}
