/**
 * Iterators of the built-in kinds, one heap layout for all (Kind.ITER):
 *
 *   w6  IterKind   w7  source (owned)   w8  position   w9  aux (owned or NULL)   w10 size at start
 *
 * plus `range` objects (w6 start, w7 stop, w8 step as ints, w9 length) and the dispatch of
 * iter()/next() over generators and classes with __iter__/__next__/__getitem__.
 */
import type { Interpreter } from "./interpreter.js";
import { PyThrow } from "./interpreter.js";
import { HEADER_WORDS, Kind, NULL, OB_KIND, type Ref, type Value } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import { T } from "../runtime/types.js";
import { newIntFromNumber } from "../runtime/int.js";
import { listGetRef, listLen } from "../runtime/list.js";
import { newTuple, tupleItem, tupleLen } from "../runtime/tuple.js";
import { strCodeAt, strLen } from "../runtime/str.js";
import { dictIterNext, dictLen } from "../runtime/dict.js";
import * as A from "./abstract.js";

export const IT_KIND = HEADER_WORDS;
export const IT_SRC = HEADER_WORDS + 1;
export const IT_POS = HEADER_WORDS + 2;
export const IT_AUX = HEADER_WORDS + 3;
export const IT_SIZE = HEADER_WORDS + 4;

export const enum IterKind {
  LIST, TUPLE, STR, RANGE, DICT_KEYS, DICT_VALUES, DICT_ITEMS, SET, ENUMERATE, ZIP, MAP, FILTER,
  REVERSED, SEQ,
}

/** Names `type(it).__name__` reports, by IterKind (CPython 3.11's). */
export const ITER_TYPE_NAMES = [
  "list_iterator", "tuple_iterator", "str_ascii_iterator", "range_iterator", "dict_keyiterator",
  "dict_valueiterator", "dict_itemiterator", "set_iterator", "enumerate", "zip", "map", "filter",
  "reversed", "iterator",
];

/** A new iterator; `src` and `aux` are borrowed. */
export function newIter(vm: Interpreter, kind: IterKind, src: Value, aux: Value = NULL, pos = 0): Ref {
  const rt = vm.rt;
  const it = rt.newObject(Kind.ITER, rt.types[T.iterator], 5);
  const w = it >> 2;
  rt.incref(src);
  if (aux !== NULL) rt.incref(aux);
  vm.i32[w + IT_KIND] = kind;
  vm.i32[w + IT_SRC] = src;
  vm.i32[w + IT_POS] = pos;
  vm.i32[w + IT_AUX] = aux;
  vm.i32[w + IT_SIZE] = 0;
  return it;
}

export function newRange(vm: Interpreter, start: number, stop: number, step: number): Ref {
  const rt = vm.rt;
  if (step === 0) throw new PyError("ValueError", "range() arg 3 must not be zero");
  let n = 0;
  if (step > 0 && start < stop) n = Math.floor((stop - start - 1) / step) + 1;
  else if (step < 0 && start > stop) n = Math.floor((start - stop - 1) / -step) + 1;
  if (n > 0x7fffffff) throw new PyError("OverflowError", "Python int too large to convert to C ssize_t");
  const r = rt.newObject(Kind.RANGE, rt.types[T.range], 4);
  const w = (r >> 2) + HEADER_WORDS;
  vm.i32[w] = newIntFromNumber(rt, start);
  vm.i32[w + 1] = newIntFromNumber(rt, stop);
  vm.i32[w + 2] = newIntFromNumber(rt, step);
  vm.i32[w + 3] = n;
  return r;
}

/** iter(v) → owned iterator, or NULL if v is not iterable. */
export function getIter(vm: Interpreter, v: Value): Value {
  const rt = vm.rt;
  switch (A.kindOf(vm, v)) {
    case Kind.LIST: return newIter(vm, IterKind.LIST, v);
    case Kind.TUPLE: return newIter(vm, IterKind.TUPLE, v);
    case Kind.STR: return newIter(vm, IterKind.STR, v);
    case Kind.RANGE: return newIter(vm, IterKind.RANGE, v);
    case Kind.DICT: return dictIter(vm, v, IterKind.DICT_KEYS);
    case Kind.SET: return dictIter(vm, v, IterKind.SET);
    case Kind.DICT_VIEW: {
      const d = vm.i32[(v >> 2) + HEADER_WORDS];
      const which = vm.i32[(v >> 2) + HEADER_WORDS + 1];
      return dictIter(vm, d, [IterKind.DICT_KEYS, IterKind.DICT_VALUES, IterKind.DICT_ITEMS][which]);
    }
    case Kind.GENERATOR:
    case Kind.ITER:
      return rt.newRef(v);
    case Kind.INSTANCE: {
      const r = A.callSpecial(vm, v, "__iter__", []);
      if (r !== NULL) {
        if (A.kindOf(vm, r) === Kind.INSTANCE && A.lookupSpecial(vm, r, "__next__") === NULL) {
          const name = A.typeName(vm, r);
          rt.decref(r);
          throw new PyError("TypeError", `iter() returned non-iterator of type '${name}'`);
        }
        return r;
      }
      if (A.lookupSpecial(vm, v, "__getitem__") !== NULL) return newIter(vm, IterKind.SEQ, v);
      return NULL;
    }
  }
  return NULL;
}

function dictIter(vm: Interpreter, d: Ref, kind: IterKind): Ref {
  const it = newIter(vm, kind, d);
  vm.i32[(it >> 2) + IT_SIZE] = dictLen(vm.rt, d);
  return it;
}

/** next(it) → owned item, or NULL when exhausted. */
export function iterNext(vm: Interpreter, it: Value): Value {
  const rt = vm.rt;
  const i32 = vm.i32;
  if ((it & 1) === 0 && it !== NULL) {
    const kind = i32[(it >> 2) + OB_KIND] & 0xff;
    if (kind === Kind.ITER) return builtinNext(vm, it);
    if (kind === Kind.GENERATOR) {
      const v = vm.resumeGenerator(it, NULL);
      if (v === NULL) rt.decref(vm.genReturn);
      return v;
    }
    if (kind === Kind.INSTANCE) {
      const m = A.lookupSpecial(vm, it, "__next__");
      if (m !== NULL) {
        try {
          return vm.callBound(m, it, []);
        } catch (e) {
          if (isStopIteration(vm, e)) return NULL;
          throw e;
        }
      }
    }
  }
  throw new PyError("TypeError", `'${A.typeName(vm, it)}' object is not an iterator`);
}

/** True (and the exception dropped) when `e` is a StopIteration. */
export function isStopIteration(vm: Interpreter, e: unknown): boolean {
  if (e instanceof PyThrow && A.isInstanceT(vm, e.exc, T.StopIteration)) {
    vm.rt.decref(e.exc);
    return true;
  }
  return e instanceof PyError && e.pyType === "StopIteration";
}

function builtinNext(vm: Interpreter, it: Ref): Value {
  const rt = vm.rt;
  const i32 = vm.i32;
  const w = it >> 2;
  const src = i32[w + IT_SRC];
  const pos = i32[w + IT_POS];
  switch (i32[w + IT_KIND] as IterKind) {
    case IterKind.LIST: {
      const v = src === NULL ? NULL : listGetRef(rt, src, pos);
      if (v === NULL) return exhaust(vm, it);
      i32[w + IT_POS] = pos + 1;
      return v;
    }
    case IterKind.TUPLE: {
      if (src === NULL || pos >= tupleLen(rt, src)) return exhaust(vm, it);
      i32[w + IT_POS] = pos + 1;
      return rt.newRef(tupleItem(rt, src, pos));
    }
    case IterKind.STR: {
      if (src === NULL || pos >= strLen(rt, src)) return exhaust(vm, it);
      i32[w + IT_POS] = pos + 1;
      return A.charStr(vm, strCodeAt(rt, src, pos));
    }
    case IterKind.RANGE: {
      if (src === NULL) return NULL;
      const r = (src >> 2) + HEADER_WORDS;
      if (pos >= i32[r + 3]) return exhaust(vm, it);
      i32[w + IT_POS] = pos + 1;
      const start = i32[r];
      const step = i32[r + 2];
      if ((start & step & 1) !== 0) return newIntFromNumber(rt, (start >> 1) + pos * (step >> 1));
      return newIntFromNumber(rt, Number(A.intOf(vm, start)) + pos * Number(A.intOf(vm, step)));
    }
    case IterKind.DICT_KEYS:
    case IterKind.DICT_VALUES:
    case IterKind.DICT_ITEMS:
    case IterKind.SET: {
      if (src === NULL) return NULL;
      if (dictLen(rt, src) !== i32[w + IT_SIZE]) {
        i32[w + IT_SIZE] = -1; // stays broken, as CPython's
        const what = i32[w + IT_KIND] === IterKind.SET ? "Set" : "dictionary";
        throw new PyError("RuntimeError", `${what} changed size during iteration`);
      }
      const next = dictIterNext(rt, src, pos);
      if (next === null) return exhaust(vm, it);
      const [ix, k, v] = next;
      i32[w + IT_POS] = ix + 1;
      const kind = i32[w + IT_KIND];
      if (kind === IterKind.DICT_VALUES) {
        rt.decref(k);
        return v;
      }
      if (kind === IterKind.DICT_ITEMS) return newTuple(rt, [k, v]);
      rt.decref(v);
      return k;
    }
    case IterKind.ENUMERATE: {
      const v = iterNext(vm, src);
      if (v === NULL) return NULL;
      const count = i32[w + IT_AUX];
      const next = A.binaryOp(vm, count, 3, 0); // count + 1 (3 is the tagged 1)
      i32[w + IT_AUX] = next;
      return newTuple(rt, [count, v]); // the old count's reference moves into the tuple
    }
    case IterKind.ZIP: {
      const n = tupleLen(rt, src);
      if (n === 0) return NULL;
      const items: Value[] = [];
      for (let i = 0; i < n; i++) {
        const v = iterNext(vm, tupleItem(rt, src, i));
        if (v === NULL) {
          for (const x of items) rt.decref(x);
          return NULL;
        }
        items.push(v);
      }
      return newTuple(rt, items);
    }
    case IterKind.MAP: {
      const n = tupleLen(rt, src);
      const args: Value[] = [];
      for (let i = 0; i < n; i++) {
        const v = iterNext(vm, tupleItem(rt, src, i));
        if (v === NULL) {
          for (const x of args) rt.decref(x);
          return NULL;
        }
        args.push(v);
      }
      try {
        return vm.call(i32[w + IT_AUX], args);
      } finally {
        for (const x of args) rt.decref(x);
      }
    }
    case IterKind.FILTER: {
      const fn = i32[w + IT_AUX];
      for (;;) {
        const v = iterNext(vm, src);
        if (v === NULL) return NULL;
        let keep: boolean;
        try {
          if (fn === rt.None) keep = A.truthy(vm, v);
          else {
            const r = vm.call(fn, [v]);
            keep = A.truthy(vm, r);
            rt.decref(r);
          }
        } catch (e) {
          rt.decref(v);
          throw e;
        }
        if (keep) return v;
        rt.decref(v);
      }
    }
    case IterKind.REVERSED: {
      if (src === NULL || pos < 0) return NULL;
      const n = A.len(vm, src);
      if (pos >= n) return exhaust(vm, it);
      i32[w + IT_POS] = pos - 1;
      return A.getItem(vm, src, newIntFromNumber(rt, pos));
    }
    case IterKind.SEQ: {
      if (src === NULL) return NULL;
      try {
        const v = A.getItem(vm, src, newIntFromNumber(rt, pos));
        i32[w + IT_POS] = pos + 1;
        return v;
      } catch (e) {
        if ((e instanceof PyError && (e.pyType === "IndexError" || e.pyType === "StopIteration")) ||
            (e instanceof PyThrow && (A.isInstanceT(vm, e.exc, T.IndexError) || A.isInstanceT(vm, e.exc, T.StopIteration)))) {
          if (e instanceof PyThrow) rt.decref(e.exc);
          return exhaust(vm, it);
        }
        throw e;
      }
    }
  }
  return NULL;
}

/** Marks an iterator exhausted (dropping its source, as CPython does) and returns NULL. */
function exhaust(vm: Interpreter, it: Ref): Value {
  const w = it >> 2;
  const src = vm.i32[w + IT_SRC];
  vm.i32[w + IT_SRC] = NULL;
  vm.rt.decref(src);
  return NULL;
}
