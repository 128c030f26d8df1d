/**
 * tuple objects: w6 length, w7… the items (owned references).
 */
import { HEADER_WORDS, Kind, type Ref, type Value } from "./layout.js";
import type { Runtime } from "./context.js";
import { T } from "./types.js";

export const TUPLE_LEN = HEADER_WORDS;
export const TUPLE_ITEMS = HEADER_WORDS + 1;

/** A new tuple that takes over the references in `items`. */
export function newTuple(rt: Runtime, items: ArrayLike<Value>): Ref {
  const n = items.length;
  if (n === 0) return rt.emptyTuple;
  const ref = rt.newObject(Kind.TUPLE, rt.types[T.tuple], 1 + n);
  const w = ref >> 2;
  rt.i32[w + TUPLE_LEN] = n;
  for (let i = 0; i < n; i++) rt.i32[w + TUPLE_ITEMS + i] = items[i];
  return ref;
}

/** A new tuple whose items are borrowed from `items` (each gets a new reference). */
export function newTupleBorrowed(rt: Runtime, items: ArrayLike<Value>): Ref {
  for (let i = 0; i < items.length; i++) rt.incref(items[i]);
  return newTuple(rt, items);
}

export function tupleLen(rt: Runtime, ref: Ref): number {
  return rt.i32[(ref >> 2) + TUPLE_LEN];
}

/** Borrowed item i. */
export function tupleItem(rt: Runtime, ref: Ref, i: number): Value {
  return rt.i32[(ref >> 2) + TUPLE_ITEMS + i];
}

/** The items as a JS array (borrowed references). */
export function tupleItems(rt: Runtime, ref: Ref): Value[] {
  const n = tupleLen(rt, ref);
  const w = (ref >> 2) + TUPLE_ITEMS;
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) out[i] = rt.i32[w + i];
  return out;
}
