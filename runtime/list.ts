/**
 * list objects: w6 length, w7 capacity, w8 items block (raw words; owned references).
 * The items live in a separate block so the list object never moves when it grows; growth
 * over-allocates like CPython's list_resize (about 1/8 extra plus a little).
 *
 * Free-threading (runtime/object_lock.ts): every mutation holds the list's lock; `listGetRef`
 * reads one item without it (a sequence-lock read, then a try-incref; CPython 3.13t's
 * list_get_item_ref does the same with _Py_TryIncrefCompare), falling back to the lock when the
 * list changed meanwhile or the item is dying. An old items block freed by a resize stays
 * readable until every thread has passed a quiescent state (runtime/heap.ts, QSBR), so such a
 * reader never touches reused memory. Everything that walks the items hands out an owned
 * snapshot (`listSnapshot`): Python code run meanwhile (a __eq__, a key function) may mutate
 * the list, on this thread or another.
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
  const block = n > 0 ? rt.newRaw(n) : NULL; // first: a MemoryError then leaves nothing behind
  let ref: Ref;
  try {
    ref = rt.newObject(Kind.LIST, rt.types[T.list], 3);
  } catch (e) {
    if (block !== NULL) rt.freeRaw(block);
    throw e;
  }
  const w = ref >> 2;
  rt.i32[w + LIST_LEN] = n;
  rt.i32[w + LIST_CAP] = n;
  rt.i32[w + LIST_ITEMS] = block;
  const b = block >> 2;
  for (let i = 0; i < n; i++) rt.i32[b + i] = items[i];
  return ref;
}

export function listLen(rt: Runtime, ref: Ref): number {
  return rt.i32[(ref >> 2) + LIST_LEN];
}

/** Word index of item 0 (valid until the next resize). Only for code holding the list's lock. */
export function listBase(rt: Runtime, ref: Ref): number {
  return rt.i32[(ref >> 2) + LIST_ITEMS] >> 2;
}

/** Item i as a new reference, or NULL when i (0-based, not negative) is past the end. */
export function listGetRef(rt: Runtime, ref: Ref, i: number): Value {
  const i32 = rt.i32;
  const w = ref >> 2;
  const seq = rt.locks.readBegin(ref);
  if (seq !== -1) {
    const n = i32[w + LIST_LEN];
    const v = i < n ? i32[(i32[w + LIST_ITEMS] >> 2) + i] : NULL;
    if (rt.locks.readValid(ref, seq) && (v === NULL || rt.rc.tryIncref(v))) {
      // compare again after the incref: the block may have been freed and reused for another
      // object between the read and the incref (_Py_TryIncrefCompare)
      if (v === NULL || rt.locks.readValid(ref, seq)) return v;
      rt.decref(v);
    }
  }
  return rt.locks.critical(ref, () => {
    if (i >= i32[w + LIST_LEN]) return NULL;
    const v = i32[(i32[w + LIST_ITEMS] >> 2) + i];
    rt.incref(v);
    return v;
  });
}

/** Every item, as new references (release them with `releaseAll`). */
export function listSnapshot(rt: Runtime, ref: Ref): Value[] {
  return rt.locks.critical(ref, () => {
    const n = listLen(rt, ref);
    const b = listBase(rt, ref);
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) {
      const v = rt.i32[b + i];
      rt.incref(v);
      out[i] = v;
    }
    return out;
  });
}

/** Drops the references in `items` (a snapshot). */
export function releaseAll(rt: Runtime, items: Value[]): void {
  for (const v of items) rt.decref(v);
}

/** Makes room for at least `need` items (the caller holds the lock). */
function reserve(rt: Runtime, ref: Ref, need: number): void {
  const w = ref >> 2;
  const cap = rt.i32[w + LIST_CAP];
  if (need <= cap) return;
  const newCap = need + (need >> 3) + (need < 9 ? 3 : 6);
  const block = rt.newRaw(newCap);
  const old = rt.i32[w + LIST_ITEMS];
  const n = rt.i32[w + LIST_LEN];
  if (old !== NULL) rt.i32.copyWithin(block >> 2, old >> 2, (old >> 2) + n);
  // publish the new block before the old one can be reclaimed (readers may hold either)
  rt.i32[w + LIST_ITEMS] = block;
  rt.i32[w + LIST_CAP] = newCap;
  if (old !== NULL) rt.freeRaw(old);
}

/** Appends, taking over the reference to v (dropped if the list cannot grow: MemoryError). */
export function listAppend(rt: Runtime, ref: Ref, v: Value): void {
  const took = rt.locks.lock(ref);
  try {
    const w = ref >> 2;
    const n = rt.i32[w + LIST_LEN];
    if (n >= rt.i32[w + LIST_CAP]) reserve(rt, ref, n + 1);
    rt.i32[(rt.i32[w + LIST_ITEMS] >> 2) + n] = v;
    rt.i32[w + LIST_LEN] = n + 1;
  } catch (e) {
    rt.decref(v);
    throw e;
  } finally {
    if (took) rt.locks.unlock(ref);
  }
}

/** Appends every item of `items` (owned references), growing once. */
export function listExtend(rt: Runtime, ref: Ref, items: Value[]): void {
  listSetSlice(rt, ref, Infinity, Infinity, items);
}

/**
 * Replaces the items [lo, hi) with `items` (owned references); drops the old ones. lo and hi
 * are clamped to the length the list has under its lock (another thread may have changed it
 * since the caller looked).
 */
export function listSetSlice(rt: Runtime, ref: Ref, lo: number, hi: number, items: Value[]): void {
  const old = rt.locks.critical(ref, () => {
    const w = ref >> 2;
    const n = rt.i32[w + LIST_LEN];
    lo = Math.min(Math.max(lo, 0), n);
    hi = Math.min(Math.max(hi, lo), n);
    const delta = items.length - (hi - lo);
    try {
      if (delta > 0) reserve(rt, ref, n + delta);
    } catch (e) {
      releaseAll(rt, items);
      throw e;
    }
    const b = listBase(rt, ref);
    const removed = Array.from(rt.i32.subarray(b + lo, b + hi));
    rt.i32.copyWithin(b + hi + delta, b + hi, b + n);
    for (let i = 0; i < items.length; i++) rt.i32[b + lo + i] = items[i];
    rt.i32[w + LIST_LEN] = n + delta;
    return removed;
  });
  releaseAll(rt, old); // after the lock: a dropped item's teardown may touch other objects
}

/** Inserts v (owned) before index i (clamped to 0..len under the lock). */
export function listInsert(rt: Runtime, ref: Ref, i: number, v: Value): void {
  listSetSlice(rt, ref, i, i, [v]);
}

/** Stores v (owned) at index i; returns the old item (owned), or NULL (v dropped) if i is past the end. */
export function listReplace(rt: Runtime, ref: Ref, i: number, v: Value): Value {
  const old = rt.locks.critical(ref, () => {
    if (i >= listLen(rt, ref)) return NULL;
    const slot = listBase(rt, ref) + i;
    const was = rt.i32[slot];
    rt.i32[slot] = v;
    return was;
  });
  if (old === NULL) rt.decref(v);
  return old;
}

/**
 * Removes and returns item i (the reference passes to the caller); a negative i counts from
 * the end, as Python's. NULL when the index is out of range under the lock.
 */
export function listPop(rt: Runtime, ref: Ref, i: number): Value {
  return rt.locks.critical(ref, () => {
    const w = ref >> 2;
    const n = rt.i32[w + LIST_LEN];
    if (i < 0) i += n;
    if (i < 0 || i >= n) return NULL;
    const b = listBase(rt, ref);
    const v = rt.i32[b + i];
    rt.i32.copyWithin(b + i, b + i + 1, b + n);
    rt.i32[w + LIST_LEN] = n - 1;
    return v;
  });
}

/** Drops every item. */
export function listClear(rt: Runtime, ref: Ref): void {
  listSetSlice(rt, ref, 0, Infinity, []);
}

/** Reverses the items in place. */
export function listReverse(rt: Runtime, ref: Ref): void {
  rt.locks.critical(ref, () => {
    const i32 = rt.i32;
    const b = listBase(rt, ref);
    for (let i = b, j = b + listLen(rt, ref) - 1; i < j; i++, j--) {
      const t = i32[i];
      i32[i] = i32[j];
      i32[j] = t;
    }
  });
}
