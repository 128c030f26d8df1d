/**
 * Methods of dict, set and frozenset (CPython's Objects/dictobject.c and setobject.c), with
 * CPython 3.11's argument checking and error messages. dict and set share the hash table of
 * runtime/dict.ts; a set's entries carry no value (NULL).
 *
 * Set algorithms follow setobject.c (which operand is iterated, which element ends up in the
 * result), so `{1}.intersection([1.0])` is `{1.0}` as in CPython.
 */
import type { Interpreter } from "../interpreter.js";
import { argCount, noKwargs, type NativeTable } from "../native.js";
import * as A from "../abstract.js";
import { HEADER_WORDS, Kind, NULL, type Ref, type Value } from "../../runtime/layout.js";
import { PyError } from "../../runtime/py_error.js";
import { T } from "../../runtime/types.js";
import {
  dictClear, dictContains, dictGetRef, dictLen, dictPop, dictPopEntry, dictSet, dictSetDefault, dictVersion, newDict,
} from "../../runtime/dict.js";
import { newTuple } from "../../runtime/tuple.js";
import { intern } from "../../runtime/intern.js";

/**
 * Natives of these tables that are classmethods in CPython (called with the class as `self`):
 * the type's dict should hold them wrapped in a classmethod, and a call through the class must
 * not apply the "descriptor ... doesn't apply to a ... object" check to the class.
 */
export const CLASS_METHODS: ReadonlySet<string> = new Set(["dict.fromkeys"]);

// ---- helpers ---------------------------------------------------------------------------------

/**
 * Calls `fn` on each item of `iterable` (an owned reference, dropped after the call); stops when
 * `fn` returns true. Built-in containers are snapshotted first, so `fn` may change them.
 */
function forEach(vm: Interpreter, iterable: Value, fn: (x: Value) => boolean | void): void {
  const rt = vm.rt;
  const kind = A.kindOf(vm, iterable);
  if (kind === Kind.SET || kind === Kind.DICT || kind === Kind.LIST || kind === Kind.TUPLE) {
    const items = A.toArray(vm, iterable);
    let i = 0;
    try {
      for (; i < items.length; i++) if (fn(items[i]) === true) break;
    } finally {
      for (const x of items) rt.decref(x);
    }
    return;
  }
  const it = A.getIter(vm, iterable);
  try {
    for (let x = A.iterNext(vm, it); x !== NULL; x = A.iterNext(vm, it)) {
      let stop: boolean | void;
      try {
        stop = fn(x);
      } finally {
        rt.decref(x);
      }
      if (stop === true) return;
    }
  } finally {
    rt.decref(it);
  }
}

function addKey(vm: Interpreter, s: Ref, key: Value): void {
  dictSet(vm.rt, s, key, NULL);
}

/** Removes `key` from set `s` if present; true if it was. */
function discardKey(vm: Interpreter, s: Ref, key: Value): boolean {
  const v = dictPop(vm.rt, s, key);
  if (v === NULL) return false;
  vm.rt.decref(v);
  return true;
}

// ---- dict -------------------------------------------------------------------------------------

function newView(vm: Interpreter, d: Ref, which: number): Ref {
  const rt = vm.rt;
  const t = which === 0 ? T.dict_keys : which === 1 ? T.dict_values : T.dict_items;
  const view = rt.newObject(Kind.DICT_VIEW, rt.types[t], 2);
  rt.incref(d);
  vm.i32[(view >> 2) + HEADER_WORDS] = d;
  vm.i32[(view >> 2) + HEADER_WORDS + 1] = which;
  return view;
}

/**
 * dict.update(arg)'s merge of one positional argument (CPython's dict_update_arg): a dict, a
 * mapping (anything with a `keys` method: keys() then arg[key]), or an iterable of pairs.
 */
export function dictMergeArg(vm: Interpreter, d: Ref, arg: Value): void {
  const rt = vm.rt;
  if (A.kindOf(vm, arg) === Kind.DICT) {
    A.withEntries(vm, arg, (entries) => {
      for (const [k, v] of entries) dictSet(rt, d, k, v);
    });
    return;
  }
  const keysFn = A.getAttrOrNull(vm, arg, intern(rt, "keys"));
  if (keysFn !== NULL) {
    let keys: Value = NULL;
    let it: Value = NULL;
    try {
      keys = vm.call(keysFn, []);
      it = A.getIter(vm, keys);
      for (let k = A.iterNext(vm, it); k !== NULL; k = A.iterNext(vm, it)) {
        try {
          const v = A.getItem(vm, arg, k);
          try {
            dictSet(rt, d, k, v);
          } finally {
            rt.decref(v);
          }
        } finally {
          rt.decref(k);
        }
      }
    } finally {
      rt.decref(it);
      rt.decref(keys);
      rt.decref(keysFn);
    }
    return;
  }
  const it = A.getIter(vm, arg);
  try {
    let i = 0;
    for (let item = A.iterNext(vm, it); item !== NULL; item = A.iterNext(vm, it), i++) {
      try {
        const kind = A.kindOf(vm, item);
        let parts: Value[];
        if (kind === Kind.LIST || kind === Kind.TUPLE) parts = A.toArray(vm, item);
        else {
          const sub = A.getIterOrNull(vm, item);
          if (sub === NULL) throw new PyError("TypeError", `cannot convert dictionary update sequence element #${i} to a sequence`);
          try {
            parts = A.toArray(vm, sub);
          } finally {
            rt.decref(sub);
          }
        }
        try {
          if (parts.length !== 2) {
            throw new PyError("ValueError", `dictionary update sequence element #${i} has length ${parts.length}; 2 is required`);
          }
          dictSet(rt, d, parts[0], parts[1]);
        } finally {
          for (const p of parts) rt.decref(p);
        }
      } finally {
        rt.decref(item);
      }
    }
  } finally {
    rt.decref(it);
  }
}

/** A plain dict with the entries of `d`. */
function copyPlainDict(vm: Interpreter, d: Ref): Ref {
  const rt = vm.rt;
  const out = newDict(rt, Kind.DICT);
  A.withEntries(vm, d, (entries) => {
    for (const [k, v] of entries) dictSet(rt, out, k, v);
  });
  return out;
}

export const DICT_METHODS: NativeTable = {
  get(vm, self, args, kwnames) {
    noKwargs("dict.get", kwnames);
    argCount("get", args, 1, 2);
    const rt = vm.rt;
    const v = dictGetRef(rt, self, args[0]);
    if (v !== NULL) return v;
    return rt.newRef(args.length > 1 ? args[1] : rt.None);
  },

  keys(vm, self, args, kwnames) {
    noKwargs("dict.keys", kwnames);
    argCount("dict.keys", args, 0, 0);
    return newView(vm, self, 0);
  },

  values(vm, self, args, kwnames) {
    noKwargs("dict.values", kwnames);
    argCount("dict.values", args, 0, 0);
    return newView(vm, self, 1);
  },

  items(vm, self, args, kwnames) {
    noKwargs("dict.items", kwnames);
    argCount("dict.items", args, 0, 0);
    return newView(vm, self, 2);
  },

  setdefault(vm, self, args, kwnames) {
    noKwargs("dict.setdefault", kwnames);
    argCount("setdefault", args, 1, 2);
    const rt = vm.rt;
    return dictSetDefault(rt, self, args[0], args.length > 1 ? args[1] : rt.None);
  },

  pop(vm, self, args, kwnames) {
    noKwargs("dict.pop", kwnames);
    argCount("pop", args, 1, 2);
    const rt = vm.rt;
    // as CPython: an empty dict does not even hash the key
    const v = dictLen(rt, self) === 0 ? NULL : dictPop(rt, self, args[0]);
    if (v !== NULL) return v;
    if (args.length > 1) return rt.newRef(args[1]);
    throw A.keyError(vm, args[0]);
  },

  popitem(vm, self, args, kwnames) {
    noKwargs("dict.popitem", kwnames);
    argCount("dict.popitem", args, 0, 0);
    const popped = dictPopEntry(vm.rt, self, "last"); // LIFO, as CPython's
    if (popped === null) throw new PyError("KeyError", "popitem(): dictionary is empty");
    return newTuple(vm.rt, [popped[0], popped[1]]);
  },

  update(vm, self, args, kwnames) {
    const rt = vm.rt;
    const nkw = kwnames === null ? 0 : kwnames.length;
    const npos = args.length - nkw;
    if (npos > 1) throw new PyError("TypeError", `update expected at most 1 argument, got ${npos}`);
    if (npos === 1) dictMergeArg(vm, self, args[0]);
    for (let k = 0; k < nkw; k++) dictSet(rt, self, intern(rt, kwnames![k]), args[npos + k]);
    return rt.None;
  },

  copy(vm, self, args, kwnames) {
    noKwargs("dict.copy", kwnames);
    argCount("dict.copy", args, 0, 0);
    return copyPlainDict(vm, self);
  },

  clear(vm, self, args, kwnames) {
    noKwargs("dict.clear", kwnames);
    argCount("dict.clear", args, 0, 0);
    dictClear(vm.rt, self);
    return vm.rt.None;
  },

  /**
   * dict.fromkeys(iterable, value=None): a classmethod in CPython. `self` is the class when
   * called through a classmethod wrapper (dict.fromkeys(...) and {}.fromkeys(...)), or a dict
   * when the native is bound to an instance (then its type is the class).
   */
  fromkeys(vm, self, args, kwnames) {
    noKwargs("dict.fromkeys", kwnames);
    argCount("fromkeys", args, 1, 2);
    const rt = vm.rt;
    const cls = A.kindOf(vm, self) === Kind.TYPE ? self : A.typeOf(vm, self);
    const value = args.length > 1 ? args[1] : rt.None;
    const exact = cls === rt.types[T.dict];
    const d = exact ? newDict(rt, Kind.DICT) : vm.call(cls, []);
    try {
      forEach(vm, args[0], (k) => {
        if (exact) dictSet(rt, d, k, value);
        else A.setItem(vm, d, k, value);
      });
    } catch (e) {
      rt.decref(d);
      throw e;
    }
    return d;
  },

  __contains__(vm, self, args, kwnames) {
    noKwargs("dict.__contains__", kwnames);
    argCount("dict.__contains__", args, 1, 1);
    return vm.rt.bool(dictContains(vm.rt, self, args[0]));
  },

  __getitem__(vm, self, args, kwnames) {
    noKwargs("dict.__getitem__", kwnames);
    argCount("dict.__getitem__", args, 1, 1);
    return A.getItem(vm, self, args[0]);
  },
};

// ---- set / frozenset ----------------------------------------------------------------------

function isFrozen(vm: Interpreter, s: Value): boolean {
  return A.typeOf(vm, s) === vm.rt.types[T.frozenset];
}

/** "set" or "frozenset": the type whose method runs (for messages). */
function setName(vm: Interpreter, s: Value): string {
  return isFrozen(vm, s) ? "frozenset" : "set";
}

/** An empty set of the same type as `s` (set or frozenset). */
function newSetLike(vm: Interpreter, s: Value): Ref {
  return newDict(vm.rt, Kind.SET, vm.rt.types[isFrozen(vm, s) ? T.frozenset : T.set]);
}

/** A new set of the type of `s` with its elements. */
function copySet(vm: Interpreter, s: Ref): Ref {
  const out = newSetLike(vm, s);
  A.withKeys(vm, s, (keys) => {
    for (const k of keys) addKey(vm, out, k);
  });
  return out;
}

/** The mutating methods are shared with frozenset's table: they refuse frozensets. */
function mutable(vm: Interpreter, s: Value, name: string): void {
  if (isFrozen(vm, s)) throw new PyError("AttributeError", `'frozenset' object has no attribute '${name}'`);
}

function isSet(vm: Interpreter, v: Value): boolean {
  return A.kindOf(vm, v) === Kind.SET;
}

/**
 * Runs `fn` with a key usable for lookups: a (mutable, unhashable) set is looked up as the
 * equal frozenset, as set.discard/remove/__contains__ do.
 */
function withKey<R>(vm: Interpreter, key: Value, fn: (k: Value) => R): R {
  if (isSet(vm, key) && !isFrozen(vm, key)) {
    const rt = vm.rt;
    const tmp = newDict(rt, Kind.SET, rt.types[T.frozenset]);
    try {
      A.withKeys(vm, key, (keys) => {
        for (const k of keys) addKey(vm, tmp, k);
      });
      return fn(tmp);
    } finally {
      rt.decref(tmp);
    }
  }
  return fn(key);
}

/** Runs `body` on a fresh set `res`, dropping it when `body` throws. */
function building(vm: Interpreter, res: Ref, body: (res: Ref) => void): Ref {
  try {
    body(res);
  } catch (e) {
    vm.rt.decref(res);
    throw e;
  }
  return res;
}

/** set_intersection: a new set (of the type of `s`) with the elements of `s` also in `other`. */
function intersect(vm: Interpreter, s: Ref, other: Value, typeOf: Value): Ref {
  const rt = vm.rt;
  return building(vm, newSetLike(vm, typeOf), (res) => {
    if (isSet(vm, other)) {
      // iterate over the smaller set (CPython: swap when other is larger … not larger → other)
      let small = other;
      let big = s;
      if (dictLen(rt, other) > dictLen(rt, s)) {
        small = s;
        big = other;
      }
      forEach(vm, small, (k) => {
        if (dictContains(rt, big, k)) addKey(vm, res, k);
      });
      return;
    }
    forEach(vm, other, (k) => {
      if (dictContains(rt, s, k)) addKey(vm, res, k);
    });
  });
}

/** A new set (of the type of `s`) with the elements of `s` not in `other`. */
function subtract(vm: Interpreter, s: Ref, other: Value): Ref {
  const rt = vm.rt;
  const kind = A.kindOf(vm, other);
  if (kind === Kind.SET || kind === Kind.DICT) {
    return building(vm, newSetLike(vm, s), (res) => {
      forEach(vm, s, (k) => {
        if (!dictContains(rt, other, k)) addKey(vm, res, k);
      });
    });
  }
  return building(vm, copySet(vm, s), (res) => {
    forEach(vm, other, (k) => {
      discardKey(vm, res, k);
    });
  });
}

/** Replaces the contents of set `s` with the elements of `src`. */
function replaceContents(vm: Interpreter, s: Ref, src: Ref): void {
  const rt = vm.rt;
  A.withKeys(vm, src, (keys) => {
    dictClear(rt, s);
    for (const k of keys) addKey(vm, s, k);
  });
}

/** A set with the elements of any iterable (deduplicated, for symmetric difference). */
function setOf(vm: Interpreter, iterable: Value): Ref {
  return building(vm, newDict(vm.rt, Kind.SET), (res) => {
    forEach(vm, iterable, (k) => addKey(vm, res, k));
  });
}

/** symmetric_difference_update of `s` with the elements of `other` (a set). */
function toggleAll(vm: Interpreter, s: Ref, other: Ref): void {
  forEach(vm, other, (k) => {
    if (!discardKey(vm, s, k)) addKey(vm, s, k);
  });
}

function isSubset(vm: Interpreter, a: Ref, b: Ref): boolean {
  const rt = vm.rt;
  if (dictLen(rt, a) > dictLen(rt, b)) return false;
  let ok = true;
  forEach(vm, a, (k) => {
    if (!dictContains(rt, b, k)) {
      ok = false;
      return true;
    }
    return false;
  });
  return ok;
}

/** set.pop's finger: where the last pop of a set left off, while the set is unchanged since. */
const popFinger = new Map<Ref, [version: number, next: number]>();

export const SET_METHODS: NativeTable = {
  add(vm, self, args, kwnames) {
    mutable(vm, self, "add");
    noKwargs("set.add", kwnames);
    argCount("set.add", args, 1, 1);
    addKey(vm, self, args[0]);
    return vm.rt.None;
  },

  discard(vm, self, args, kwnames) {
    mutable(vm, self, "discard");
    noKwargs("set.discard", kwnames);
    argCount("set.discard", args, 1, 1);
    withKey(vm, args[0], (k) => discardKey(vm, self, k));
    return vm.rt.None;
  },

  remove(vm, self, args, kwnames) {
    mutable(vm, self, "remove");
    noKwargs("set.remove", kwnames);
    argCount("set.remove", args, 1, 1);
    if (!withKey(vm, args[0], (k) => discardKey(vm, self, k))) throw A.keyError(vm, args[0]);
    return vm.rt.None;
  },

  pop(vm, self, args, kwnames) {
    mutable(vm, self, "pop");
    noKwargs("set.pop", kwnames);
    argCount("set.pop", args, 0, 0);
    const rt = vm.rt;
    const f = popFinger.get(self);
    const popped = dictPopEntry(rt, self, f !== undefined && f[0] === dictVersion(rt, self) ? f[1] : 0);
    if (popped === null) throw new PyError("KeyError", "pop from an empty set");
    const [key, , ix] = popped;
    if (popFinger.size >= 64 && !popFinger.has(self)) popFinger.clear();
    popFinger.set(self, [dictVersion(rt, self), ix + 1]);
    return key;
  },

  clear(vm, self, args, kwnames) {
    mutable(vm, self, "clear");
    noKwargs("set.clear", kwnames);
    argCount("set.clear", args, 0, 0);
    dictClear(vm.rt, self);
    return vm.rt.None;
  },

  copy(vm, self, args, kwnames) {
    const name = setName(vm, self);
    noKwargs(`${name}.copy`, kwnames);
    argCount(`${name}.copy`, args, 0, 0);
    if (isFrozen(vm, self)) return vm.rt.newRef(self);
    return copySet(vm, self);
  },

  union(vm, self, args, kwnames) {
    noKwargs(`${setName(vm, self)}.union`, kwnames);
    return building(vm, copySet(vm, self), (res) => {
      for (const other of args) forEach(vm, other, (k) => addKey(vm, res, k));
    });
  },

  intersection(vm, self, args, kwnames) {
    noKwargs(`${setName(vm, self)}.intersection`, kwnames);
    const rt = vm.rt;
    if (args.length === 0) return copySet(vm, self);
    let res = intersect(vm, self, args[0], self);
    for (let i = 1; i < args.length; i++) {
      let next: Ref;
      try {
        next = intersect(vm, res, args[i], self);
      } finally {
        rt.decref(res);
      }
      res = next;
    }
    return res;
  },

  difference(vm, self, args, kwnames) {
    noKwargs(`${setName(vm, self)}.difference`, kwnames);
    const rt = vm.rt;
    let res = copySet(vm, self);
    for (const other of args) {
      let next: Ref;
      try {
        next = subtract(vm, res, other);
      } finally {
        rt.decref(res);
      }
      res = next;
    }
    return res;
  },

  symmetric_difference(vm, self, args, kwnames) {
    const name = setName(vm, self);
    noKwargs(`${name}.symmetric_difference`, kwnames);
    argCount(`${name}.symmetric_difference`, args, 1, 1);
    const rt = vm.rt;
    const other = isSet(vm, args[0]) ? rt.newRef(args[0]) : setOf(vm, args[0]);
    try {
      return building(vm, copySet(vm, self), (res) => toggleAll(vm, res, other));
    } finally {
      rt.decref(other);
    }
  },

  update(vm, self, args, kwnames) {
    mutable(vm, self, "update");
    noKwargs("set.update", kwnames);
    for (const other of args) forEach(vm, other, (k) => addKey(vm, self, k));
    return vm.rt.None;
  },

  intersection_update(vm, self, args, kwnames) {
    mutable(vm, self, "intersection_update");
    noKwargs("set.intersection_update", kwnames);
    const res = SET_METHODS.intersection(vm, self, args, null);
    try {
      replaceContents(vm, self, res);
    } finally {
      vm.rt.decref(res);
    }
    return vm.rt.None;
  },

  difference_update(vm, self, args, kwnames) {
    mutable(vm, self, "difference_update");
    noKwargs("set.difference_update", kwnames);
    for (const other of args) {
      if (other === self) dictClear(vm.rt, self);
      else forEach(vm, other, (k) => {
        discardKey(vm, self, k);
      });
    }
    return vm.rt.None;
  },

  symmetric_difference_update(vm, self, args, kwnames) {
    mutable(vm, self, "symmetric_difference_update");
    noKwargs("set.symmetric_difference_update", kwnames);
    argCount("set.symmetric_difference_update", args, 1, 1);
    const rt = vm.rt;
    if (args[0] === self) {
      dictClear(rt, self);
      return rt.None;
    }
    const other = isSet(vm, args[0]) ? rt.newRef(args[0]) : setOf(vm, args[0]);
    try {
      toggleAll(vm, self, other);
    } finally {
      rt.decref(other);
    }
    return rt.None;
  },

  issubset(vm, self, args, kwnames) {
    const name = setName(vm, self);
    noKwargs(`${name}.issubset`, kwnames);
    argCount(`${name}.issubset`, args, 1, 1);
    const rt = vm.rt;
    const other = isSet(vm, args[0]) ? rt.newRef(args[0]) : setOf(vm, args[0]);
    try {
      return rt.bool(isSubset(vm, self, other));
    } finally {
      rt.decref(other);
    }
  },

  issuperset(vm, self, args, kwnames) {
    const name = setName(vm, self);
    noKwargs(`${name}.issuperset`, kwnames);
    argCount(`${name}.issuperset`, args, 1, 1);
    const rt = vm.rt;
    if (isSet(vm, args[0])) return rt.bool(isSubset(vm, args[0], self));
    let ok = true;
    forEach(vm, args[0], (k) => {
      if (!withKey(vm, k, (key) => dictContains(rt, self, key))) {
        ok = false;
        return true;
      }
      return false;
    });
    return rt.bool(ok);
  },

  isdisjoint(vm, self, args, kwnames) {
    const name = setName(vm, self);
    noKwargs(`${name}.isdisjoint`, kwnames);
    argCount(`${name}.isdisjoint`, args, 1, 1);
    const rt = vm.rt;
    let small: Value = args[0];
    let big: Value = self;
    if (isSet(vm, args[0]) && dictLen(rt, args[0]) > dictLen(rt, self)) {
      small = self;
      big = args[0];
    }
    let disjoint = true;
    forEach(vm, small, (k) => {
      if (dictContains(rt, big, k)) {
        disjoint = false;
        return true;
      }
      return false;
    });
    return rt.bool(disjoint);
  },

  __contains__(vm, self, args, kwnames) {
    const name = setName(vm, self);
    noKwargs(`${name}.__contains__`, kwnames);
    argCount(`${name}.__contains__`, args, 1, 1);
    return vm.rt.bool(withKey(vm, args[0], (k) => dictContains(vm.rt, self, k)));
  },
};

/**
 * frozenset's own table (the non-mutating methods), for natives.ts to register instead of
 * SET_METHODS so that `hasattr(frozenset(), "add")` is False as in CPython.
 */
export const FROZENSET_METHODS: NativeTable = {
  copy: SET_METHODS.copy,
  union: SET_METHODS.union,
  intersection: SET_METHODS.intersection,
  difference: SET_METHODS.difference,
  symmetric_difference: SET_METHODS.symmetric_difference,
  issubset: SET_METHODS.issubset,
  issuperset: SET_METHODS.issuperset,
  isdisjoint: SET_METHODS.isdisjoint,
  __contains__: SET_METHODS.__contains__,
};
