/**
 * dict objects — and set objects, which share the layout and the code (a set's entries simply
 * have no value) — as CPython's compact, insertion-ordered hash table (Objects/dictobject.c):
 * a sparse index table pointing into a dense array of entries kept in insertion order.
 *
 *   w6  used       live entries
 *   w7  nentries   entries written so far (deleted ones included)
 *   w8  mask       index table size - 1 (size is a power of two)
 *   w9  indices    raw block: `size` words, EMPTY, DUMMY or an entry number
 *   w10 entries    raw block: `cap` entries of 3 words: hash, key (NULL when deleted), value
 *   w11 cap        entries capacity (2/3 of the index size, as CPython's USABLE_FRACTION)
 *   w12 version    bumped by every insertion/deletion (iteration checks "changed size")
 *
 * Keys are hashed with Python's hash (runtime hooks, so __hash__/__eq__ of classes run), with
 * fast paths for tagged ints and strs. Probing is CPython's perturbed linear-congruential walk.
 */
import { HEADER_WORDS, Kind, NULL, OB_KIND, type Ref, type Value } from "./layout.js";
import type { Runtime } from "./context.js";
import { jsStrHash, strEq, strEqualsJs, strHash } from "./str.js";
import { T } from "./types.js";

export const D_USED = HEADER_WORDS;
export const D_NENTRIES = HEADER_WORDS + 1;
export const D_MASK = HEADER_WORDS + 2;
export const D_INDICES = HEADER_WORDS + 3;
export const D_ENTRIES = HEADER_WORDS + 4;
export const D_CAP = HEADER_WORDS + 5;
export const D_VERSION = HEADER_WORDS + 6;
const DICT_WORDS = 7;
const EMPTY = -1;
const DUMMY = -2;
const PERTURB_SHIFT = 5;

export function newDict(rt: Runtime, kind: Kind.DICT | Kind.SET = Kind.DICT, type = 0): Ref {
  const ref = rt.newObject(kind, type || rt.types[kind === Kind.DICT ? T.dict : T.set], DICT_WORDS);
  const w = ref >> 2;
  rt.i32[w + D_USED] = 0;
  rt.i32[w + D_VERSION] = 0;
  allocTable(rt, ref, 8);
  return ref;
}

function allocTable(rt: Runtime, ref: Ref, size: number): void {
  const w = ref >> 2;
  const indices = rt.newRaw(size);
  rt.i32.fill(EMPTY, indices >> 2, (indices >> 2) + size);
  const cap = (size * 2) / 3;
  rt.i32[w + D_MASK] = size - 1;
  rt.i32[w + D_INDICES] = indices;
  rt.i32[w + D_ENTRIES] = rt.newRaw(cap * 3);
  rt.i32[w + D_CAP] = cap;
  rt.i32[w + D_NENTRIES] = 0;
}

/** Python's hash of a key, folded to 32 bits (equal for 1, 1.0 and True, as Python requires). */
export function keyHash(rt: Runtime, key: Value): number {
  if ((key & 1) !== 0) {
    const n = key >> 1;
    return n === -1 ? -2 : n;
  }
  if ((rt.i32[(key >> 2) + OB_KIND] & 0xff) === Kind.STR) return strHash(rt, key);
  return rt.hashOf(key);
}

function keyEq(rt: Runtime, a: Value, b: Value): boolean {
  if (a === b) return true;
  if (((a | b) & 1) !== 0) {
    // a tagged int equals only an int-valued object of another representation (1.0, True)
    if ((a & 1) !== 0 && (b & 1) !== 0) return false;
  } else if (
    (rt.i32[(a >> 2) + OB_KIND] & 0xff) === Kind.STR &&
    (rt.i32[(b >> 2) + OB_KIND] & 0xff) === Kind.STR
  ) {
    return strEq(rt, a, b);
  }
  return rt.eqOf(a, b);
}

/** Entry number of `key`, or -1. */
function findEntry(rt: Runtime, d: Ref, key: Value, hash: number): number {
  const i32 = rt.i32;
  const w = d >> 2;
  const mask = i32[w + D_MASK];
  const indices = i32[w + D_INDICES] >> 2;
  const entries = i32[w + D_ENTRIES] >> 2;
  let perturb = hash >>> 0;
  let i = hash & mask;
  for (;;) {
    const ix = i32[indices + i];
    if (ix === EMPTY) return -1;
    if (ix >= 0) {
      const e = entries + ix * 3;
      if (i32[e] === hash) {
        const k = i32[e + 1];
        if (k === key || (k !== NULL && keyEq(rt, k, key))) {
          // the table may have been rebuilt by user __eq__ code: re-find by identity then
          if (i32[w + D_ENTRIES] >> 2 === entries) return ix;
          return findEntry(rt, d, key, hash);
        }
      }
    }
    perturb >>>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
}

/** Entry number of the str key equal to the JS string `s` (strHash `hash`), or -1; allocates nothing. */
function findStrEntry(rt: Runtime, d: Ref, s: string, hash: number): number {
  const i32 = rt.i32;
  const w = d >> 2;
  const mask = i32[w + D_MASK];
  const indices = i32[w + D_INDICES] >> 2;
  const entries = i32[w + D_ENTRIES] >> 2;
  let perturb = hash >>> 0;
  let i = hash & mask;
  for (;;) {
    const ix = i32[indices + i];
    if (ix === EMPTY) return -1;
    if (ix >= 0) {
      const e = entries + ix * 3;
      const k = i32[e + 1];
      if (i32[e] === hash && k !== NULL && (k & 1) === 0 && (i32[(k >> 2) + OB_KIND] & 0xff) === Kind.STR && strEqualsJs(rt, k, s)) {
        return ix;
      }
    }
    perturb >>>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
}

/** The str key equal to `s`, or NULL (the intern table's lookup: works even with the heap full). */
export function dictFindStr(rt: Runtime, d: Ref, s: string): Value {
  const ix = findStrEntry(rt, d, s, jsStrHash(s));
  return ix < 0 ? NULL : entryKey(rt, d, ix);
}

/** The value (borrowed) under the str key equal to `s`, or NULL; allocates nothing. */
export function dictGetStr(rt: Runtime, d: Ref, s: string): Value {
  const ix = findStrEntry(rt, d, s, jsStrHash(s));
  return ix < 0 ? NULL : entryValue(rt, d, ix);
}

/** The value for `key` (borrowed), or NULL if absent. For sets: the key itself, or NULL. */
export function dictGet(rt: Runtime, d: Ref, key: Value): Value {
  const ix = findEntry(rt, d, key, keyHash(rt, key));
  if (ix < 0) return NULL;
  const e = (rt.i32[(d >> 2) + D_ENTRIES] >> 2) + ix * 3;
  return rt.i32[e + 2];
}

export function dictContains(rt: Runtime, d: Ref, key: Value): boolean {
  return findEntry(rt, d, key, keyHash(rt, key)) >= 0;
}

/** Inserts or replaces; borrows `key` and `value` (takes its own references). */
export function dictSet(rt: Runtime, d: Ref, key: Value, value: Value): void {
  const hash = keyHash(rt, key);
  const i32 = rt.i32;
  const w = d >> 2;
  const ix = findEntry(rt, d, key, hash);
  if (value !== NULL) rt.incref(value);
  if (ix >= 0) {
    const e = (i32[w + D_ENTRIES] >> 2) + ix * 3;
    const old = i32[e + 2];
    i32[e + 2] = value;
    rt.decref(old);
    return;
  }
  rt.incref(key);
  if (i32[w + D_NENTRIES] >= i32[w + D_CAP]) resize(rt, d);
  insertNew(rt, d, hash, key, value);
  i32[w + D_USED]++;
  i32[w + D_VERSION]++;
}

function insertNew(rt: Runtime, d: Ref, hash: number, key: Value, value: Value): void {
  const i32 = rt.i32;
  const w = d >> 2;
  const mask = i32[w + D_MASK];
  const indices = i32[w + D_INDICES] >> 2;
  let perturb = hash >>> 0;
  let i = hash & mask;
  while (i32[indices + i] >= 0) {
    perturb >>>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
  const n = i32[w + D_NENTRIES];
  i32[indices + i] = n;
  const e = (i32[w + D_ENTRIES] >> 2) + n * 3;
  i32[e] = hash;
  i32[e + 1] = key;
  i32[e + 2] = value;
  i32[w + D_NENTRIES] = n + 1;
}

/** Rebuilds the table for the live entries, compacting deleted ones away. */
function resize(rt: Runtime, d: Ref): void {
  const i32 = rt.i32;
  const w = d >> 2;
  const used = i32[w + D_USED];
  let size = 8;
  while ((size * 2) / 3 <= used * 2) size *= 2; // room to grow, as CPython's GROWTH_RATE (used*3)
  const oldIndices = i32[w + D_INDICES];
  const oldEntries = i32[w + D_ENTRIES];
  const oldN = i32[w + D_NENTRIES];
  allocTable(rt, d, size);
  const oe = oldEntries >> 2;
  for (let i = 0; i < oldN; i++) {
    const e = oe + i * 3;
    if (i32[e + 1] !== NULL) insertNew(rt, d, i32[e], i32[e + 1], i32[e + 2]);
  }
  rt.freeRaw(oldIndices);
  rt.freeRaw(oldEntries);
}

/** Removes `key`; returns the removed value (owned by the caller) or NULL if absent. */
export function dictPop(rt: Runtime, d: Ref, key: Value): Value {
  const hash = keyHash(rt, key);
  const ix = findEntry(rt, d, key, hash);
  if (ix < 0) return NULL;
  const i32 = rt.i32;
  const w = d >> 2;
  const e = (i32[w + D_ENTRIES] >> 2) + ix * 3;
  const k = i32[e + 1];
  const v = i32[e + 2];
  i32[e + 1] = NULL;
  i32[e + 2] = NULL;
  // mark the index slot that pointed at this entry as a dummy
  const mask = i32[w + D_MASK];
  const indices = i32[w + D_INDICES] >> 2;
  let perturb = hash >>> 0;
  let i = hash & mask;
  while (i32[indices + i] !== ix) {
    perturb >>>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
  i32[indices + i] = DUMMY;
  i32[w + D_USED]--;
  i32[w + D_VERSION]++;
  rt.decref(k);
  // sets store no value: hand back a reference to something non-NULL
  if (v === NULL) return rt.newRef(rt.True);
  return v;
}

export function dictLen(rt: Runtime, d: Ref): number {
  return rt.i32[(d >> 2) + D_USED];
}

/**
 * Iteration cursor: returns the next entry number at or after `pos` that is live, or -1.
 * Read its key/value with entryKey/entryValue.
 */
export function dictNext(rt: Runtime, d: Ref, pos: number): number {
  const i32 = rt.i32;
  const w = d >> 2;
  const n = i32[w + D_NENTRIES];
  const entries = i32[w + D_ENTRIES] >> 2;
  for (let i = pos; i < n; i++) if (i32[entries + i * 3 + 1] !== NULL) return i;
  return -1;
}
export function entryKey(rt: Runtime, d: Ref, ix: number): Value {
  return rt.i32[(rt.i32[(d >> 2) + D_ENTRIES] >> 2) + ix * 3 + 1];
}
export function entryValue(rt: Runtime, d: Ref, ix: number): Value {
  return rt.i32[(rt.i32[(d >> 2) + D_ENTRIES] >> 2) + ix * 3 + 2];
}

/** Borrowed keys, in order. */
export function dictKeys(rt: Runtime, d: Ref): Value[] {
  const out: Value[] = [];
  for (let i = dictNext(rt, d, 0); i >= 0; i = dictNext(rt, d, i + 1)) out.push(entryKey(rt, d, i));
  return out;
}
/** Borrowed [key, value] pairs, in order. */
export function dictEntries(rt: Runtime, d: Ref): [Value, Value][] {
  const out: [Value, Value][] = [];
  for (let i = dictNext(rt, d, 0); i >= 0; i = dictNext(rt, d, i + 1)) {
    out.push([entryKey(rt, d, i), entryValue(rt, d, i)]);
  }
  return out;
}

/** Drops every entry (the dict stays usable). */
export function dictClear(rt: Runtime, d: Ref): void {
  const entries = dictEntries(rt, d);
  const w = d >> 2;
  rt.freeRaw(rt.i32[w + D_INDICES]);
  rt.freeRaw(rt.i32[w + D_ENTRIES]);
  allocTable(rt, d, 8);
  rt.i32[w + D_USED] = 0;
  rt.i32[w + D_VERSION]++;
  for (const [k, v] of entries) {
    rt.decref(k);
    rt.decref(v);
  }
}

/** Frees the tables of a dict being deallocated, dropping its entries. */
export function dictDealloc(rt: Runtime, d: Ref): void {
  const entries = dictEntries(rt, d);
  const w = d >> 2;
  rt.freeRaw(rt.i32[w + D_INDICES]);
  rt.freeRaw(rt.i32[w + D_ENTRIES]);
  for (const [k, v] of entries) {
    rt.decref(k);
    rt.decref(v);
  }
}

export function dictVersion(rt: Runtime, d: Ref): number {
  return rt.i32[(d >> 2) + D_VERSION];
}
