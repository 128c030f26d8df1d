/**
 * Function-like objects: Python functions, cells, bound methods, built-in functions, and the
 * small wrappers (property, staticmethod, classmethod).
 *
 * function:  w6 code  w7 globals  w8 defaults (tuple|NULL)  w9 kwdefaults (dict|NULL)
 *            w10 closure (tuple of cells|NULL)  w11 name  w12 qualname  w13 attribute dict|NULL
 *            w14 module name (str)
 * cell:      w6 contents (NULL when empty)
 * method:    w6 function  w7 self
 * builtin:   w6 native id (index into vm/natives.ts)  w7 bound self or NULL  w8 name (str)
 */
import type { Runtime } from "./context.js";
import { HEADER_WORDS, Kind, NULL, type Ref, type Value } from "./layout.js";
import { T } from "./types.js";

export const FN_CODE = HEADER_WORDS;
export const FN_GLOBALS = HEADER_WORDS + 1;
export const FN_DEFAULTS = HEADER_WORDS + 2;
export const FN_KWDEFAULTS = HEADER_WORDS + 3;
export const FN_CLOSURE = HEADER_WORDS + 4;
export const FN_NAME = HEADER_WORDS + 5;
export const FN_QUALNAME = HEADER_WORDS + 6;
export const FN_DICT = HEADER_WORDS + 7;
export const FN_MODULE = HEADER_WORDS + 8;
const FUNCTION_WORDS = 9;

export const CELL_REF = HEADER_WORDS;
export const METHOD_FUNC = HEADER_WORDS;
export const METHOD_SELF = HEADER_WORDS + 1;
export const BI_ID = HEADER_WORDS;
export const BI_SELF = HEADER_WORDS + 1;
export const BI_NAME = HEADER_WORDS + 2;
/** property / staticmethod / classmethod: the wrapped callable. */
export const WRAPPED = HEADER_WORDS;

/** All reference arguments are owned and move into the new function. */
export function newFunction(
  rt: Runtime, code: Ref, globals: Ref, defaults: Value, kwdefaults: Value, closure: Value,
  name: Ref, qualname: Ref, module: Value,
): Ref {
  const ref = rt.newObject(Kind.FUNCTION, rt.types[T.function], FUNCTION_WORDS);
  const w = ref >> 2;
  const i32 = rt.i32;
  i32[w + FN_CODE] = code;
  i32[w + FN_GLOBALS] = globals;
  i32[w + FN_DEFAULTS] = defaults;
  i32[w + FN_KWDEFAULTS] = kwdefaults;
  i32[w + FN_CLOSURE] = closure;
  i32[w + FN_NAME] = name;
  i32[w + FN_QUALNAME] = qualname;
  i32[w + FN_DICT] = NULL;
  i32[w + FN_MODULE] = module;
  return ref;
}

/** A new cell holding `v` (owned) or empty. */
export function newCell(rt: Runtime, v: Value): Ref {
  const ref = rt.newObject(Kind.CELL, rt.types[T.cell], 1);
  rt.i32[(ref >> 2) + CELL_REF] = v;
  return ref;
}

/**
 * A cell's content as a new reference, or NULL when empty. Closures share cells between threads,
 * so without the GIL this is a single-slot lock-free read with a try-incref, falling back to
 * the cell's lock when the content is being replaced and dying (runtime/object_lock.ts).
 */
export function cellGetRef(rt: Runtime, cell: Ref): Value {
  const w = (cell >> 2) + CELL_REF;
  const v = rt.i32[w];
  if (v === NULL) return v;
  if (rt.rc.tryIncref(v)) {
    if (rt.i32[w] === v) return v; // still the cell's: not a block freed and reused meanwhile
    rt.decref(v);
  }
  return rt.locks.critical(cell, () => rt.newRef(rt.i32[w]));
}

/** Stores `v` (owned, or NULL to empty it) in a cell; returns the old content (owned, maybe NULL). */
export function cellSwap(rt: Runtime, cell: Ref, v: Value): Value {
  const w = (cell >> 2) + CELL_REF;
  return rt.locks.critical(cell, () => {
    const old = rt.i32[w];
    rt.i32[w] = v;
    return old;
  });
}

/** A bound method; borrows func and self. */
export function newMethod(rt: Runtime, func: Value, self: Value): Ref {
  const ref = rt.newObject(Kind.METHOD, rt.types[T.method], 2);
  rt.incref(func);
  rt.incref(self);
  rt.i32[(ref >> 2) + METHOD_FUNC] = func;
  rt.i32[(ref >> 2) + METHOD_SELF] = self;
  return ref;
}

/** A built-in function object; `self` (borrowed) binds it as a method, `name` is borrowed. */
export function newBuiltin(rt: Runtime, id: number, self: Value, name: Ref): Ref {
  const ref = rt.newObject(Kind.BUILTIN, rt.types[T.builtin_function_or_method], 3);
  const w = ref >> 2;
  if (self !== NULL) rt.incref(self);
  rt.incref(name);
  rt.i32[w + BI_ID] = id;
  rt.i32[w + BI_SELF] = self;
  rt.i32[w + BI_NAME] = name;
  return ref;
}

/** property / staticmethod / classmethod around `fn` (borrowed). */
export function newWrapper(rt: Runtime, kind: Kind, type: T, fn: Value): Ref {
  const ref = rt.newObject(kind, rt.types[type], 1);
  rt.incref(fn);
  rt.i32[(ref >> 2) + WRAPPED] = fn;
  return ref;
}
