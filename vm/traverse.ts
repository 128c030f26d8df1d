/**
 * The references an object holds (CPython's tp_traverse): used by the sanitizer's leak report
 * to tell objects kept alive by reference cycles from leaked ones.
 */
import type { Runtime } from "../runtime/context.js";
import { TY_BASE, TY_DICT, TY_MODULE, TY_NAME, TY_QUALNAME } from "../runtime/context.js";
import { HEADER_WORDS, Kind, NULL, OB_TYPE, type Ref, type Value } from "../runtime/layout.js";
import { dictEntriesUnshared } from "../runtime/dict.js";
import { LIST_ITEMS, LIST_LEN } from "../runtime/list.js";
import { TUPLE_ITEMS, TUPLE_LEN } from "../runtime/tuple.js";
import { CO_MAXBLOCKS } from "../runtime/code.js";
import { F_CODE, F_FUNC, F_HEADER, F_LOCALS, F_SP } from "./frame.js";
import { GEN_FRAME, GEN_STATE, GenState } from "./generator.js";

export function forEachReferent(rt: Runtime, ref: Ref, kind: number, visit: (v: Value) => void): void {
  const i32 = rt.i32;
  const w = ref >> 2;
  const words = (first: number, count: number) => {
    for (let i = 0; i < count; i++) {
      const v = i32[w + first + i];
      if (v !== NULL && (v & 1) === 0) visit(v);
    }
  };
  switch (kind) {
    case Kind.TUPLE: return words(TUPLE_ITEMS, i32[w + TUPLE_LEN]);
    case Kind.LIST: {
      const items = i32[w + LIST_ITEMS] >> 2;
      for (let i = 0; i < i32[w + LIST_LEN]; i++) {
        const v = i32[items + i];
        if ((v & 1) === 0) visit(v);
      }
      return;
    }
    case Kind.DICT:
    case Kind.SET:
      for (const [k, v] of dictEntriesUnshared(rt, ref)) { // the checker runs with every other thread stopped
        if ((k & 1) === 0) visit(k);
        if (v !== NULL && (v & 1) === 0) visit(v);
      }
      return;
    case Kind.RANGE:
    case Kind.SLICE: return words(HEADER_WORDS, 3);
    case Kind.FUNCTION: return words(HEADER_WORDS, 9);
    case Kind.BUILTIN: return words(HEADER_WORDS + 1, 2);
    case Kind.CELL:
    case Kind.PROPERTY:
    case Kind.STATICMETHOD:
    case Kind.CLASSMETHOD:
    case Kind.TRACEBACK:
    case Kind.DICT_VIEW: return words(HEADER_WORDS, 1);
    case Kind.METHOD:
    case Kind.MODULE:
    case Kind.SUPER: return words(HEADER_WORDS, 2);
    case Kind.INSTANCE:
      words(HEADER_WORDS, 5);
      visit(i32[w + OB_TYPE]);
      return;
    case Kind.TYPE:
      for (const f of [TY_NAME, TY_BASE, TY_DICT, TY_MODULE, TY_QUALNAME]) {
        const v = i32[w + f];
        if (v !== NULL) visit(v);
      }
      return;
    case Kind.ITER:
      words(HEADER_WORDS + 1, 1);
      words(HEADER_WORDS + 3, 1);
      return;
    case Kind.GENERATOR: {
      const block = i32[w + GEN_FRAME];
      if (block === NULL || i32[w + GEN_STATE] === GenState.DONE) return;
      const f = block >> 2;
      const localsOff = F_HEADER + 2 * i32[(i32[f + F_CODE] >> 2) + CO_MAXBLOCKS];
      for (let p = f + localsOff; p < i32[f + F_SP]; p++) {
        const v = i32[p];
        if (v !== NULL && (v & 1) === 0) visit(v);
      }
      for (const v of [i32[f + F_FUNC], i32[f + F_LOCALS]]) if (v !== NULL) visit(v);
      return;
    }
  }
}
