/**
 * list objects: w6 length, w7 capacity, w8 items block (raw words; owned references).
 * The items live in a separate block so the list object never moves when it grows; growth
 * over-allocates like CPython's list_resize (about 1/8 extra plus a little).
 *
 * Known simplification (free-threading issue): an old items block is freed at once after a
 * resize, not after a quiescent state, so a lock-free reader on another thread could see it
 * freed. Under the GIL no other thread runs meanwhile.
 */
import { HEADER_WORDS, Kind, NULL, type Ref, type Value } from "./layout.js";
import type { Runtime } from "./context.js";
import { T } from "./types.js";

export const LIST_LEN = HEADER_WORDS;
export const LIST_CAP = HEADER_WORDS + 1;
export const LIST_ITEMS = HEADER_WORDS + 2;

/** A new list taking over the references in `items`. */
export function newList(rt: Runtime, items: ArrayLike<Value>): Ref {
  const n = items.length;
  const ref = rt.newObject(Kind.LIST, rt.types[T.list], 3);
  const w = ref >> 2;
  rt.i32[w + LIST_LEN] = n;
  rt.i32[w + LIST_CAP] = n;
  const block = n > 0 ? rt.newRaw(n) : NULL;
  rt.i32[w + LIST_ITEMS] = block;
  const b = block >> 2;
  for (let i = 0; i < n; i++) rt.i32[b + i] = items[i];
  return ref;
}

export function listLen(rt: Runtime, ref: Ref): number {
  return rt.i32[(ref >> 2) + LIST_LEN];
}

/** Word index of item 0 (valid until the next resize). */
export function listBase(rt: Runtime, ref: Ref): number {
  return rt.i32[(ref >> 2) + LIST_ITEMS] >> 2;
}

/** Borrowed item i (0 <= i < len). */
export function listItem(rt: Runtime, ref: Ref, i: number): Value {
  return rt.i32[listBase(rt, ref) + i];
}

/** The items as a JS array (borrowed). */
export function listItems(rt: Runtime, ref: Ref): Value[] {
  const n = listLen(rt, ref);
  const b = listBase(rt, ref);
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) out[i] = rt.i32[b + i];
  return out;
}

/** Makes room for at least `need` items. */
export function listReserve(rt: Runtime, ref: Ref, need: number): void {
  const w = ref >> 2;
  const cap = rt.i32[w + LIST_CAP];
  if (need <= cap) return;
  const newCap = need + (need >> 3) + (need < 9 ? 3 : 6);
  const block = rt.newRaw(newCap);
  const old = rt.i32[w + LIST_ITEMS];
  const n = rt.i32[w + LIST_LEN];
  if (old !== NULL) {
    rt.i32.copyWithin(block >> 2, old >> 2, (old >> 2) + n);
    rt.freeRaw(old);
  }
  rt.i32[w + LIST_ITEMS] = block;
  rt.i32[w + LIST_CAP] = newCap;
}

/** Appends, taking over the reference to v (dropped if the list cannot grow: MemoryError). */
export function listAppend(rt: Runtime, ref: Ref, v: Value): void {
  const w = ref >> 2;
  const n = rt.i32[w + LIST_LEN];
  if (n >= rt.i32[w + LIST_CAP]) {
    try {
      listReserve(rt, ref, n + 1);
    } catch (e) {
      rt.decref(v);
      throw e;
    }
  }
  rt.i32[(rt.i32[w + LIST_ITEMS] >> 2) + n] = v;
  rt.i32[w + LIST_LEN] = n + 1;
}

/** Replaces the items [lo, hi) with `items` (owned references); drops the old ones. */
export function listSetSlice(rt: Runtime, ref: Ref, lo: number, hi: number, items: Value[]): void {
  const w = ref >> 2;
  const n = rt.i32[w + LIST_LEN];
  const old = listItems(rt, ref).slice(lo, hi);
  const delta = items.length - (hi - lo);
  if (delta > 0) listReserve(rt, ref, n + delta);
  const b = listBase(rt, ref);
  rt.i32.copyWithin(b + hi + delta, b + hi, b + n);
  for (let i = 0; i < items.length; i++) rt.i32[b + lo + i] = items[i];
  rt.i32[w + LIST_LEN] = n + delta;
  for (const v of old) rt.decref(v);
}

/** Inserts v (owned) at index i (already clamped to 0..len). */
export function listInsert(rt: Runtime, ref: Ref, i: number, v: Value): void {
  listSetSlice(rt, ref, i, i, [v]);
}

/** Removes and returns item i (the reference passes to the caller). */
export function listPop(rt: Runtime, ref: Ref, i: number): Value {
  const w = ref >> 2;
  const n = rt.i32[w + LIST_LEN];
  const b = listBase(rt, ref);
  const v = rt.i32[b + i];
  rt.i32.copyWithin(b + i, b + i + 1, b + n);
  rt.i32[w + LIST_LEN] = n - 1;
  return v;
}

/** Drops every item. */
export function listClear(rt: Runtime, ref: Ref): void {
  const items = listItems(rt, ref);
  rt.i32[(ref >> 2) + LIST_LEN] = 0;
  for (const v of items) rt.decref(v);
}

/** Replaces the whole contents with `items` (owned), e.g. after sorting. */
export function listReplaceAll(rt: Runtime, ref: Ref, items: Value[]): void {
  const b = listBase(rt, ref);
  for (let i = 0; i < items.length; i++) rt.i32[b + i] = items[i];
}
