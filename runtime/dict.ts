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
 *
 * Free-threading (runtime/object_lock.ts): every mutation and every multi-step read holds the
 * dict's lock; a lookup whose key compares without Python code (a str, a small int: globals,
 * attributes, most keys) runs without it, as a sequence-lock read validated at the end, and
 * takes its reference with a try-incref (CPython 3.13t's lock-free dict reads do the same with
 * _Py_TryXGetRef). Tables replaced by a resize stay readable until every thread has passed a
 * quiescent state (runtime/heap.ts, QSBR). Hashes are computed before the lock is taken (a
 * __hash__ is Python code); a user __eq__ met while probing runs with the lock held, which the
 * same thread may re-enter (runtime/object_lock.ts says what that simplifies).
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
  try {
    allocTable(rt, ref, 8);
  } catch (e) {
    rt.freeRaw(ref); // never seen by anyone: its block goes back as it is
    throw e;
  }
  return ref;
}

function allocTable(rt: Runtime, ref: Ref, size: number): void {
  const w = ref >> 2;
  const cap = (size * 2) / 3;
  // both blocks before any field changes: a MemoryError leaves the dict as it was
  const indices = rt.newRaw(size);
  let entries: Ref;
  try {
    entries = rt.newRaw(cap * 3);
  } catch (e) {
    rt.freeRaw(indices);
    throw e;
  }
  rt.i32.fill(EMPTY, indices >> 2, (indices >> 2) + size);
  rt.i32[w + D_MASK] = size - 1;
  rt.i32[w + D_INDICES] = indices;
  rt.i32[w + D_ENTRIES] = entries;
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

/** findEntry's answer when a lock-free probe met a key that needs Python's == (or a torn table). */
const NEEDS_LOCK = -2;

/**
 * Whether `k` (a key in the table) equals `key` without running Python code: 1 yes, 0 no,
 * NEEDS_LOCK when only Python's == can tell.
 */
function pureKeyEq(rt: Runtime, k: Value, key: Value): number {
  if (k === key) return 1;
  if ((k & 1) !== 0 && (key & 1) !== 0) return 0;
  if (((k | key) & 1) === 0 && (rt.i32[(k >> 2) + OB_KIND] & 0xff) === Kind.STR && (rt.i32[(key >> 2) + OB_KIND] & 0xff) === Kind.STR) {
    return strEq(rt, k, key) ? 1 : 0;
  }
  return NEEDS_LOCK;
}

/**
 * Entry number of `key`, or -1. With `pure` (a lock-free probe) it never runs Python code: it
 * answers NEEDS_LOCK instead, and also when the walk is longer than the table (a reader that
 * saw a table being replaced).
 */
function findEntry(rt: Runtime, d: Ref, key: Value, hash: number, pure: boolean): number {
  const i32 = rt.i32;
  const w = d >> 2;
  const mask = i32[w + D_MASK];
  const indices = i32[w + D_INDICES] >> 2;
  const entries = i32[w + D_ENTRIES] >> 2;
  let perturb = hash >>> 0;
  let i = hash & mask;
  for (let steps = 0; ; steps++) {
    const ix = i32[indices + i];
    if (ix === EMPTY) return -1;
    if (ix >= 0) {
      const e = entries + ix * 3;
      if (i32[e] === hash) {
        const k = i32[e + 1];
        if (k !== NULL) {
          const same = pureKeyEq(rt, k, key);
          if (same === 1) return ix;
          if (same === NEEDS_LOCK) {
            if (pure) return NEEDS_LOCK;
            if (rt.eqOf(k, key)) {
              // the table may have been rebuilt by user __eq__ code: re-find by identity then
              if (i32[w + D_ENTRIES] >> 2 === entries) return ix;
              return findEntry(rt, d, key, hash, false);
            }
          }
        }
      }
    }
    if (pure && steps > mask) return NEEDS_LOCK;
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
  return rt.locks.critical(d, () => {
    const ix = findStrEntry(rt, d, s, jsStrHash(s));
    return ix < 0 ? NULL : entryWord(rt, d, ix, 1);
  });
}

/** The value under the str key equal to `s` as a new reference, or NULL; allocates nothing. */
export function dictGetStrRef(rt: Runtime, d: Ref, s: string): Value {
  return rt.locks.critical(d, () => {
    const ix = findStrEntry(rt, d, s, jsStrHash(s));
    return ix < 0 ? NULL : rt.newRef(entryWord(rt, d, ix, 2));
  });
}

/** Word `word` (0 hash, 1 key, 2 value) of entry `ix`. */
function entryWord(rt: Runtime, d: Ref, ix: number, word: number): Value {
  return rt.i32[(rt.i32[(d >> 2) + D_ENTRIES] >> 2) + ix * 3 + word];
}

/**
 * The value for `key` as a new reference, or NULL if absent; for sets, the key in the set.
 * Lock-free when the probe needs no Python code and nothing changed meanwhile.
 */
export function dictGetRef(rt: Runtime, d: Ref, key: Value): Value {
  const hash = keyHash(rt, key);
  const word = (rt.i32[(d >> 2) + OB_KIND] & 0xff) === Kind.SET ? 1 : 2;
  const seq = rt.locks.readBegin(d);
  if (seq !== -1) {
    const ix = findEntry(rt, d, key, hash, true);
    if (ix !== NEEDS_LOCK) {
      const v = ix < 0 ? NULL : entryWord(rt, d, ix, word);
      if (rt.locks.readValid(d, seq) && (v === NULL || rt.rc.tryIncref(v))) {
        // compare after the incref too: the object may have been freed and its block reused
        if (v === NULL || rt.locks.readValid(d, seq)) return v;
        rt.decref(v);
      }
    }
  }
  return rt.locks.critical(d, () => {
    const ix = findEntry(rt, d, key, hash, false);
    return ix < 0 ? NULL : rt.newRef(entryWord(rt, d, ix, word));
  });
}

export function dictContains(rt: Runtime, d: Ref, key: Value): boolean {
  const hash = keyHash(rt, key);
  const seq = rt.locks.readBegin(d);
  if (seq !== -1) {
    const ix = findEntry(rt, d, key, hash, true);
    if (ix !== NEEDS_LOCK && rt.locks.readValid(d, seq)) return ix >= 0;
  }
  return rt.locks.critical(d, () => findEntry(rt, d, key, hash, false) >= 0);
}

/** Inserts or replaces; borrows `key` and `value` (takes its own references). */
export function dictSet(rt: Runtime, d: Ref, key: Value, value: Value): void {
  const hash = keyHash(rt, key);
  const i32 = rt.i32;
  const w = d >> 2;
  const old = rt.locks.critical(d, () => {
    const ix = findEntry(rt, d, key, hash, false);
    if (ix >= 0) {
      const e = (i32[w + D_ENTRIES] >> 2) + ix * 3;
      const was = i32[e + 2];
      if (value !== NULL) rt.incref(value);
      i32[e + 2] = value;
      return was;
    }
    if (i32[w + D_NENTRIES] >= i32[w + D_CAP]) resize(rt, d); // may raise MemoryError: nothing taken yet
    if (value !== NULL) rt.incref(value);
    rt.incref(key);
    insertNew(rt, d, hash, key, value);
    i32[w + D_USED]++;
    i32[w + D_VERSION]++;
    return NULL;
  });
  rt.decref(old); // after the lock: the old value's teardown may touch other objects
}

/**
 * The value for `key` as a new reference, inserting `dflt` (borrowed) first when absent — one
 * step under the lock, so two threads cannot both insert (dict.setdefault is atomic in 3.13t).
 */
export function dictSetDefault(rt: Runtime, d: Ref, key: Value, dflt: Value): Value {
  const hash = keyHash(rt, key);
  const i32 = rt.i32;
  const w = d >> 2;
  return rt.locks.critical(d, () => {
    const ix = findEntry(rt, d, key, hash, false);
    if (ix >= 0) return rt.newRef(entryWord(rt, d, ix, 2));
    if (i32[w + D_NENTRIES] >= i32[w + D_CAP]) resize(rt, d);
    rt.incref(key);
    rt.incref(dflt);
    insertNew(rt, d, hash, key, dflt);
    i32[w + D_USED]++;
    i32[w + D_VERSION]++;
    return rt.newRef(dflt);
  });
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
  const e = (i32[w + D_ENTRIES] >> 2) + n * 3;
  i32[e] = hash;
  i32[e + 1] = key;
  i32[e + 2] = value;
  i32[w + D_NENTRIES] = n + 1;
  i32[indices + i] = n; // last: a lock-free reader that finds the index finds a whole entry
}

/** Rebuilds the table for the live entries, compacting deleted ones away (the caller holds the lock). */
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

/** Unlinks entry `ix` (with hash `hash`) and returns its key and value (the caller holds the lock and owns them now). */
function removeEntry(rt: Runtime, d: Ref, ix: number, hash: number): [Value, Value] {
  const i32 = rt.i32;
  const w = d >> 2;
  const e = (i32[w + D_ENTRIES] >> 2) + ix * 3;
  const k = i32[e + 1];
  const v = i32[e + 2];
  // mark the index slot that pointed at this entry as a dummy first, so readers stop finding it
  const mask = i32[w + D_MASK];
  const indices = i32[w + D_INDICES] >> 2;
  let perturb = hash >>> 0;
  let i = hash & mask;
  while (i32[indices + i] !== ix) {
    perturb >>>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
  i32[indices + i] = DUMMY;
  i32[e + 1] = NULL;
  i32[e + 2] = NULL;
  i32[w + D_USED]--;
  i32[w + D_VERSION]++;
  return [k, v];
}

/** Removes `key`; returns the removed value (owned by the caller) or NULL if absent. */
export function dictPop(rt: Runtime, d: Ref, key: Value): Value {
  const hash = keyHash(rt, key);
  const removed = rt.locks.critical(d, () => {
    const ix = findEntry(rt, d, key, hash, false);
    return ix < 0 ? null : removeEntry(rt, d, ix, hash);
  });
  if (removed === null) return NULL;
  const [k, v] = removed;
  rt.decref(k);
  // sets store no value: hand back a reference to something non-NULL
  if (v === NULL) return rt.newRef(rt.True);
  return v;
}

/**
 * Removes one entry and returns its key and value (owned; the value NULL for sets) and its
 * entry number, or null when empty: the last live entry (dict.popitem, LIFO), or the first live
 * one at or after `from` (set.pop's finger). The dead entries left at the end are dropped, as
 * CPython does (dk_nentries), so repeated pops stay O(1).
 */
export function dictPopEntry(rt: Runtime, d: Ref, from: number | "last"): [Value, Value, number] | null {
  return rt.locks.critical(d, () => {
    const i32 = rt.i32;
    const w = d >> 2;
    if (i32[w + D_USED] === 0) return null;
    let ix: number;
    if (from === "last") {
      ix = i32[w + D_NENTRIES] - 1;
      while (ix >= 0 && entryWord(rt, d, ix, 1) === NULL) ix--;
    } else {
      ix = dictNext(rt, d, from);
      if (ix < 0) ix = dictNext(rt, d, 0);
    }
    const [k, v] = removeEntry(rt, d, ix, entryWord(rt, d, ix, 0));
    let n = i32[w + D_NENTRIES];
    while (n > 0 && entryWord(rt, d, n - 1, 1) === NULL) n--;
    i32[w + D_NENTRIES] = n;
    return [k, v, ix];
  });
}

export function dictLen(rt: Runtime, d: Ref): number {
  return rt.i32[(d >> 2) + D_USED];
}

/** The next live entry number at or after `pos`, or -1 (the caller holds the lock, or the dict is its own). */
function dictNext(rt: Runtime, d: Ref, pos: number): number {
  const i32 = rt.i32;
  const w = d >> 2;
  const n = i32[w + D_NENTRIES];
  const entries = i32[w + D_ENTRIES] >> 2;
  for (let i = pos; i < n; i++) if (i32[entries + i * 3 + 1] !== NULL) return i;
  return -1;
}

/**
 * Iteration step: the next live entry at or after `pos`, as [entry number, key, value] with new
 * references (the value NULL for sets), or null at the end.
 */
export function dictIterNext(rt: Runtime, d: Ref, pos: number): [number, Value, Value] | null {
  return rt.locks.critical(d, () => {
    const ix = dictNext(rt, d, pos);
    if (ix < 0) return null;
    const k = entryWord(rt, d, ix, 1);
    const v = entryWord(rt, d, ix, 2);
    rt.incref(k);
    if (v !== NULL) rt.incref(v);
    return [ix, k, v];
  });
}

/** Every key, in order, as new references (release them with `releaseAll`). */
export function dictKeysSnapshot(rt: Runtime, d: Ref): Value[] {
  return rt.locks.critical(d, () => {
    const out: Value[] = [];
    for (let i = dictNext(rt, d, 0); i >= 0; i = dictNext(rt, d, i + 1)) out.push(rt.newRef(entryWord(rt, d, i, 1)));
    return out;
  });
}

/** Every [key, value] pair, in order, as new references (release them with `releasePairs`). */
export function dictSnapshot(rt: Runtime, d: Ref): [Value, Value][] {
  return rt.locks.critical(d, () => {
    const out: [Value, Value][] = [];
    for (let i = dictNext(rt, d, 0); i >= 0; i = dictNext(rt, d, i + 1)) {
      const v = entryWord(rt, d, i, 2);
      if (v !== NULL) rt.incref(v);
      out.push([rt.newRef(entryWord(rt, d, i, 1)), v]);
    }
    return out;
  });
}

/** Drops the references of a `dictSnapshot`. */
export function releasePairs(rt: Runtime, pairs: [Value, Value][]): void {
  for (const [k, v] of pairs) {
    rt.decref(k);
    rt.decref(v);
  }
}

/**
 * The entries of a dict nobody else can reach any more (being deallocated, or at exit), borrowed,
 * without the lock.
 */
export function dictEntriesUnshared(rt: Runtime, d: Ref): [Value, Value][] {
  const out: [Value, Value][] = [];
  for (let i = dictNext(rt, d, 0); i >= 0; i = dictNext(rt, d, i + 1)) out.push([entryWord(rt, d, i, 1), entryWord(rt, d, i, 2)]);
  return out;
}

/** Drops every entry (the dict stays usable). */
export function dictClear(rt: Runtime, d: Ref): void {
  const entries = rt.locks.critical(d, () => {
    const taken = dictEntriesUnshared(rt, d);
    const w = d >> 2;
    const indices = rt.i32[w + D_INDICES];
    const table = rt.i32[w + D_ENTRIES];
    allocTable(rt, d, 8);
    rt.i32[w + D_USED] = 0;
    rt.i32[w + D_VERSION]++;
    rt.freeRaw(indices);
    rt.freeRaw(table);
    return taken;
  });
  releasePairs(rt, entries);
}

/** Frees the tables of a dict being deallocated, dropping its entries. */
export function dictDealloc(rt: Runtime, d: Ref): void {
  const entries = dictEntriesUnshared(rt, d);
  const w = d >> 2;
  rt.freeRaw(rt.i32[w + D_INDICES]);
  rt.freeRaw(rt.i32[w + D_ENTRIES]);
  releasePairs(rt, entries);
}

export function dictVersion(rt: Runtime, d: Ref): number {
  return rt.i32[(d >> 2) + D_VERSION];
}
