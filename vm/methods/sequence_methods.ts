/**
 * Methods of list, tuple and range (CPython's Objects/listobject.c, tupleobject.c,
 * rangeobject.c), with CPython 3.11's argument checking and error messages.
 *
 * The sort is CPython's timsort for lists shorter than 64 items — count_run, then a binary
 * insertion sort — so user-defined `__lt__` methods see the very same comparisons as under
 * CPython (and an exception leaves the same partial order); longer lists merge the minrun-sized
 * runs with a plain stable merge (no galloping), so only the comparison sequence differs.
 */
import type { Interpreter } from "../interpreter.js";
import { argCount, noKwargs, type NativeFn, type NativeTable } from "../native.js";
import * as A from "../abstract.js";
import { HEADER_WORDS, Kind, NULL, OB_KIND, type Value } from "../../runtime/layout.js";
import { PyError } from "../../runtime/py_error.js";
import {
  LIST_CAP, LIST_ITEMS, LIST_LEN, listAppend, listClear, listExtend, listGetRef, listInsert, listLen, listPop,
  listReverse, listSnapshot, newList, releaseAll,
} from "../../runtime/list.js";
import { tupleItem, tupleLen } from "../../runtime/tuple.js";
import { newInt, newIntFromNumber } from "../../runtime/int.js";
import { floatValue } from "../../runtime/float.js";
import { strCompare } from "../../runtime/str.js";

// ---- argument conversion helpers (shared with mapping_methods.ts) --------------------------

const SSIZE_MAX = 9223372036854775807n;
const SSIZE_MIN = -9223372036854775808n;

/** An int-like value (int, bool, or a class with __index__) as a bigint, or null if not one. */
function indexBig(vm: Interpreter, v: Value): bigint | null {
  if (A.numKind(vm, v) === 0) return A.bigOf(vm, v);
  if (A.kindOf(vm, v) === Kind.INSTANCE) {
    const r = A.callSpecial(vm, v, "__index__", []);
    if (r !== NULL) {
      try {
        if (A.numKind(vm, r) !== 0) {
          throw new PyError("TypeError", `__index__ returned non-int (type ${A.typeName(vm, r)})`);
        }
        return A.bigOf(vm, r);
      } finally {
        vm.rt.decref(r);
      }
    }
  }
  return null;
}

/**
 * CPython's Py_ssize_t argument conversion (PyNumber_AsSsize_t with OverflowError): the JS number
 * (values beyond 2**53 are approximate, which only matters for clamping), TypeError for non-ints.
 */
export function ssizeArg(vm: Interpreter, v: Value): number {
  if ((v & 1) !== 0) return v >> 1;
  const b = indexBig(vm, v);
  if (b === null) throw new PyError("TypeError", `'${A.typeName(vm, v)}' object cannot be interpreted as an integer`);
  if (b > SSIZE_MAX || b < SSIZE_MIN) throw new PyError("OverflowError", "Python int too large to convert to C ssize_t");
  return Number(b);
}

/** _PyEval_SliceIndexNotNone: an int-like value, clamped to the Py_ssize_t range. */
function sliceIndexArg(vm: Interpreter, v: Value): number {
  if ((v & 1) !== 0) return v >> 1;
  const b = indexBig(vm, v);
  if (b === null) throw new PyError("TypeError", "slice indices must be integers or have an __index__ method");
  if (b > SSIZE_MAX) return Number(SSIZE_MAX);
  if (b < SSIZE_MIN) return Number(SSIZE_MIN);
  return Number(b);
}

/** The [start, stop) bounds of an index(x, start, stop) call, for a sequence of length n. */
function searchBounds(vm: Interpreter, args: Value[], n: number): [number, number] {
  let start = args.length > 1 ? sliceIndexArg(vm, args[1]) : 0;
  let stop = args.length > 2 ? sliceIndexArg(vm, args[2]) : Number.MAX_SAFE_INTEGER;
  if (start < 0) {
    start += n;
    if (start < 0) start = 0;
  }
  if (stop < 0) {
    stop += n;
    if (stop < 0) stop = 0;
  }
  return [start, stop];
}

/** list[i] == x, the item held alive across the user code __eq__ may run; false past the end. */
function eqAt(vm: Interpreter, list: Value, i: number, x: Value): boolean {
  const rt = vm.rt;
  const item = listGetRef(rt, list, i);
  if (item === NULL) return false;
  try {
    return A.eq(vm, item, x);
  } finally {
    rt.decref(item);
  }
}

// ---- sorting --------------------------------------------------------------------------------

type Less = (a: Value, b: Value) => boolean;

/** `a < b` as list.sort compares (PyObject_RichCompareBool(a, b, Py_LT)), with fast paths. */
function makeLess(vm: Interpreter): Less {
  const rt = vm.rt;
  const i32 = vm.i32;
  return (a, b) => {
    if ((a & b & 1) !== 0) return a < b; // two tagged ints: the tagging keeps the order
    if (((a | b) & 1) === 0) {
      const ka = i32[(a >> 2) + OB_KIND] & 0xff;
      const kb = i32[(b >> 2) + OB_KIND] & 0xff;
      if (ka === Kind.STR && kb === Kind.STR) return strCompare(rt, a, b) < 0;
      if (ka === Kind.FLOAT && kb === Kind.FLOAT) return floatValue(rt, a) < floatValue(rt, b);
    }
    return A.compareBool(vm, a, b, 0);
  };
}

function reverseRange(keys: Value[], vals: Value[] | null, lo: number, hi: number): void {
  for (let i = lo, j = hi - 1; i < j; i++, j--) {
    const t = keys[i];
    keys[i] = keys[j];
    keys[j] = t;
    if (vals !== null) {
      const u = vals[i];
      vals[i] = vals[j];
      vals[j] = u;
    }
  }
}

/** timsort's merge_compute_minrun. */
function computeMinrun(n: number): number {
  let r = 0;
  while (n >= 64) {
    r |= n & 1;
    n >>= 1;
  }
  return n + r;
}

/** timsort's count_run: [length of the run starting at lo, strictly descending?]. */
function countRun(keys: Value[], lo: number, hi: number, lt: Less): [number, boolean] {
  if (lo + 1 === hi) return [1, false];
  let n = 2;
  let i = lo + 1;
  if (lt(keys[i], keys[i - 1])) {
    for (i++; i < hi; i++, n++) if (!lt(keys[i], keys[i - 1])) break;
    return [n, true];
  }
  for (i++; i < hi; i++, n++) if (lt(keys[i], keys[i - 1])) break;
  return [n, false];
}

/** timsort's binarysort: [lo, start) is sorted; inserts [start, hi) one by one. */
function binarySort(keys: Value[], vals: Value[] | null, lo: number, hi: number, start: number, lt: Less): void {
  if (lo === start) start++;
  for (; start < hi; start++) {
    let l = lo;
    let r = start;
    const pivot = keys[r];
    do {
      const p = l + ((r - l) >> 1);
      if (lt(pivot, keys[p])) r = p;
      else l = p + 1;
    } while (l < r);
    for (let p = start; p > l; p--) keys[p] = keys[p - 1];
    keys[l] = pivot;
    if (vals !== null) {
      const pv = vals[start];
      for (let p = start; p > l; p--) vals[p] = vals[p - 1];
      vals[l] = pv;
    }
  }
}

/**
 * Stable merge of the adjacent sorted runs [lo, mid) and [mid, hi). Should a comparison throw,
 * the arrays still hold a permutation of their items (as CPython's merge_lo guarantees).
 */
function mergeRuns(keys: Value[], vals: Value[] | null, lo: number, mid: number, hi: number, lt: Less): void {
  const tk = keys.slice(lo, mid);
  const tv = vals === null ? null : vals.slice(lo, mid);
  let i = 0;
  let j = mid;
  let k = lo;
  const nl = mid - lo;
  try {
    while (i < nl && j < hi) {
      if (lt(keys[j], tk[i])) {
        keys[k] = keys[j];
        if (vals !== null) vals[k] = vals[j];
        j++;
      } else {
        keys[k] = tk[i];
        if (vals !== null) vals[k] = tv![i];
        i++;
      }
      k++;
    }
  } finally {
    // whatever is left of the left run goes right before the rest of the right run
    for (; i < nl; i++, k++) {
      keys[k] = tk[i];
      if (vals !== null) vals[k] = tv![i];
    }
  }
}

/** Sorts `keys` (and `vals` alongside, when given) in place, stably, by `<`. */
function timsort(keys: Value[], vals: Value[] | null, lt: Less): void {
  const n = keys.length;
  if (n < 2) return;
  const minrun = computeMinrun(n);
  let runs: [number, number][] = [];
  let lo = 0;
  let remaining = n;
  while (remaining > 0) {
    let [len, descending] = countRun(keys, lo, lo + remaining, lt);
    if (descending) reverseRange(keys, vals, lo, lo + len);
    if (len < minrun) {
      const force = remaining <= minrun ? remaining : minrun;
      binarySort(keys, vals, lo, lo + force, lo + len, lt);
      len = force;
    }
    runs.push([lo, len]);
    lo += len;
    remaining -= len;
  }
  while (runs.length > 1) {
    const next: [number, number][] = [];
    for (let r = 0; r + 1 < runs.length; r += 2) {
      const [a, la] = runs[r];
      const lb = runs[r + 1][1];
      mergeRuns(keys, vals, a, a + la, a + la + lb, lt);
      next.push([a, la + lb]);
    }
    if (runs.length % 2 === 1) next.push(runs[runs.length - 1]);
    runs = next;
  }
}

/**
 * Sorts `items` in place as list.sort does: the key function called once per item (in order),
 * `reverse` by reversing before and after a stable sort. When a key call or a comparison throws,
 * `items` still holds the same values (a permutation of them) and the error propagates. No
 * reference counts change: the caller's ownership of the items is untouched.
 */
function sortInPlace(vm: Interpreter, items: Value[], key: Value, reverse: boolean): void {
  const rt = vm.rt;
  const n = items.length;
  let keys: Value[] | null = null;
  if (key !== NULL && key !== rt.None) {
    keys = [];
    try {
      for (let i = 0; i < n; i++) keys.push(vm.call(key, [items[i]]));
    } catch (e) {
      for (const k of keys) rt.decref(k);
      throw e;
    }
  }
  try {
    if (reverse && n > 1) {
      reverseRange(items, keys, 0, n);
    }
    try {
      if (keys === null) timsort(items, null, makeLess(vm));
      else timsort(keys, items, makeLess(vm));
    } finally {
      if (reverse && n > 1) reverseRange(items, keys, 0, n);
    }
  } finally {
    if (keys !== null) for (const k of keys) rt.decref(k);
  }
}

/**
 * sorted()'s sort: returns a new array with the values of `items` in sorted order (`items` is
 * left as it was; no reference counts change). `key` is NULL or None for no key function.
 */
export function sortValues(vm: Interpreter, items: Value[], key: Value, reverse: boolean): Value[] {
  const out = items.slice();
  sortInPlace(vm, out, key, reverse);
  return out;
}

/** A boolean flag argument converted as CPython's `bool(accept={int})` does (_PyLong_AsInt). */
function intFlag(vm: Interpreter, v: Value): boolean {
  if ((v & 1) !== 0) return v !== 1;
  const b = indexBig(vm, v);
  if (b === null) throw new PyError("TypeError", `'${A.typeName(vm, v)}' object cannot be interpreted as an integer`);
  if (b > 2147483647n || b < -2147483648n) throw new PyError("OverflowError", "Python int too large to convert to C int");
  return b !== 0n;
}

const listSort: NativeFn = (vm, self, args, kwnames) => {
  const rt = vm.rt;
  const i32 = vm.i32;
  const nkw = kwnames === null ? 0 : kwnames.length;
  if (args.length - nkw > 0) throw new PyError("TypeError", "sort() takes no positional arguments");
  if (nkw > 2) throw new PyError("TypeError", `sort() takes at most 2 keyword arguments (${nkw} given)`);
  let key: Value = NULL;
  let reverse = false;
  for (let k = 0; k < nkw; k++) {
    const name = kwnames![k];
    const v = args[args.length - nkw + k];
    if (name === "key") key = v;
    else if (name === "reverse") reverse = intFlag(vm, v);
    else throw new PyError("TypeError", `'${name}' is an invalid keyword argument for sort()`);
  }
  // As CPython: the list looks empty while it is sorted, with its items block set aside (so
  // key functions and __lt__ methods, on this thread or another, see an empty list).
  const w = self >> 2;
  const [savedLen, savedCap, savedBlock] = rt.locks.critical(self, () => {
    const saved = [i32[w + LIST_LEN], i32[w + LIST_CAP], i32[w + LIST_ITEMS]];
    i32[w + LIST_LEN] = 0;
    i32[w + LIST_CAP] = 0;
    i32[w + LIST_ITEMS] = NULL;
    return saved;
  });
  const items = savedBlock === NULL ? [] : Array.from(i32.subarray(savedBlock >> 2, (savedBlock >> 2) + savedLen));
  let error: unknown = null;
  try {
    sortInPlace(vm, items, key, reverse);
  } catch (e) {
    error = e;
  }
  // Whatever user code put in the list meanwhile is dropped; the (sorted) items come back.
  const [finalBlock, finalLen, modified] = rt.locks.critical(self, () => {
    const found = [i32[w + LIST_ITEMS], i32[w + LIST_LEN], i32[w + LIST_CAP]];
    i32[w + LIST_LEN] = savedLen;
    i32[w + LIST_CAP] = savedCap;
    i32[w + LIST_ITEMS] = savedBlock;
    const b = savedBlock >> 2;
    for (let i = 0; i < items.length; i++) i32[b + i] = items[i];
    return [found[0], found[1], found[0] !== NULL || found[1] !== 0 || found[2] !== 0] as const;
  });
  const dropped: Value[] = [];
  if (finalBlock !== NULL) {
    for (let i = 0; i < finalLen; i++) dropped.push(i32[(finalBlock >> 2) + i]);
    rt.freeRaw(finalBlock);
  }
  releaseAll(rt, dropped);
  if (error !== null) throw error;
  if (modified) throw new PyError("ValueError", "list modified during sort");
  return rt.None;
};

// ---- list -----------------------------------------------------------------------------------

export const LIST_METHODS: NativeTable = {
  append(vm, self, args, kwnames) {
    noKwargs("list.append", kwnames);
    argCount("list.append", args, 1, 1);
    vm.rt.incref(args[0]);
    listAppend(vm.rt, self, args[0]);
    return vm.rt.None;
  },

  extend(vm, self, args, kwnames) {
    noKwargs("list.extend", kwnames);
    argCount("list.extend", args, 1, 1);
    const rt = vm.rt;
    const src = args[0];
    const kind = A.kindOf(vm, src);
    if (kind === Kind.LIST || kind === Kind.TUPLE) {
      listExtend(rt, self, A.toArray(vm, src)); // a snapshot first: l.extend(l) doubles the list
      return rt.None;
    }
    // as CPython: items are appended as they come (an exception keeps those appended so far)
    const it = A.getIter(vm, src);
    try {
      for (let x = A.iterNext(vm, it); x !== NULL; x = A.iterNext(vm, it)) listAppend(rt, self, x);
    } finally {
      rt.decref(it);
    }
    return rt.None;
  },

  pop(vm, self, args, kwnames) {
    noKwargs("list.pop", kwnames);
    argCount("pop", args, 0, 1);
    const rt = vm.rt;
    const i = args.length > 0 ? ssizeArg(vm, args[0]) : -1;
    const v = listPop(rt, self, i);
    if (v !== NULL) return v;
    throw new PyError("IndexError", listLen(rt, self) === 0 ? "pop from empty list" : "pop index out of range");
  },

  insert(vm, self, args, kwnames) {
    noKwargs("list.insert", kwnames);
    argCount("insert", args, 2, 2);
    const rt = vm.rt;
    let i = ssizeArg(vm, args[0]);
    if (i < 0) i = Math.max(0, i + listLen(rt, self)); // another thread may change the length: clamped again under the lock
    rt.incref(args[1]);
    listInsert(rt, self, i, args[1]);
    return rt.None;
  },

  remove(vm, self, args, kwnames) {
    noKwargs("list.remove", kwnames);
    argCount("list.remove", args, 1, 1);
    const rt = vm.rt;
    for (let i = 0; i < listLen(rt, self); i++) {
      if (eqAt(vm, self, i, args[0])) {
        // user __eq__ code may have shrunk the list meanwhile (CPython clamps the same way)
        rt.decref(listPop(rt, self, i));
        return rt.None;
      }
    }
    throw new PyError("ValueError", "list.remove(x): x not in list");
  },

  index(vm, self, args, kwnames) {
    noKwargs("list.index", kwnames);
    argCount("index", args, 1, 3);
    const rt = vm.rt;
    const [start, stop] = searchBounds(vm, args, listLen(rt, self));
    for (let i = start; i < stop && i < listLen(rt, self); i++) {
      if (eqAt(vm, self, i, args[0])) return newIntFromNumber(rt, i);
    }
    throw new PyError("ValueError", `${A.repr(vm, args[0])} is not in list`);
  },

  count(vm, self, args, kwnames) {
    noKwargs("list.count", kwnames);
    argCount("list.count", args, 1, 1);
    const rt = vm.rt;
    let c = 0;
    for (let i = 0; i < listLen(rt, self); i++) if (eqAt(vm, self, i, args[0])) c++;
    return newIntFromNumber(rt, c);
  },

  sort: listSort,

  reverse(vm, self, args, kwnames) {
    noKwargs("list.reverse", kwnames);
    argCount("list.reverse", args, 0, 0);
    listReverse(vm.rt, self);
    return vm.rt.None;
  },

  copy(vm, self, args, kwnames) {
    noKwargs("list.copy", kwnames);
    argCount("list.copy", args, 0, 0);
    return newList(vm.rt, listSnapshot(vm.rt, self));
  },

  clear(vm, self, args, kwnames) {
    noKwargs("list.clear", kwnames);
    argCount("list.clear", args, 0, 0);
    listClear(vm.rt, self);
    return vm.rt.None;
  },

  __len__(vm, self, args, kwnames) {
    if (kwnames !== null && kwnames.length > 0) throw new PyError("TypeError", "wrapper __len__() takes no keyword arguments");
    if (args.length !== 0) throw new PyError("TypeError", `expected 0 arguments, got ${args.length}`);
    return newIntFromNumber(vm.rt, listLen(vm.rt, self));
  },
};

// ---- tuple ----------------------------------------------------------------------------------

export const TUPLE_METHODS: NativeTable = {
  index(vm, self, args, kwnames) {
    noKwargs("tuple.index", kwnames);
    argCount("index", args, 1, 3);
    const rt = vm.rt;
    const n = tupleLen(rt, self);
    const [start, stop] = searchBounds(vm, args, n);
    for (let i = start; i < stop && i < n; i++) {
      if (A.eq(vm, tupleItem(rt, self, i), args[0])) return newIntFromNumber(rt, i);
    }
    throw new PyError("ValueError", "tuple.index(x): x not in tuple");
  },

  count(vm, self, args, kwnames) {
    noKwargs("tuple.count", kwnames);
    argCount("tuple.count", args, 1, 1);
    const rt = vm.rt;
    const n = tupleLen(rt, self);
    let c = 0;
    for (let i = 0; i < n; i++) if (A.eq(vm, tupleItem(rt, self, i), args[0])) c++;
    return newIntFromNumber(rt, c);
  },
};

// ---- range ----------------------------------------------------------------------------------

/** [start, step, length] of a range object. */
function rangeParts(vm: Interpreter, r: Value): [bigint, bigint, number] {
  const w = (r >> 2) + HEADER_WORDS;
  return [A.bigOf(vm, vm.i32[w]), A.bigOf(vm, vm.i32[w + 2]), vm.i32[w + 3]];
}

/** Position of the int `x` in range `r`, or -1. */
function rangeFind(vm: Interpreter, r: Value, x: Value): number {
  const [start, step, n] = rangeParts(vm, r);
  const d = A.bigOf(vm, x) - start;
  if (d % step !== 0n) return -1;
  const q = d / step;
  return q >= 0n && q < BigInt(n) ? Number(q) : -1;
}

/** _PySequence_IterSearch over a range for a non-int: every position whose item == x. */
function rangeSearch(vm: Interpreter, r: Value, x: Value, firstOnly: boolean): number[] {
  const rt = vm.rt;
  const [start, step, n] = rangeParts(vm, r);
  const found: number[] = [];
  for (let i = 0; i < n; i++) {
    const item = newInt(rt, start + BigInt(i) * step);
    let same: boolean;
    try {
      same = A.eq(vm, item, x);
    } finally {
      rt.decref(item);
    }
    if (same) {
      found.push(i);
      if (firstOnly) break;
    }
  }
  return found;
}

export const RANGE_METHODS: NativeTable = {
  index(vm, self, args, kwnames) {
    noKwargs("range.index", kwnames);
    argCount("range.index", args, 1, 1);
    const x = args[0];
    if (A.numKind(vm, x) === 0) {
      const i = rangeFind(vm, self, x);
      if (i >= 0) return newIntFromNumber(vm.rt, i);
      throw new PyError("ValueError", `${A.repr(vm, x)} is not in range`);
    }
    const found = rangeSearch(vm, self, x, true);
    if (found.length > 0) return newIntFromNumber(vm.rt, found[0]);
    throw new PyError("ValueError", "sequence.index(x): x not in sequence");
  },

  count(vm, self, args, kwnames) {
    noKwargs("range.count", kwnames);
    argCount("range.count", args, 1, 1);
    const x = args[0];
    if (A.numKind(vm, x) === 0) return newIntFromNumber(vm.rt, rangeFind(vm, self, x) >= 0 ? 1 : 0);
    return newIntFromNumber(vm.rt, rangeSearch(vm, self, x, false).length);
  },
};
