/**
 * The object protocols (CPython's Objects/abstract.c and object.c): attribute access, binary
 * and comparison operators with their dunder fallbacks, truth, hashing, subscripts, `in`,
 * iteration and unpacking — for built-in kinds directly, for class instances through their
 * special methods.
 */
import type { Interpreter } from "./interpreter.js";
import { PyThrow } from "./interpreter.js";
// modules.ts imports this module back: MOD_DICT is only read inside functions, after both loaded
import { MOD_DICT } from "./modules.js";
import { HEADER_WORDS, Kind, NULL, OB_KIND, OB_TYPE, type Ref, type Value } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import { T, BUILTIN_TYPES } from "../runtime/types.js";
import { TY_BASE, TY_DICT, TY_FLAGS, TY_ID, TY_NAME, TF_EXCEPTION } from "../runtime/context.js";
import {
  dictContains, dictGetRef, dictGetStrRef, dictKeysSnapshot, dictLen, dictPop, dictSet, dictSnapshot, newDict, releasePairs,
} from "../runtime/dict.js";
import { newStr, strCodeAt, strCompare, strEq, strHash, strLen, strValue, newStrFromCodePoints } from "../runtime/str.js";
import { floatValue } from "../runtime/float.js";
import {
  listBase, listExtend, listGetRef, listLen, listPop, listReplace, listSetSlice, listSnapshot, newList, releaseAll, LIST_LEN,
} from "../runtime/list.js";
import { newTuple, tupleItems, tupleLen, TUPLE_ITEMS } from "../runtime/tuple.js";
import { newIntFromNumber } from "../runtime/int.js";
import { INST_DICT, EXC_ARGS } from "../runtime/instance.js";
import {
  BI_ID, BI_SELF, FN_DICT, FN_NAME, FN_QUALNAME, FN_MODULE, FN_CODE, METHOD_FUNC, METHOD_SELF, WRAPPED,
  newBuiltin, newMethod,
} from "../runtime/function.js";
import { hashFloat, hashInt, hash32 as fold32 } from "../runtime/hashing.js";
import { intern } from "../runtime/intern.js";
import { NB_DUNDERS, NB_RDUNDERS, NB_IDUNDERS, NB_SYMBOLS, NbOp, CMP_DUNDERS, CMP_REFLECTED, CMP_SYMBOLS, Op } from "./opcodes.js";
import { numKind, intBinop, floatBinop, numCompare, intOf, bigOf, boxInt, floatOf } from "./numeric.js";
import { NATIVES, type NativeInfo } from "./natives.js";
import { repr, str } from "./repr.js";
import { getIter as getIterImpl, iterNext as iterNextImpl } from "./iterators.js";
import { percentFormatValue } from "./format.js";
import { GEN_NAME } from "./generator.js";
import { hashTuple } from "../runtime/hashing.js";
import { newFloat } from "../runtime/float.js";
import { dictClear } from "../runtime/dict.js";
import { newRange } from "./iterators.js";

export { repr, str };

// ---- types ------------------------------------------------------------------------------

export function kindOf(vm: Interpreter, v: Value): number {
  if ((v & 1) !== 0) return Kind.INT;
  return vm.i32[(v >> 2) + OB_KIND] & 0xff;
}

export function typeOf(vm: Interpreter, v: Value): Ref {
  if ((v & 1) !== 0) return vm.rt.types[T.int];
  return vm.i32[(v >> 2) + OB_TYPE];
}

export function typeNameOfType(vm: Interpreter, type: Ref): string {
  return strValue(vm.rt, vm.i32[(type >> 2) + TY_NAME]);
}

export function typeName(vm: Interpreter, v: Value): string {
  return typeNameOfType(vm, typeOf(vm, v));
}

export function isSubtype(vm: Interpreter, t: Ref, base: Ref): boolean {
  for (let c = t; c !== NULL; c = vm.i32[(c >> 2) + TY_BASE]) if (c === base) return true;
  return false;
}

export function isInstanceT(vm: Interpreter, v: Value, t: T): boolean {
  return isSubtype(vm, typeOf(vm, v), vm.rt.types[t]);
}

export function isExceptionType(vm: Interpreter, t: Ref): boolean {
  return kindOf(vm, t) === Kind.TYPE && (vm.i32[(t >> 2) + TY_FLAGS] & TF_EXCEPTION) !== 0;
}

/** The built-in exception type named `name` (PyError.pyType), RuntimeError if unknown. */
export function builtinExceptionType(vm: Interpreter, name: string): T {
  const i = BUILTIN_TYPES.findIndex((s) => s.name === name);
  return i >= T.BaseException ? (i as T) : T.RuntimeError;
}

/**
 * A class attribute, borrowed: the reference is dropped at once, the class dict keeps the value
 * alive. Simplification without the GIL: another thread that rebinds the attribute meanwhile
 * could free the value while this thread still uses it (CPython 3.13t looks types up with
 * _PyType_LookupRef and a per-type sequence lock). Methods, the common case, are immortal once a
 * thread has started (vm/immortalize.ts), and instance and module attributes take references.
 */
function classAttr(vm: Interpreter, d: Ref, name: Ref): Value {
  const v = dictGetRef(vm.rt, d, name);
  vm.rt.decref(v);
  return v;
}

/** Looks `name` (an interned str) up along the type's base chain; borrowed or NULL. */
export function lookupType(vm: Interpreter, type: Ref, name: Ref): Value {
  const i32 = vm.i32;
  for (let c = type; c !== NULL; c = i32[(c >> 2) + TY_BASE]) {
    const d = i32[(c >> 2) + TY_DICT];
    if (d !== NULL) {
      const v = classAttr(vm, d, name);
      if (v !== NULL) return v;
    }
  }
  return NULL;
}

/** Looks `name` up in the classes of the chain only (stops at the first built-in type). */
export function lookupUser(vm: Interpreter, type: Ref, name: Ref): Value {
  const i32 = vm.i32;
  for (let c = type; c !== NULL && i32[(c >> 2) + TY_ID] < 0; c = i32[(c >> 2) + TY_BASE]) {
    const v = classAttr(vm, i32[(c >> 2) + TY_DICT], name);
    if (v !== NULL) return v;
  }
  return NULL;
}

/**
 * A special method defined by a class (not by object or a built-in type, whose behaviour the
 * protocols here implement directly); borrowed or NULL.
 */
export function lookupSpecial(vm: Interpreter, v: Value, name: string): Value {
  if (kindOf(vm, v) !== Kind.INSTANCE) return NULL;
  return lookupUser(vm, typeOf(vm, v), intern(vm.rt, name));
}

/** Calls special method `name` of a class instance if it defines one; NULL if not. */
export function callSpecial(vm: Interpreter, v: Value, name: string, args: Value[]): Value {
  const m = lookupSpecial(vm, v, name);
  if (m === NULL) return NULL;
  return vm.callBound(m, v, args);
}

export function checkSelfType(vm: Interpreter, nat: NativeInfo, self: Value): void {
  if (nat.owner === null) return;
  if (!isSubtype(vm, typeOf(vm, self), vm.rt.types[nat.owner])) {
    throw new PyError("TypeError", `descriptor '${nat.name}' for '${BUILTIN_TYPES[nat.owner].name}' objects doesn't apply to a '${typeName(vm, self)}' object`);
  }
}

// ---- attributes -------------------------------------------------------------------------

function instanceDict(vm: Interpreter, obj: Ref, create: boolean): Ref {
  const d = vm.i32[(obj >> 2) + INST_DICT];
  return d === NULL && create ? attachDict(vm, obj, INST_DICT) : d;
}

/**
 * The dict in word `word` of `obj` (an instance's or a function's __dict__), made on first use.
 * Without the GIL two threads may both find it missing: one compare-exchange installs a dict,
 * and the loser drops its own (else one thread's attribute would land in a dict nobody holds).
 */
function attachDict(vm: Interpreter, obj: Ref, word: number): Ref {
  const fresh = newDict(vm.rt);
  const seen = Atomics.compareExchange(vm.i32, (obj >> 2) + word, NULL, fresh);
  if (seen === NULL) return fresh;
  vm.rt.decref(fresh);
  return seen;
}

/** Binds what a type's dict holds to `obj` as attribute access does (functions → methods). */
function bindDescriptor(vm: Interpreter, attr: Value, obj: Value, type: Ref): Value {
  const rt = vm.rt;
  switch (kindOf(vm, attr)) {
    case Kind.FUNCTION:
      return obj === NULL ? rt.newRef(attr) : newMethod(rt, attr, obj);
    case Kind.BUILTIN: {
      const w = attr >> 2;
      const nat = NATIVES[vm.i32[w + BI_ID]];
      if (nat.method && vm.i32[w + BI_SELF] === NULL && obj !== NULL) {
        return newBuiltin(rt, vm.i32[w + BI_ID], obj, vm.i32[w + 8]);
      }
      return rt.newRef(attr);
    }
    case Kind.STATICMETHOD:
      return rt.newRef(vm.i32[(attr >> 2) + WRAPPED]);
    case Kind.CLASSMETHOD:
      return newMethod(rt, vm.i32[(attr >> 2) + WRAPPED], type);
    case Kind.PROPERTY:
      if (obj === NULL) return rt.newRef(attr);
      return vm.call(vm.i32[(attr >> 2) + WRAPPED], [obj]);
    default:
      return rt.newRef(attr);
  }
}

/** getattr(obj, name) → owned, or NULL when there is no such attribute. */
export function getAttrOrNull(vm: Interpreter, obj: Value, name: Ref): Value {
  const rt = vm.rt;
  const kind = kindOf(vm, obj);
  const i32 = vm.i32;
  if (kind === Kind.INSTANCE) {
    const type = typeOf(vm, obj);
    const cls = lookupType(vm, type, name);
    if (cls !== NULL && kindOf(vm, cls) === Kind.PROPERTY) return bindDescriptor(vm, cls, obj, type);
    const d = i32[(obj >> 2) + INST_DICT];
    if (d !== NULL) {
      const v = dictGetRef(rt, d, name);
      if (v !== NULL) return v;
    }
    if (cls !== NULL) return bindDescriptor(vm, cls, obj, type);
    const special = specialAttr(vm, obj, strValue(rt, name));
    if (special !== NULL) return special;
    const ga = lookupSpecial(vm, obj, "__getattr__");
    if (ga !== NULL) return vm.callBound(ga, obj, [name]);
    return NULL;
  }
  if (kind === Kind.TYPE) {
    for (let c = obj; c !== NULL; c = i32[(c >> 2) + TY_BASE]) {
      const d = i32[(c >> 2) + TY_DICT];
      const v = d === NULL ? NULL : dictGetRef(rt, d, name);
      if (v !== NULL) {
        try {
          return bindDescriptor(vm, v, NULL, obj);
        } finally {
          rt.decref(v);
        }
      }
    }
    return specialAttr(vm, obj, strValue(rt, name));
  }
  if (kind === Kind.SUPER) {
    // super(T, obj).name: search the chain after T, bind to obj
    const w = (obj >> 2) + HEADER_WORDS;
    const self = i32[w + 1];
    const start = i32[(i32[w] >> 2) + TY_BASE];
    const v = start === NULL ? NULL : lookupType(vm, start, name);
    if (v !== NULL) {
      const selfIsType = kindOf(vm, self) === Kind.TYPE;
      return bindDescriptor(vm, v, selfIsType ? NULL : self, selfIsType ? self : typeOf(vm, self));
    }
    return specialAttr(vm, obj, strValue(rt, name));
  }
  if (kind === Kind.MODULE) {
    const dict = moduleDictOf(vm, obj);
    const v = dictGetRef(rt, dict, name);
    if (v !== NULL) return v;
    const special = specialAttr(vm, obj, strValue(rt, name));
    if (special !== NULL) return special;
    // PEP 562: a module-level __getattr__ is asked for a name the module does not have
    const hook = dictGetStrRef(rt, dict, "__getattr__");
    if (hook === NULL) return NULL;
    try {
      return vm.call(hook, [name]);
    } finally {
      rt.decref(hook);
    }
  }
  const type = typeOf(vm, obj);
  const v = lookupType(vm, type, name);
  if (v !== NULL) return bindDescriptor(vm, v, obj, type);
  if (kind === Kind.FUNCTION) {
    const d = i32[(obj >> 2) + FN_DICT];
    const fv = d === NULL ? NULL : dictGetRef(rt, d, name);
    if (fv !== NULL) return fv;
  }
  return specialAttr(vm, obj, strValue(rt, name));
}

/** The attributes every object has that are not in any dict here (__class__, __name__, …). */
/** Whether `e` is an AttributeError; when it is a Python exception, it is released (handled). */
export function isAttributeError(vm: Interpreter, e: unknown): boolean {
  if (e instanceof PyError) return e.pyType === "AttributeError";
  if (e instanceof PyThrow && isInstanceT(vm, e.exc, T.AttributeError)) {
    vm.rt.decref(e.exc);
    return true;
  }
  return false;
}

/** A module's globals dict (borrowed). */
export function moduleDictOf(vm: Interpreter, module: Ref): Ref {
  return vm.i32[(module >> 2) + MOD_DICT];
}

function specialAttr(vm: Interpreter, obj: Value, name: string): Value {
  const rt = vm.rt;
  const i32 = vm.i32;
  const kind = kindOf(vm, obj);
  if (name === "__class__") return rt.newRef(typeOf(vm, obj));
  if (kind === Kind.TYPE) {
    const w = obj >> 2;
    switch (name) {
      case "__name__": return rt.newRef(i32[w + TY_NAME]);
      case "__qualname__": {
        const q = i32[w + HEADER_WORDS + 7];
        return rt.newRef(q === NULL ? i32[w + TY_NAME] : q);
      }
      case "__module__": {
        const m = i32[w + HEADER_WORDS + 6];
        return m === NULL ? newStr(rt, "builtins") : rt.newRef(m);
      }
      case "__base__": return rt.newRef(i32[w + TY_BASE] === NULL ? rt.None : i32[w + TY_BASE]);
      case "__bases__": {
        const b = i32[w + TY_BASE];
        return b === NULL ? rt.newRef(rt.emptyTuple) : newTuple(rt, [rt.newRef(b)]);
      }
      case "__mro__": {
        const items: Value[] = [];
        for (let c = obj; c !== NULL; c = i32[(c >> 2) + TY_BASE]) items.push(rt.newRef(c));
        return newTuple(rt, items);
      }
      case "__dict__": {
        const d = i32[w + TY_DICT];
        return d === NULL ? newDict(rt) : rt.newRef(d);
      }
      case "__doc__": return rt.None;
    }
    return NULL;
  }
  if (kind === Kind.INSTANCE) {
    if (name === "__dict__") return rt.newRef(instanceDict(vm, obj, true));
    if (isExceptionType(vm, typeOf(vm, obj))) return exceptionAttr(vm, obj, name);
    return NULL;
  }
  if (kind === Kind.FUNCTION) {
    const w = obj >> 2;
    switch (name) {
      case "__name__": return rt.newRef(i32[w + FN_NAME]);
      case "__qualname__": return rt.newRef(i32[w + FN_QUALNAME]);
      case "__module__": return rt.newRef(i32[w + FN_MODULE] === NULL ? rt.None : i32[w + FN_MODULE]);
      case "__doc__": return rt.None;
      case "__code__": return rt.newRef(i32[w + FN_CODE]);
      case "__dict__": {
        if (i32[w + FN_DICT] === NULL) attachDict(vm, obj, FN_DICT);
        return rt.newRef(i32[w + FN_DICT]);
      }
    }
    return NULL;
  }
  if (kind === Kind.BUILTIN) {
    if (name === "__name__" || name === "__qualname__") return rt.newRef(i32[(obj >> 2) + 8]);
    if (name === "__self__") {
      const s = i32[(obj >> 2) + BI_SELF];
      return rt.newRef(s === NULL ? rt.None : s);
    }
    return NULL;
  }
  if (kind === Kind.METHOD) {
    const w = obj >> 2;
    if (name === "__self__") return rt.newRef(i32[w + METHOD_SELF]);
    if (name === "__func__") return rt.newRef(i32[w + METHOD_FUNC]);
    return getAttrOrNull(vm, i32[w + METHOD_FUNC], intern(rt, name));
  }
  if (kind === Kind.MODULE && name === "__name__") return rt.newRef(i32[(obj >> 2) + HEADER_WORDS]);
  if (kind === Kind.MODULE && name === "__dict__") return rt.newRef(moduleDictOf(vm, obj));
  if (kind === Kind.GENERATOR && name === "__name__") return rt.newRef(i32[(obj >> 2) + GEN_NAME]);
  if (kind === Kind.SLICE) {
    const off = ["start", "stop", "step"].indexOf(name);
    if (off >= 0) return rt.newRef(i32[(obj >> 2) + HEADER_WORDS + off]);
  }
  if (kind === Kind.RANGE) {
    const off = ["start", "stop", "step"].indexOf(name);
    if (off >= 0) return rt.newRef(i32[(obj >> 2) + HEADER_WORDS + off]);
  }
  if (kind === Kind.PROPERTY && name === "fget") return rt.newRef(i32[(obj >> 2) + WRAPPED]);
  if (name === "__doc__") return rt.None;
  return NULL;
}

function exceptionAttr(vm: Interpreter, exc: Ref, name: string): Value {
  const rt = vm.rt;
  const w = exc >> 2;
  const field = (word: number) => rt.newRef(vm.i32[w + word] === NULL ? rt.None : vm.i32[w + word]);
  switch (name) {
    case "args": return field(EXC_ARGS);
    case "__traceback__": return field(EXC_ARGS + 1);
    case "__cause__": return field(EXC_ARGS + 2);
    case "__context__": return field(EXC_ARGS + 3);
    case "__suppress_context__": return rt.bool((vm.i32[w + EXC_ARGS + 4] & 1) !== 0);
    case "value":
    case "code": {
      if (name === "value" && !isInstanceT(vm, exc, T.StopIteration)) return NULL;
      if (name === "code" && !isInstanceT(vm, exc, T.SystemExit)) return NULL;
      const args = vm.i32[w + EXC_ARGS];
      if (args === NULL || tupleLen(rt, args) === 0) return rt.None;
      return rt.newRef(tupleItems(rt, args)[0]);
    }
  }
  return NULL;
}

/** getattr(obj, name) → owned; AttributeError with CPython's message when missing. */
export function getAttr(vm: Interpreter, obj: Value, name: Ref): Value {
  const v = getAttrOrNull(vm, obj, name);
  if (v !== NULL) return v;
  throw attributeError(vm, obj, strValue(vm.rt, name));
}

export function attributeError(vm: Interpreter, obj: Value, name: string): PyError {
  const kind = kindOf(vm, obj);
  if (kind === Kind.TYPE) return new PyError("AttributeError", `type object '${typeNameOfType(vm, obj)}' has no attribute '${name}'`);
  if (kind === Kind.MODULE) return new PyError("AttributeError", `module '${moduleName(vm, obj)}' has no attribute '${name}'`);
  return new PyError("AttributeError", `'${typeName(vm, obj)}' object has no attribute '${name}'`);
}

export function moduleName(vm: Interpreter, m: Ref): string {
  return strValue(vm.rt, vm.i32[(m >> 2) + HEADER_WORDS]);
}

/** The bound `__enter__`/`__exit__` of a context manager, with 3.11's TypeError when missing. */
export function getAttrSpecial(vm: Interpreter, obj: Value, name: string, _protocol: string): Value {
  const v = getAttrOrNull(vm, obj, intern(vm.rt, name));
  if (v === NULL) {
    throw new PyError("TypeError", `'${typeName(vm, obj)}' object does not support the context manager protocol`);
  }
  return v;
}

/**
 * For LOAD_METHOD: the function to call with `obj` as first argument, found on the type
 * (borrowed), or NULL when the attribute must be fetched normally.
 */
export function lookupMethod(vm: Interpreter, obj: Value, name: Ref): Value {
  const kind = kindOf(vm, obj);
  if (kind === Kind.TYPE || kind === Kind.MODULE || kind === Kind.SUPER) return NULL;
  const type = typeOf(vm, obj);
  const attr = lookupType(vm, type, name);
  if (attr === NULL) return NULL;
  const ak = kindOf(vm, attr);
  if (ak === Kind.FUNCTION) {
    if (kind === Kind.INSTANCE) {
      const d = vm.i32[(obj >> 2) + INST_DICT];
      if (d !== NULL && dictContains(vm.rt, d, name)) return NULL; // shadowed by the instance
    }
    return attr;
  }
  if (ak === Kind.BUILTIN) {
    const nat = NATIVES[vm.i32[(attr >> 2) + BI_ID]];
    if (nat.method && vm.i32[(attr >> 2) + BI_SELF] === NULL) return attr;
  }
  return NULL;
}

export function setAttr(vm: Interpreter, obj: Value, name: Ref, v: Value): void {
  const rt = vm.rt;
  const kind = kindOf(vm, obj);
  if (kind === Kind.INSTANCE) {
    const type = typeOf(vm, obj);
    const cls = lookupType(vm, type, name);
    if (cls !== NULL && kindOf(vm, cls) === Kind.PROPERTY) {
      throw new PyError("AttributeError", `can't set attribute '${strValue(rt, name)}'`);
    }
    const sa = lookupSpecial(vm, obj, "__setattr__");
    if (sa !== NULL) {
      rt.decref(vm.callBound(sa, obj, [name, v]));
      return;
    }
    dictSet(rt, instanceDict(vm, obj, true), name, v);
    return;
  }
  if (kind === Kind.TYPE && vm.i32[(obj >> 2) + HEADER_WORDS + 5] < 0) {
    dictSet(rt, vm.i32[(obj >> 2) + TY_DICT], name, v);
    return;
  }
  if (kind === Kind.FUNCTION) {
    const w = obj >> 2;
    if (vm.i32[w + FN_DICT] === NULL) attachDict(vm, obj, FN_DICT);
    dictSet(rt, vm.i32[w + FN_DICT], name, v);
    return;
  }
  if (kind === Kind.MODULE) {
    dictSet(rt, moduleDictOf(vm, obj), name, v);
    return;
  }
  if (kind === Kind.TYPE) {
    throw new PyError("TypeError", `cannot set '${strValue(rt, name)}' attribute of immutable type '${typeNameOfType(vm, obj)}'`);
  }
  const has = lookupType(vm, typeOf(vm, obj), name) !== NULL;
  throw new PyError("AttributeError", has
    ? `'${typeName(vm, obj)}' object attribute '${strValue(rt, name)}' is read-only`
    : `'${typeName(vm, obj)}' object has no attribute '${strValue(rt, name)}'`);
}

export function delAttr(vm: Interpreter, obj: Value, name: Ref): void {
  const rt = vm.rt;
  const kind = kindOf(vm, obj);
  const da = lookupSpecial(vm, obj, "__delattr__");
  if (da !== NULL) {
    rt.decref(vm.callBound(da, obj, [name]));
    return;
  }
  let d = NULL;
  if (kind === Kind.INSTANCE) d = vm.i32[(obj >> 2) + INST_DICT];
  else if (kind === Kind.TYPE) d = vm.i32[(obj >> 2) + TY_DICT];
  else if (kind === Kind.MODULE) d = moduleDictOf(vm, obj);
  const old = d === NULL ? NULL : dictPop(rt, d, name);
  if (old === NULL) throw attributeError(vm, obj, strValue(rt, name));
  rt.decref(old);
}

// ---- truth, hashing, equality --------------------------------------------------------------

export function truthy(vm: Interpreter, v: Value): boolean {
  const rt = vm.rt;
  if ((v & 1) !== 0) return v !== 1;
  if (v === rt.True) return true;
  if (v === rt.False || v === rt.None) return false;
  const i32 = vm.i32;
  switch (i32[(v >> 2) + OB_KIND] & 0xff) {
    case Kind.INT: return true; // heap ints are never zero
    case Kind.FLOAT: return floatValue(rt, v) !== 0;
    case Kind.STR: return strLen(rt, v) > 0;
    case Kind.TUPLE: return tupleLen(rt, v) > 0;
    case Kind.LIST: return listLen(rt, v) > 0;
    case Kind.DICT:
    case Kind.SET: return dictLen(rt, v) > 0;
    case Kind.RANGE: return i32[(v >> 2) + HEADER_WORDS + 3] > 0;
    case Kind.DICT_VIEW: return dictLen(rt, i32[(v >> 2) + HEADER_WORDS]) > 0;
    case Kind.INSTANCE: {
      const b = callSpecial(vm, v, "__bool__", []);
      if (b !== NULL) {
        if (kindOf(vm, b) !== Kind.BOOL) {
          rt.decref(b);
          throw new PyError("TypeError", `__bool__ should return bool, returned ${typeName(vm, b)}`);
        }
        return b === rt.True;
      }
      const n = callSpecial(vm, v, "__len__", []);
      if (n !== NULL) {
        const x = lenResult(vm, n);
        return x > 0;
      }
      return true;
    }
  }
  return true;
}

function lenResult(vm: Interpreter, n: Value): number {
  if (numKind(vm, n) !== 0 || kindOf(vm, n) === Kind.BOOL && false) {
    vm.rt.decref(n);
    throw new PyError("TypeError", `'${typeName(vm, n)}' object cannot be interpreted as an integer`);
  }
  const x = Number(intOf(vm, n));
  vm.rt.decref(n);
  if (x < 0) throw new PyError("ValueError", "__len__() should return >= 0");
  return x;
}

/** Python's hash(v) as a bigint (64-bit), for the hash() built-in. */
export function pyHash(vm: Interpreter, v: Value): bigint {
  const rt = vm.rt;
  switch (kindOf(vm, v)) {
    case Kind.INT:
    case Kind.BOOL: return hashInt(bigOf(vm, v));
    case Kind.FLOAT: return hashFloat(floatValue(rt, v));
    case Kind.STR: return BigInt(strHash(rt, v));
    case Kind.NONE: return 0x5f5a7a1an; // CPython 3.11 hashes None by address; any constant does
    case Kind.TUPLE: {
      // CPython's xxHash-based tuple hash over the items' hashes
      return hashTuple(tupleItems(rt, v).map((x) => pyHash(vm, x)));
    }
    case Kind.SET:
      if (typeOf(vm, v) === rt.types[T.frozenset]) {
        let h = 0n;
        withKeys(vm, v, (keys) => {
          for (const k of keys) h ^= pyHash(vm, k);
        });
        return BigInt.asIntN(64, h) === -1n ? -2n : BigInt.asIntN(64, h);
      }
      throw unhashable(vm, v);
    case Kind.LIST:
    case Kind.DICT:
      throw unhashable(vm, v);
    case Kind.INSTANCE: {
      const type = typeOf(vm, v);
      const h = lookupUser(vm, type, intern(rt, "__hash__"));
      if (h !== NULL) {
        if (h === rt.None) throw unhashable(vm, v);
        const r = vm.callBound(h, v, []);
        if (numKind(vm, r) !== 0) {
          rt.decref(r);
          throw new PyError("TypeError", "__hash__ method should return an integer");
        }
        const x = bigOf(vm, r);
        rt.decref(r);
        return hashInt(x);
      }
      // a class that defines __eq__ but not __hash__ is unhashable, as in Python 3
      if (lookupUser(vm, type, intern(rt, "__eq__")) !== NULL) throw unhashable(vm, v);
      return BigInt(v >> 3);
    }
  }
  return BigInt(v >> 3); // identity hash (CPython: id(x) >> 4)
}

function unhashable(vm: Interpreter, v: Value): PyError {
  return new PyError("TypeError", `unhashable type: '${typeName(vm, v)}'`);
}

/** The 32-bit hash the dict and set tables use (the runtime's hook). */
export function hash32(vm: Interpreter, v: Value): number {
  if ((v & 1) !== 0) {
    const n = v >> 1;
    return n === -1 ? -2 : n;
  }
  const k = kindOf(vm, v);
  if (k === Kind.STR) return strHash(vm.rt, v);
  return fold32(pyHash(vm, v));
}

/** a == b as a boolean (CPython's PyObject_RichCompareBool: identity implies equality). */
export function eq(vm: Interpreter, a: Value, b: Value): boolean {
  if (a === b) return true;
  const r = richCompare(vm, a, b, 2);
  const t = truthy(vm, r);
  vm.rt.decref(r);
  return t;
}

// ---- comparison ------------------------------------------------------------------------------

/** Built-in comparison; returns NULL when the types don't compare (NotImplemented). */
function builtinCompare(vm: Interpreter, a: Value, b: Value, op: number): Value {
  const rt = vm.rt;
  const ka = kindOf(vm, a);
  const kb = kindOf(vm, b);
  const nka = numKind(vm, a);
  const nkb = numKind(vm, b);
  if (nka >= 0 && nkb >= 0) return rt.bool(cmpResult(numCompare(vm, a, b), op));
  if (ka === Kind.STR && kb === Kind.STR) {
    if (op === 2) return rt.bool(strEq(rt, a, b));
    if (op === 3) return rt.bool(!strEq(rt, a, b));
    return rt.bool(cmpResult(strCompare(rt, a, b), op));
  }
  if ((ka === Kind.LIST && kb === Kind.LIST) || (ka === Kind.TUPLE && kb === Kind.TUPLE)) {
    return withItems(vm, a, (xs) => withItems(vm, b, (ys) => rt.bool(sequenceCompare(vm, xs, ys, op))));
  }
  if (ka === Kind.DICT && kb === Kind.DICT && (op === 2 || op === 3)) {
    return rt.bool(dictEquals(vm, a, b) === (op === 2));
  }
  if (ka === Kind.SET && kb === Kind.SET) return rt.bool(setCompare(vm, a, b, op));
  if (ka === Kind.RANGE && kb === Kind.RANGE && (op === 2 || op === 3)) {
    const same = rangeItemsKey(vm, a) === rangeItemsKey(vm, b);
    return rt.bool(same === (op === 2));
  }
  if (ka === Kind.DICT_VIEW && kb === Kind.DICT_VIEW && (op === 2 || op === 3)) {
    return NULL;
  }
  if (op === 2) return a === b ? rt.True : NULL;
  if (op === 3) return a !== b ? rt.True : NULL;
  return NULL;
}

function rangeItemsKey(vm: Interpreter, r: Ref): string {
  const w = (r >> 2) + HEADER_WORDS;
  const n = vm.i32[w + 3];
  if (n === 0) return "empty";
  const start = Number(intOf(vm, vm.i32[w]));
  const step = Number(intOf(vm, vm.i32[w + 2]));
  return n === 1 ? `${start}` : `${start}:${step}:${n}`;
}

function cmpResult(c: number, op: number): boolean {
  switch (op) {
    case 0: return c < 0;
    case 1: return c <= 0;
    case 2: return c === 0;
    case 3: return c !== 0;
    case 4: return c > 0;
    default: return c >= 0;
  }
}

function sequenceCompare(vm: Interpreter, xs: Value[], ys: Value[], op: number): boolean {
  if ((op === 2 || op === 3) && xs.length !== ys.length) return op === 3;
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    if (!eq(vm, xs[i], ys[i])) {
      if (op === 2) return false;
      if (op === 3) return true;
      return compareBool(vm, xs[i], ys[i], op);
    }
  }
  return cmpResult(xs.length - ys.length, op);
}

function dictEquals(vm: Interpreter, a: Ref, b: Ref): boolean {
  const rt = vm.rt;
  if (dictLen(rt, a) !== dictLen(rt, b)) return false;
  return withEntries(vm, a, (entries) => entries.every(([k, v]) => {
    const w = dictGetRef(rt, b, k);
    try {
      return w !== NULL && eq(vm, v, w);
    } finally {
      rt.decref(w);
    }
  }));
}

function setCompare(vm: Interpreter, a: Ref, b: Ref, op: number): boolean {
  const rt = vm.rt;
  const subset = (x: Ref, y: Ref) => withKeys(vm, x, (keys) => keys.every((k) => dictContains(rt, y, k)));
  const la = dictLen(rt, a);
  const lb = dictLen(rt, b);
  switch (op) {
    case 0: return la < lb && subset(a, b);
    case 1: return subset(a, b);
    case 2: return la === lb && subset(a, b);
    case 3: return !(la === lb && subset(a, b));
    case 4: return la > lb && subset(b, a);
    default: return subset(b, a);
  }
}

/** a <op> b → owned result, with the dunder protocol and CPython's fallbacks. */
export function richCompare(vm: Interpreter, a: Value, b: Value, op: number): Value {
  const rt = vm.rt;
  const ia = kindOf(vm, a) === Kind.INSTANCE;
  const ib = kindOf(vm, b) === Kind.INSTANCE;
  if (ia || ib) {
    // a class's reflected method goes first when it subclasses the left operand's class
    const reflectedFirst = ib && typeOf(vm, a) !== typeOf(vm, b) && isSubtype(vm, typeOf(vm, b), typeOf(vm, a));
    const tries: [Value, Value, number][] = reflectedFirst
      ? [[b, a, CMP_REFLECTED[op]], [a, b, op]]
      : [[a, b, op], [b, a, CMP_REFLECTED[op]]];
    for (const [x, y, o] of tries) {
      let r = callSpecial(vm, x, CMP_DUNDERS[o], [y]);
      if (r === NULL && o === 3 && kindOf(vm, x) === Kind.INSTANCE) {
        // != falls back to the negation of __eq__
        const e = callSpecial(vm, x, "__eq__", [y]);
        if (e !== NULL) {
          if (e === rt.NotImplemented) r = e;
          else {
            const t = truthy(vm, e);
            rt.decref(e);
            r = rt.bool(!t);
          }
        }
      }
      if (r !== NULL && r !== rt.NotImplemented) return r;
      if (r === rt.NotImplemented) rt.decref(r);
      if (kindOf(vm, x) !== Kind.INSTANCE && kindOf(vm, y) === Kind.INSTANCE) {
        const bi = builtinCompare(vm, x, y, o);
        if (bi !== NULL && o !== 2 && o !== 3) return bi;
      }
    }
    if (op === 2) return rt.bool(a === b);
    if (op === 3) return rt.bool(a !== b);
    throw compareError(vm, a, b, op);
  }
  const r = builtinCompare(vm, a, b, op);
  if (r !== NULL) return r;
  if (op === 2) return rt.False;
  if (op === 3) return rt.True;
  throw compareError(vm, a, b, op);
}

function compareError(vm: Interpreter, a: Value, b: Value, op: number): PyError {
  return new PyError("TypeError", `'${CMP_SYMBOLS[op]}' not supported between instances of '${typeName(vm, a)}' and '${typeName(vm, b)}'`);
}

export function compareBool(vm: Interpreter, a: Value, b: Value, op: number): boolean {
  const r = richCompare(vm, a, b, op);
  const t = truthy(vm, r);
  vm.rt.decref(r);
  return t;
}

// ---- operators ---------------------------------------------------------------------------

function isIntLike(vm: Interpreter, v: Value): boolean {
  return numKind(vm, v) === 0;
}

/** Index value of an int-like operand, or null. */
function asIndex(vm: Interpreter, v: Value): number | null {
  if (!isIntLike(vm, v)) return null;
  const x = intOf(vm, v);
  return typeof x === "bigint" ? (x > 0n ? Infinity : -Infinity) : x;
}

function repeatCount(vm: Interpreter, n: number): number {
  if (n === Infinity) throw new PyError("OverflowError", "cannot fit 'int' into an index-sized integer");
  return Math.max(0, n);
}

/** a <nb> b → owned result. */
export function binaryOp(vm: Interpreter, a: Value, b: Value, nb: number): Value {
  const rt = vm.rt;
  const inplace = nb >= NbOp.INPLACE;
  const op = inplace ? nb - NbOp.INPLACE : nb;
  const na = numKind(vm, a);
  const nbk = numKind(vm, b);
  if (na >= 0 && nbk >= 0) {
    if (na === 0 && nbk === 0) {
      if ((op === NbOp.AND || op === NbOp.OR || op === NbOp.XOR) && kindOf(vm, a) === Kind.BOOL && kindOf(vm, b) === Kind.BOOL) {
        const x = a === rt.True;
        const y = b === rt.True;
        return rt.bool(op === NbOp.AND ? x && y : op === NbOp.OR ? x || y : x !== y);
      }
      if (op !== NbOp.MATRIX_MULTIPLY) return intBinop(vm, a, b, op);
    } else {
      const r = floatBinop(vm, a, b, op);
      if (r !== 0) return r;
    }
    throw unsupported(vm, a, b, nb);
  }
  const ka = kindOf(vm, a);
  const kb = kindOf(vm, b);
  if (ka === Kind.INSTANCE || kb === Kind.INSTANCE) return instanceBinop(vm, a, b, nb, op, inplace);
  switch (op) {
    case NbOp.ADD:
      if (ka === Kind.STR && kb === Kind.STR) return concatStr(vm, a, b);
      if (ka === Kind.LIST && kb === Kind.LIST) {
        if (inplace) {
          listExtend(rt, a, listSnapshot(rt, b)); // a snapshot first: l += l doubles the list
          return rt.newRef(a);
        }
        return newList(rt, [...listSnapshot(rt, a), ...listSnapshot(rt, b)]);
      }
      if (ka === Kind.LIST && inplace) {
        listExtend(rt, a, toArray(vm, b));
        return rt.newRef(a);
      }
      if (ka === Kind.TUPLE && kb === Kind.TUPLE) return newTupleBorrowed2(vm, [...tupleItems(rt, a), ...tupleItems(rt, b)]);
      if (ka === Kind.STR || ka === Kind.LIST || ka === Kind.TUPLE) {
        const n = ka === Kind.STR ? "str" : ka === Kind.LIST ? "list" : "tuple";
        throw new PyError("TypeError", `can only concatenate ${n} (not "${typeName(vm, b)}") to ${n}`);
      }
      break;
    case NbOp.MULTIPLY: {
      let seq = NULL;
      let n: number | null = null;
      if (ka === Kind.STR || ka === Kind.LIST || ka === Kind.TUPLE) {
        seq = a;
        n = asIndex(vm, b);
        if (n === null) throw new PyError("TypeError", `can't multiply sequence by non-int of type '${typeName(vm, b)}'`);
      } else if (kb === Kind.STR || kb === Kind.LIST || kb === Kind.TUPLE) {
        seq = b;
        n = asIndex(vm, a);
        if (n === null) throw new PyError("TypeError", `can't multiply sequence by non-int of type '${typeName(vm, a)}'`);
      }
      if (seq !== NULL) return repeatSeq(vm, seq, repeatCount(vm, n!), inplace && seq === a);
      break;
    }
    case NbOp.REMAINDER:
      if (ka === Kind.STR) return percentFormatValue(vm, a, b);
      break;
    case NbOp.AND:
    case NbOp.OR:
    case NbOp.SUBTRACT:
    case NbOp.XOR:
      if (ka === Kind.SET && kb === Kind.SET) return setOp(vm, a, b, op, inplace);
      if (ka === Kind.DICT && kb === Kind.DICT && op === NbOp.OR) {
        const d = inplace ? rt.newRef(a) : copyDict(vm, a);
        withEntries(vm, b, (entries) => {
          for (const [k, v] of entries) dictSet(rt, d, k, v);
        });
        return d;
      }
      if ((ka === Kind.DICT_VIEW || kb === Kind.DICT_VIEW)) {
        const sa = setFromIterable(vm, a);
        const sb = setFromIterable(vm, b);
        try {
          return setOp(vm, sa, sb, op, false);
        } finally {
          rt.decref(sa);
          rt.decref(sb);
        }
      }
      break;
  }
  throw unsupported(vm, a, b, nb);
}

function unsupported(vm: Interpreter, a: Value, b: Value, nb: number): PyError {
  const sym = NB_SYMBOLS[nb];
  if (nb === NbOp.POWER || nb === NbOp.POWER + NbOp.INPLACE) {
    return new PyError("TypeError", `unsupported operand type(s) for ${sym} or pow(): '${typeName(vm, a)}' and '${typeName(vm, b)}'`);
  }
  return new PyError("TypeError", `unsupported operand type(s) for ${sym}: '${typeName(vm, a)}' and '${typeName(vm, b)}'`);
}

function instanceBinop(vm: Interpreter, a: Value, b: Value, nb: number, op: number, inplace: boolean): Value {
  const rt = vm.rt;
  if (inplace) {
    const r = callSpecial(vm, a, NB_IDUNDERS[op], [b]);
    if (r !== NULL && r !== rt.NotImplemented) return r;
  }
  const r1 = callSpecial(vm, a, NB_DUNDERS[op], [b]);
  if (r1 !== NULL && r1 !== rt.NotImplemented) return r1;
  if (typeOf(vm, a) !== typeOf(vm, b) || kindOf(vm, a) !== Kind.INSTANCE) {
    const r2 = callSpecial(vm, b, NB_RDUNDERS[op], [a]);
    if (r2 !== NULL && r2 !== rt.NotImplemented) return r2;
  }
  if (kindOf(vm, a) !== Kind.INSTANCE && kindOf(vm, b) === Kind.INSTANCE) {
    // a built-in left operand with a class on the right: the built-in rule may still apply (str % obj)
    if (op === NbOp.REMAINDER && kindOf(vm, a) === Kind.STR) return percentFormatValue(vm, a, b);
    if (op === NbOp.MULTIPLY) {
      const ka = kindOf(vm, a);
      if (ka === Kind.STR || ka === Kind.LIST || ka === Kind.TUPLE) {
        throw new PyError("TypeError", `can't multiply sequence by non-int of type '${typeName(vm, b)}'`);
      }
    }
  }
  throw unsupported(vm, a, b, nb);
}

export function unaryOp(vm: Interpreter, a: Value, op: number): Value {
  const rt = vm.rt;
  const nk = numKind(vm, a);
  if (nk === 0) {
    const x = intOf(vm, a);
    if (op === Op.UNARY_POSITIVE) return boxInt(vm, x);
    if (op === Op.UNARY_NEGATIVE) return boxInt(vm, typeof x === "bigint" ? -x : x === 0 ? 0 : -x);
    return boxInt(vm, typeof x === "bigint" ? ~x : -x - 1);
  }
  if (nk === 1) {
    const x = floatValue(rt, a);
    if (op === Op.UNARY_POSITIVE) return rt.newRef(a);
    if (op === Op.UNARY_NEGATIVE) return newFloat(rt, -x);
    throw new PyError("TypeError", "bad operand type for unary ~: 'float'");
  }
  const names: Record<number, [string, string]> = {
    [Op.UNARY_POSITIVE]: ["__pos__", "+"], [Op.UNARY_NEGATIVE]: ["__neg__", "-"], [Op.UNARY_INVERT]: ["__invert__", "~"],
  };
  const [dunder, sym] = names[op];
  const r = callSpecial(vm, a, dunder, []);
  if (r !== NULL) return r;
  throw new PyError("TypeError", `bad operand type for unary ${sym}: '${typeName(vm, a)}'`);
}

function concatStr(vm: Interpreter, a: Ref, b: Ref): Value {
  const rt = vm.rt;
  if (strLen(rt, b) === 0) return rt.newRef(a);
  if (strLen(rt, a) === 0) return rt.newRef(b);
  return newStr(rt, strValue(rt, a) + strValue(rt, b));
}

function repeatSeq(vm: Interpreter, seq: Ref, n: number, inplace: boolean): Value {
  const rt = vm.rt;
  const k = kindOf(vm, seq);
  if (k === Kind.STR) {
    const len = strLen(rt, seq);
    if (len * n > 1 << 28) throw new PyError("MemoryError", "");
    return newStr(rt, strValue(rt, seq).repeat(n));
  }
  return withItems(vm, seq, (items) => {
    if (items.length * n > 1 << 26) throw new PyError("MemoryError", "");
    const out: Value[] = [];
    for (let i = 0; i < n; i++) for (const v of items) out.push(v);
    if (k === Kind.LIST) {
      if (inplace) {
        for (const v of out) rt.incref(v);
        listSetSlice(rt, seq, 0, Infinity, out);
        return rt.newRef(seq);
      }
      return newListBorrowed(vm, out);
    }
    return newTupleBorrowed2(vm, out);
  });
}

export function newListBorrowed(vm: Interpreter, items: Value[]): Ref {
  for (const v of items) vm.rt.incref(v);
  return newList(vm.rt, items);
}

function newTupleBorrowed2(vm: Interpreter, items: Value[]): Ref {
  for (const v of items) vm.rt.incref(v);
  return newTuple(vm.rt, items);
}

/**
 * Runs `fn` on the items of a list or tuple. A list's are an owned snapshot, released after:
 * Python code that `fn` runs (a __eq__, a __repr__) may mutate the list, on this thread or
 * another. A tuple's cannot change while the caller holds the tuple.
 */
export function withItems<R>(vm: Interpreter, seq: Ref, fn: (items: Value[]) => R): R {
  const rt = vm.rt;
  if (kindOf(vm, seq) !== Kind.LIST) return fn(tupleItems(rt, seq));
  const items = listSnapshot(rt, seq);
  try {
    return fn(items);
  } finally {
    releaseAll(rt, items);
  }
}

export function copyDict(vm: Interpreter, d: Ref): Ref {
  const rt = vm.rt;
  const kind = kindOf(vm, d) === Kind.SET ? Kind.SET : Kind.DICT;
  const out = newDict(rt, kind, typeOf(vm, d));
  withEntries(vm, d, (entries) => {
    for (const [k, v] of entries) dictSet(rt, out, k, v);
  });
  return out;
}

/** Runs `fn` on an owned snapshot of a dict's [key, value] pairs (values NULL for sets), released after. */
export function withEntries<R>(vm: Interpreter, d: Ref, fn: (entries: [Value, Value][]) => R): R {
  const entries = dictSnapshot(vm.rt, d);
  try {
    return fn(entries);
  } finally {
    releasePairs(vm.rt, entries);
  }
}

/** Runs `fn` on an owned snapshot of a dict's (or set's) keys, released after. */
export function withKeys<R>(vm: Interpreter, d: Ref, fn: (keys: Value[]) => R): R {
  const keys = dictKeysSnapshot(vm.rt, d);
  try {
    return fn(keys);
  } finally {
    releaseAll(vm.rt, keys);
  }
}

export function setFromIterable(vm: Interpreter, v: Value): Ref {
  const rt = vm.rt;
  const s = newDict(rt, Kind.SET);
  for (const x of toArray(vm, v)) {
    dictSet(rt, s, x, NULL);
    rt.decref(x);
  }
  return s;
}

function setOp(vm: Interpreter, a: Ref, b: Ref, op: number, inplace: boolean): Value {
  const rt = vm.rt;
  const ka = dictKeysSnapshot(rt, a);
  const kb = dictKeysSnapshot(rt, b);
  try {
    return setOpOn(vm, a, b, ka, kb, op, inplace);
  } finally {
    releaseAll(rt, ka);
    releaseAll(rt, kb);
  }
}

function setOpOn(vm: Interpreter, a: Ref, b: Ref, ka: Value[], kb: Value[], op: number, inplace: boolean): Value {
  const rt = vm.rt;
  let keys: Value[];
  switch (op) {
    case NbOp.AND: keys = ka.filter((k) => dictContains(rt, b, k)); break;
    case NbOp.OR: keys = [...ka, ...kb]; break;
    case NbOp.SUBTRACT: keys = ka.filter((k) => !dictContains(rt, b, k)); break;
    default: keys = [...ka.filter((k) => !dictContains(rt, b, k)), ...kb.filter((k) => !dictContains(rt, a, k))];
  }
  if (inplace) {
    for (const k of keys) rt.incref(k);
    dictClear(rt, a);
    for (const k of keys) {
      dictSet(rt, a, k, NULL);
      rt.decref(k);
    }
    return rt.newRef(a);
  }
  const s = newDict(rt, Kind.SET, typeOf(vm, a));
  for (const k of keys) dictSet(rt, s, k, NULL);
  return s;
}

// ---- containers -------------------------------------------------------------------------

export function newSlice(vm: Interpreter, start: Value, stop: Value, step: Value): Ref {
  const rt = vm.rt;
  const ref = rt.newObject(Kind.SLICE, rt.types[T.slice], 3);
  const w = (ref >> 2) + HEADER_WORDS;
  vm.i32[w] = start;
  vm.i32[w + 1] = stop;
  vm.i32[w + 2] = step;
  return ref;
}

/** Resolves a slice against a length: [start, stop, step, count] (PySlice_AdjustIndices). */
export function sliceIndices(vm: Interpreter, slice: Ref, len: number): [number, number, number, number] {
  const rt = vm.rt;
  const w = (slice >> 2) + HEADER_WORDS;
  const get = (v: Value): number | null => {
    if (v === rt.None) return null;
    const n = asIndex(vm, v);
    if (n === null) throw new PyError("TypeError", "slice indices must be integers or None or have an __index__ method");
    return n;
  };
  let step = get(vm.i32[w + 2]) ?? 1;
  if (step === 0) throw new PyError("ValueError", "slice step cannot be zero");
  let start = get(vm.i32[w]);
  let stop = get(vm.i32[w + 1]);
  if (start === null) start = step < 0 ? len - 1 : 0;
  else {
    if (start < 0) start += len;
    if (start < 0) start = step < 0 ? -1 : 0;
    else if (start >= len) start = step < 0 ? len - 1 : len;
  }
  if (stop === null) stop = step < 0 ? -1 : len;
  else {
    if (stop < 0) stop += len;
    if (stop < 0) stop = step < 0 ? -1 : 0;
    else if (stop >= len) stop = step < 0 ? len - 1 : len;
  }
  if (!Number.isFinite(step)) step = step > 0 ? len + 1 : -(len + 1);
  let count = 0;
  if (step < 0) {
    if (stop < start) count = Math.floor((start - stop - 1) / -step) + 1;
  } else if (start < stop) {
    count = Math.floor((stop - start - 1) / step) + 1;
  }
  return [start, stop, step, count];
}

/** Normalises a sequence index; IndexError with the type's wording when out of range. */
export function seqIndex(vm: Interpreter, key: Value, len: number, what: string): number {
  const n = asIndex(vm, key);
  if (n === null) throw new PyError("TypeError", `${what} indices must be integers or slices, not ${typeName(vm, key)}`);
  const i = n < 0 ? n + len : n;
  if (i < 0 || i >= len) throw new PyError("IndexError", `${what} index out of range`);
  return i;
}

export function getItem(vm: Interpreter, obj: Value, key: Value): Value {
  const rt = vm.rt;
  const i32 = vm.i32;
  const kind = kindOf(vm, obj);
  switch (kind) {
    case Kind.LIST: {
      if ((key & 1) !== 0) {
        let i = key >> 1;
        if (i < 0) i += i32[(obj >> 2) + LIST_LEN];
        const v = i >= 0 ? listGetRef(rt, obj, i) : NULL;
        if (v !== NULL) return v;
        throw new PyError("IndexError", "list index out of range");
      }
      if (kindOf(vm, key) === Kind.SLICE) {
        return withItems(vm, obj, (items) => {
          const [start, , step, count] = sliceIndices(vm, key, items.length);
          const out: Value[] = [];
          for (let j = 0, i = start; j < count; j++, i += step) out.push(items[i]);
          return newListBorrowed(vm, out);
        });
      }
      const v = listGetRef(rt, obj, seqIndex(vm, key, listLen(rt, obj), "list"));
      if (v !== NULL) return v;
      throw new PyError("IndexError", "list index out of range"); // shrunk by another thread meanwhile
    }
    case Kind.TUPLE: {
      if (kindOf(vm, key) === Kind.SLICE) {
        const [start, , step, count] = sliceIndices(vm, key, tupleLen(rt, obj));
        const items = tupleItems(rt, obj);
        const out: Value[] = [];
        for (let j = 0, i = start; j < count; j++, i += step) out.push(items[i]);
        return newTupleBorrowed2(vm, out);
      }
      return rt.newRef(i32[(obj >> 2) + TUPLE_ITEMS + seqIndex(vm, key, tupleLen(rt, obj), "tuple")]);
    }
    case Kind.STR: {
      if (kindOf(vm, key) === Kind.SLICE) {
        const [start, , step, count] = sliceIndices(vm, key, strLen(rt, obj));
        const cps: number[] = [];
        for (let j = 0, i = start; j < count; j++, i += step) cps.push(strCodeAt(rt, obj, i));
        return newStrFromCodePoints(rt, cps);
      }
      const i = seqIndex(vm, key, strLen(rt, obj), "string");
      return charStr(vm, strCodeAt(rt, obj, i));
    }
    case Kind.DICT: {
      const v = dictGetRef(rt, obj, key);
      if (v !== NULL) return v;
      if (typeOf(vm, obj) !== rt.types[T.dict]) {
        const r = callSpecial(vm, obj, "__missing__", [key]);
        if (r !== NULL) return r;
      }
      throw keyError(vm, key);
    }
    case Kind.RANGE: {
      const w = (obj >> 2) + HEADER_WORDS;
      const start = Number(intOf(vm, i32[w]));
      const step = Number(intOf(vm, i32[w + 2]));
      const n = i32[w + 3];
      if (kindOf(vm, key) === Kind.SLICE) {
        const [s0, , st, count] = sliceIndices(vm, key, n);
        return newRange(vm, start + s0 * step, start + (s0 + count * st) * step, step * st);
      }
      return newIntFromNumber(rt, start + seqIndex(vm, key, n, "range object") * step);
    }
    case Kind.INSTANCE: {
      const r = callSpecial(vm, obj, "__getitem__", [key]);
      if (r !== NULL) return r;
      break;
    }
    case Kind.TYPE: {
      const r = getAttrOrNull(vm, obj, intern(rt, "__class_getitem__"));
      if (r !== NULL) {
        const out = vm.call(r, [key]);
        rt.decref(r);
        return out;
      }
      // list[int] and friends: generic aliases are not modelled; return the type itself
      if (vm.i32[(obj >> 2) + HEADER_WORDS + 5] >= 0) return rt.newRef(obj);
      break;
    }
  }
  throw new PyError("TypeError", `'${typeName(vm, obj)}' object is not subscriptable`);
}

export function keyError(vm: Interpreter, key: Value): PyError & { keyValue?: Value } {
  const err = new PyError("KeyError", repr(vm, key)) as PyError & { keyValue?: Value };
  err.keyValue = key;
  return err;
}

/** A one-character str (interned and immortal below 256, as CPython caches latin-1 chars). */
export function charStr(vm: Interpreter, cp: number): Value {
  if (cp < 256) return intern(vm.rt, String.fromCharCode(cp));
  return newStrFromCodePoints(vm.rt, [cp]);
}

export function setItem(vm: Interpreter, obj: Value, key: Value, v: Value): void {
  const rt = vm.rt;
  const kind = kindOf(vm, obj);
  if (kind === Kind.LIST) {
    if (kindOf(vm, key) === Kind.SLICE) {
      assignSlice(vm, obj, key, v);
      return;
    }
    const i = seqIndex(vm, key, listLen(rt, obj), "list assignment");
    rt.incref(v);
    const old = listReplace(rt, obj, i, v);
    if (old === NULL) throw new PyError("IndexError", "list assignment index out of range");
    rt.decref(old);
    return;
  }
  if (kind === Kind.DICT) {
    dictSet(rt, obj, key, v);
    return;
  }
  if (kind === Kind.INSTANCE) {
    const r = callSpecial(vm, obj, "__setitem__", [key, v]);
    if (r !== NULL) {
      rt.decref(r);
      return;
    }
  }
  throw new PyError("TypeError", `'${typeName(vm, obj)}' object does not support item assignment`);
}

function assignSlice(vm: Interpreter, list: Ref, slice: Ref, v: Value): void {
  const rt = vm.rt;
  const items = toArray(vm, v); // owned
  const [start, stop, step, count] = sliceIndices(vm, slice, listLen(rt, list));
  if (step === 1) {
    listSetSlice(rt, list, start, Math.max(start, stop), items);
    return;
  }
  if (items.length !== count) {
    for (const x of items) rt.decref(x);
    throw new PyError("ValueError", `attempt to assign sequence of size ${items.length} to extended slice of size ${count}`);
  }
  const old = rt.locks.critical(list, () => {
    const last = start + (count - 1) * step;
    if (count > 0 && (last >= listLen(rt, list) || last < 0 || start >= listLen(rt, list))) return null;
    const b = listBase(rt, list);
    const out: Value[] = [];
    for (let j = 0, i = start; j < count; j++, i += step) {
      out.push(vm.i32[b + i]);
      vm.i32[b + i] = items[j];
    }
    return out;
  });
  if (old === null) {
    releaseAll(rt, items);
    throw new PyError("ValueError", "list changed size during extended slice assignment");
  }
  releaseAll(rt, old);
}

export function delItem(vm: Interpreter, obj: Value, key: Value): void {
  const rt = vm.rt;
  const kind = kindOf(vm, obj);
  if (kind === Kind.LIST) {
    if (kindOf(vm, key) === Kind.SLICE) {
      const [start, stop, step, count] = sliceIndices(vm, key, listLen(rt, obj));
      if (step === 1) {
        listSetSlice(rt, obj, start, Math.max(start, stop), []);
        return;
      }
      const drop = new Set<number>();
      for (let j = 0, i = start; j < count; j++, i += step) drop.add(i);
      const removed = rt.locks.critical(obj, () => {
        const n = listLen(rt, obj);
        const b = listBase(rt, obj);
        const gone: Value[] = [];
        let k = 0;
        for (let i = 0; i < n; i++) {
          const x = vm.i32[b + i];
          if (drop.has(i)) gone.push(x);
          else vm.i32[b + k++] = x;
        }
        vm.i32[(obj >> 2) + LIST_LEN] = k;
        return gone;
      });
      releaseAll(rt, removed);
      return;
    }
    const i = seqIndex(vm, key, listLen(rt, obj), "list assignment");
    const old = listPop(rt, obj, i);
    if (old === NULL) throw new PyError("IndexError", "list assignment index out of range");
    rt.decref(old);
    return;
  }
  if (kind === Kind.DICT) {
    const old = dictPop(rt, obj, key);
    if (old === NULL) throw keyError(vm, key);
    rt.decref(old);
    return;
  }
  if (kind === Kind.INSTANCE) {
    const r = callSpecial(vm, obj, "__delitem__", [key]);
    if (r !== NULL) {
      rt.decref(r);
      return;
    }
  }
  throw new PyError("TypeError", `'${typeName(vm, obj)}' object doesn't support item deletion`);
}

export function contains(vm: Interpreter, container: Value, item: Value): boolean {
  const rt = vm.rt;
  switch (kindOf(vm, container)) {
    case Kind.DICT:
    case Kind.SET:
      return dictContains(rt, container, item);
    case Kind.DICT_VIEW: {
      const d = vm.i32[(container >> 2) + HEADER_WORDS];
      const which = vm.i32[(container >> 2) + HEADER_WORDS + 1];
      if (which === 0) return dictContains(rt, d, item);
      break;
    }
    case Kind.STR: {
      if (kindOf(vm, item) !== Kind.STR) {
        throw new PyError("TypeError", `'in <string>' requires string as left operand, not ${typeName(vm, item)}`);
      }
      return strValue(rt, container).includes(strValue(rt, item));
    }
    case Kind.LIST:
      return withItems(vm, container, (items) => items.some((x) => eq(vm, x, item)));
    case Kind.TUPLE:
      return tupleItems(rt, container).some((x) => eq(vm, x, item));
    case Kind.RANGE: {
      if (numKind(vm, item) === 0) {
        const w = (container >> 2) + HEADER_WORDS;
        const start = Number(intOf(vm, vm.i32[w]));
        const step = Number(intOf(vm, vm.i32[w + 2]));
        const n = vm.i32[w + 3];
        const x = Number(intOf(vm, item));
        const k = (x - start) / step;
        return Number.isInteger(k) && k >= 0 && k < n;
      }
      break;
    }
    case Kind.INSTANCE: {
      const r = callSpecial(vm, container, "__contains__", [item]);
      if (r !== NULL) {
        const t = truthy(vm, r);
        rt.decref(r);
        return t;
      }
      break;
    }
  }
  // the iteration fallback
  const it = getIterOrNull(vm, container);
  if (it === NULL) throw new PyError("TypeError", `argument of type '${typeName(vm, container)}' is not iterable`);
  try {
    for (let v = iterNext(vm, it); v !== NULL; v = iterNext(vm, it)) {
      const found = eq(vm, v, item);
      rt.decref(v);
      if (found) return true;
    }
    return false;
  } finally {
    rt.decref(it);
  }
}

// ---- iteration ---------------------------------------------------------------------------

export function getIter(vm: Interpreter, v: Value): Value {
  const it = getIterOrNull(vm, v);
  if (it === NULL) throw new PyError("TypeError", `'${typeName(vm, v)}' object is not iterable`);
  return it;
}

export function getIterOrNull(vm: Interpreter, v: Value): Value {
  return getIterImpl(vm, v);
}

/** The next item (owned), or NULL when exhausted. */
export function iterNext(vm: Interpreter, it: Value): Value {
  return iterNextImpl(vm, it);
}

/** All items of an iterable (owned references). */
export function toArray(vm: Interpreter, v: Value): Value[] {
  const rt = vm.rt;
  const kind = kindOf(vm, v);
  if (kind === Kind.LIST || kind === Kind.TUPLE) {
    if (kind === Kind.LIST) return listSnapshot(rt, v);
    const items = tupleItems(rt, v);
    for (const x of items) rt.incref(x);
    return items;
  }
  const it = getIter(vm, v);
  try {
    return drain(vm, it);
  } finally {
    rt.decref(it);
  }
}

/** Every remaining item of an iterator (owned); on an exception the items taken are dropped. */
function drain(vm: Interpreter, it: Value): Value[] {
  const out: Value[] = [];
  try {
    for (let x = iterNext(vm, it); x !== NULL; x = iterNext(vm, it)) out.push(x);
  } catch (e) {
    for (const x of out) vm.rt.decref(x);
    throw e;
  }
  return out;
}

/** UNPACK_SEQUENCE (after = -1) and UNPACK_EX: owned items in order (the starred part as a list). */
export function unpack(vm: Interpreter, seq: Value, before: number, after: number): Value[] {
  const rt = vm.rt;
  const items = toArrayOrError(vm, seq);
  if (after < 0) {
    if (items.length !== before) {
      for (const x of items) rt.decref(x);
      if (items.length > before) throw new PyError("ValueError", `too many values to unpack (expected ${before})`);
      throw new PyError("ValueError", `not enough values to unpack (expected ${before}, got ${items.length})`);
    }
    return items;
  }
  if (items.length < before + after) {
    for (const x of items) rt.decref(x);
    throw new PyError("ValueError", `not enough values to unpack (expected at least ${before + after}, got ${items.length})`);
  }
  const mid = newList(rt, items.slice(before, items.length - after));
  return [...items.slice(0, before), mid, ...items.slice(items.length - after)];
}

function toArrayOrError(vm: Interpreter, seq: Value): Value[] {
  const it = getIterOrNull(vm, seq);
  if (it === NULL) throw new PyError("TypeError", `cannot unpack non-iterable ${typeName(vm, seq)} object`);
  try {
    return drain(vm, it);
  } finally {
    vm.rt.decref(it);
  }
}

/** LIST_EXTEND / SET_UPDATE / DICT_UPDATE / DICT_MERGE. */
export function extendContainer(vm: Interpreter, target: Ref, src: Value, op: number): void {
  const rt = vm.rt;
  if (op === Op.LIST_EXTEND) {
    listExtend(rt, target, toArray(vm, src));
    return;
  }
  if (op === Op.SET_UPDATE) {
    for (const x of toArray(vm, src)) {
      dictSet(rt, target, x, NULL);
      rt.decref(x);
    }
    return;
  }
  if (kindOf(vm, src) !== Kind.DICT) {
    if (op === Op.DICT_MERGE) throw new PyError("TypeError", `argument after ** must be a mapping, not ${typeName(vm, src)}`);
    throw new PyError("TypeError", `'${typeName(vm, src)}' object is not a mapping`);
  }
  withEntries(vm, src, (entries) => {
    for (const [k, v] of entries) {
      if (op === Op.DICT_MERGE && dictContains(rt, target, k)) {
        throw new PyError("TypeError", `got multiple values for keyword argument '${strValue(rt, k)}'`);
      }
      dictSet(rt, target, k, v);
    }
  });
}

export function len(vm: Interpreter, v: Value): number {
  const rt = vm.rt;
  switch (kindOf(vm, v)) {
    case Kind.STR: return strLen(rt, v);
    case Kind.LIST: return listLen(rt, v);
    case Kind.TUPLE: return tupleLen(rt, v);
    case Kind.DICT:
    case Kind.SET: return dictLen(rt, v);
    case Kind.RANGE: return vm.i32[(v >> 2) + HEADER_WORDS + 3];
    case Kind.DICT_VIEW: return dictLen(rt, vm.i32[(v >> 2) + HEADER_WORDS]);
    case Kind.INSTANCE: {
      const n = callSpecial(vm, v, "__len__", []);
      if (n !== NULL) return lenResult(vm, n);
    }
  }
  throw new PyError("TypeError", `object of type '${typeName(vm, v)}' has no len()`);
}

/** The exception instance to raise for `raise X` (a class is instantiated). Owned. */
export function makeRaisable(vm: Interpreter, v: Value): Ref {
  const rt = vm.rt;
  if (kindOf(vm, v) === Kind.TYPE && isExceptionType(vm, v)) {
    const exc = vm.call(v, []);
    return exc;
  }
  if (kindOf(vm, v) === Kind.INSTANCE && isExceptionType(vm, typeOf(vm, v))) return rt.newRef(v);
  throw new PyError("TypeError", "exceptions must derive from BaseException");
}

export { floatOf, intOf, bigOf, numKind };
