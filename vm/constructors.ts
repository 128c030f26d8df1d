/**
 * Calling a built-in type: int(x), str(x), list(it), dict(...), range(...), property(f), …
 * (each type's tp_new/tp_init), and the iterator-making built-ins enumerate, zip, map, filter,
 * reversed.
 */
import type { Interpreter } from "./interpreter.js";
import { HEADER_WORDS, Kind, NULL, type Ref, type Value } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import { T } from "../runtime/types.js";
import { newStr, strValue } from "../runtime/str.js";
import { newInt, newIntFromNumber } from "../runtime/int.js";
import { floatValue, newFloat } from "../runtime/float.js";
import { newList } from "../runtime/list.js";
import { newTuple } from "../runtime/tuple.js";
import { dictSet, newDict } from "../runtime/dict.js";
import { newWrapper } from "../runtime/function.js";
import { parseInt as pyParseInt, floatToInt } from "../runtime/int_math.js";
import { parseFloat as pyParseFloat } from "../runtime/float_math.js";
import { type NativeFn, type NativeTable, argCount, bindArgs, noKwargs } from "./native.js";
import * as A from "./abstract.js";
import { IterKind, newIter, newRange } from "./iterators.js";

type Ctor = (vm: Interpreter, type: Ref, args: Value[], kwnames: string[] | null) => Value;

function intCtor(vm: Interpreter, _type: Ref, args: Value[], kwnames: string[] | null): Value {
  const rt = vm.rt;
  const [x, base] = bindArgs("int", args, kwnames, ["x", "base"], 0);
  if (x === NULL) return 1; // tagged 0
  if (base !== NULL) {
    if (A.kindOf(vm, x) !== Kind.STR) throw new PyError("TypeError", "int() can't convert non-string with explicit base");
    const b = Number(A.intOf(vm, base));
    if ((b !== 0 && b < 2) || b > 36) throw new PyError("ValueError", "int() base must be >= 2 and <= 36, or 0");
    return newInt(rt, pyParseInt(strValue(rt, x), b));
  }
  switch (A.kindOf(vm, x)) {
    case Kind.INT: return rt.newRef(x);
    case Kind.BOOL: return newIntFromNumber(rt, x === rt.True ? 1 : 0);
    case Kind.FLOAT: return newInt(rt, floatToInt(floatValue(rt, x)));
    case Kind.STR: return newInt(rt, pyParseInt(strValue(rt, x), 10));
    case Kind.INSTANCE: {
      for (const name of ["__int__", "__index__", "__trunc__"]) {
        const r = A.callSpecial(vm, x, name, []);
        if (r !== NULL) return r;
      }
    }
  }
  throw new PyError("TypeError", `int() argument must be a string, a bytes-like object or a real number, not '${A.typeName(vm, x)}'`);
}

function floatCtor(vm: Interpreter, _type: Ref, args: Value[], kwnames: string[] | null): Value {
  noKwargs("float", kwnames);
  argCount("float", args, 0, 1);
  const rt = vm.rt;
  if (args.length === 0) return newFloat(rt, 0);
  const x = args[0];
  const nk = A.numKind(vm, x);
  if (nk === 1) return rt.newRef(x);
  if (nk === 0) return newFloat(rt, A.floatOf(vm, x));
  if (A.kindOf(vm, x) === Kind.STR) return newFloat(rt, pyParseFloat(strValue(rt, x)));
  const r = A.callSpecial(vm, x, "__float__", []);
  if (r !== NULL) return r;
  throw new PyError("TypeError", `float() argument must be a string or a real number, not '${A.typeName(vm, x)}'`);
}

function strCtor(vm: Interpreter, _type: Ref, args: Value[], kwnames: string[] | null): Value {
  const [x] = bindArgs("str", args, kwnames, ["object"], 0);
  if (x === NULL) return newStr(vm.rt, "");
  if (A.kindOf(vm, x) === Kind.STR) return vm.rt.newRef(x);
  return newStr(vm.rt, A.str(vm, x));
}

function boolCtor(vm: Interpreter, _type: Ref, args: Value[], kwnames: string[] | null): Value {
  noKwargs("bool", kwnames);
  argCount("bool", args, 0, 1);
  return vm.rt.bool(args.length === 1 && A.truthy(vm, args[0]));
}

function listCtor(vm: Interpreter, _type: Ref, args: Value[], kwnames: string[] | null): Value {
  noKwargs("list", kwnames);
  argCount("list", args, 0, 1);
  return newList(vm.rt, args.length === 0 ? [] : A.toArray(vm, args[0]));
}

function tupleCtor(vm: Interpreter, _type: Ref, args: Value[], kwnames: string[] | null): Value {
  noKwargs("tuple", kwnames);
  argCount("tuple", args, 0, 1);
  if (args.length === 1 && A.kindOf(vm, args[0]) === Kind.TUPLE) return vm.rt.newRef(args[0]);
  return newTuple(vm.rt, args.length === 0 ? [] : A.toArray(vm, args[0]));
}

/** dict.update / dict(...) semantics: a mapping or an iterable of pairs, then keywords. */
export function dictUpdateFrom(vm: Interpreter, d: Ref, src: Value, fname: string): void {
  const rt = vm.rt;
  if (A.kindOf(vm, src) === Kind.DICT) {
    A.withEntries(vm, src, (entries) => {
      for (const [k, v] of entries) dictSet(rt, d, k, v);
    });
    return;
  }
  const keysAttr = A.kindOf(vm, src) === Kind.INSTANCE ? A.lookupSpecial(vm, src, "keys") : NULL;
  if (keysAttr !== NULL) {
    const keys = vm.callBound(keysAttr, src, []);
    try {
      for (const k of A.toArray(vm, keys)) {
        const v = A.getItem(vm, src, k);
        dictSet(rt, d, k, v);
        rt.decref(k);
        rt.decref(v);
      }
    } finally {
      rt.decref(keys);
    }
    return;
  }
  const items = A.toArray(vm, src);
  try {
    items.forEach((item, i) => {
      let pair: Value[];
      try {
        pair = A.toArray(vm, item);
      } catch {
        throw new PyError("TypeError", `cannot convert ${fname} update sequence element #${i} to a sequence`);
      }
      try {
        if (pair.length !== 2) {
          throw new PyError("ValueError", `${fname} update sequence element #${i} has length ${pair.length}; 2 is required`);
        }
        dictSet(rt, d, pair[0], pair[1]);
      } finally {
        for (const v of pair) rt.decref(v);
      }
    });
  } finally {
    for (const v of items) rt.decref(v);
  }
}

function dictCtor(vm: Interpreter, _type: Ref, args: Value[], kwnames: string[] | null): Value {
  const rt = vm.rt;
  const nkw = kwnames === null ? 0 : kwnames.length;
  const pos = args.length - nkw;
  if (pos > 1) throw new PyError("TypeError", `dict expected at most 1 argument, got ${pos}`);
  const d = newDict(rt);
  try {
    if (pos === 1) dictUpdateFrom(vm, d, args[0], "dictionary");
    for (let k = 0; k < nkw; k++) {
      const key = newStr(rt, kwnames![k]);
      dictSet(rt, d, key, args[pos + k]);
      rt.decref(key);
    }
  } catch (e) {
    rt.decref(d);
    throw e;
  }
  return d;
}

function setCtor(vm: Interpreter, type: Ref, args: Value[], kwnames: string[] | null): Value {
  const name = type === vm.rt.types[T.frozenset] ? "frozenset" : "set";
  noKwargs(name, kwnames);
  argCount(name, args, 0, 1);
  const s = newDict(vm.rt, Kind.SET, type);
  if (args.length === 1) {
    for (const v of A.toArray(vm, args[0])) {
      dictSet(vm.rt, s, v, NULL);
      vm.rt.decref(v);
    }
  }
  return s;
}

function rangeCtor(vm: Interpreter, _type: Ref, args: Value[], kwnames: string[] | null): Value {
  noKwargs("range", kwnames);
  if (args.length === 0) throw new PyError("TypeError", "range expected at least 1 argument, got 0");
  if (args.length > 3) throw new PyError("TypeError", `range expected at most 3 arguments, got ${args.length}`);
  const nums = args.map((v) => {
    if (A.numKind(vm, v) !== 0) throw new PyError("TypeError", `'${A.typeName(vm, v)}' object cannot be interpreted as an integer`);
    const x = A.intOf(vm, v);
    if (typeof x === "bigint") throw new PyError("OverflowError", "gilvm: range() bounds must fit in 53 bits");
    return x;
  });
  if (nums.length === 1) return newRange(vm, 0, nums[0], 1);
  return newRange(vm, nums[0], nums[1], nums.length === 3 ? nums[2] : 1);
}

function sliceCtor(vm: Interpreter, _type: Ref, args: Value[]): Value {
  argCount("slice", args, 1, 3);
  const rt = vm.rt;
  const [a, b, c] = args.length === 1 ? [rt.None, args[0], rt.None] : [args[0], args[1], args[2] ?? rt.None];
  rt.incref(a);
  rt.incref(b);
  rt.incref(c);
  return A.newSlice(vm, a, b, c);
}

function wrapperCtor(kind: Kind, t: T, name: string): Ctor {
  return (vm, _type, args, kwnames) => {
    noKwargs(name, kwnames);
    argCount(name, args, 1, 1);
    return newWrapper(vm.rt, kind, t, args[0]);
  };
}

function superCtor(vm: Interpreter, _type: Ref, args: Value[]): Value {
  if (args.length !== 2) throw new PyError("RuntimeError", "super(): no arguments");
  const rt = vm.rt;
  const [t, obj] = args;
  if (A.kindOf(vm, t) !== Kind.TYPE) throw new PyError("TypeError", `super() argument 1 must be a type, not ${A.typeName(vm, t)}`);
  const objType = A.kindOf(vm, obj) === Kind.TYPE ? obj : A.typeOf(vm, obj);
  if (!A.isSubtype(vm, objType, t)) throw new PyError("TypeError", "super(type, obj): obj must be an instance or subtype of type");
  const s = rt.newObject(Kind.SUPER, rt.types[T.super], 2);
  rt.incref(t);
  rt.incref(obj);
  vm.i32[(s >> 2) + HEADER_WORDS] = t;
  vm.i32[(s >> 2) + HEADER_WORDS + 1] = obj;
  return s;
}

export const CONSTRUCTORS: Partial<Record<T, Ctor>> = {
  [T.int]: intCtor,
  [T.float]: floatCtor,
  [T.str]: strCtor,
  [T.bool]: boolCtor,
  [T.list]: listCtor,
  [T.tuple]: tupleCtor,
  [T.dict]: dictCtor,
  [T.set]: setCtor,
  [T.frozenset]: setCtor,
  [T.range]: rangeCtor,
  [T.slice]: sliceCtor,
  [T.property]: wrapperCtor(Kind.PROPERTY, T.property, "property"),
  [T.staticmethod]: wrapperCtor(Kind.STATICMETHOD, T.staticmethod, "staticmethod"),
  [T.classmethod]: wrapperCtor(Kind.CLASSMETHOD, T.classmethod, "classmethod"),
  [T.super]: superCtor,
};

const enumerate: NativeFn = (vm, _self, args, kwnames) => {
  const [it, start] = bindArgs("enumerate", args, kwnames, ["iterable", "start"], 1);
  const iter = A.getIter(vm, it);
  const count = start === NULL ? 1 : start;
  if (A.numKind(vm, count) !== 0) {
    vm.rt.decref(iter);
    throw new PyError("TypeError", `'${A.typeName(vm, count)}' object cannot be interpreted as an integer`);
  }
  const e = newIter(vm, IterKind.ENUMERATE, iter, count);
  vm.rt.decref(iter);
  return e;
};

function iterTuple(vm: Interpreter, iterables: Value[]): Ref {
  const its: Value[] = [];
  try {
    for (const v of iterables) its.push(A.getIter(vm, v));
  } catch (e) {
    for (const it of its) vm.rt.decref(it);
    throw e;
  }
  return newTuple(vm.rt, its);
}

export const ITERATOR_FUNCTIONS: NativeTable = {
  enumerate,
  zip(vm, _self, args, kwnames) {
    noKwargs("zip", kwnames);
    const t = iterTuple(vm, args);
    const z = newIter(vm, IterKind.ZIP, t);
    vm.rt.decref(t);
    return z;
  },
  map(vm, _self, args, kwnames) {
    noKwargs("map", kwnames);
    if (args.length < 2) throw new PyError("TypeError", "map() must have at least two arguments.");
    const t = iterTuple(vm, args.slice(1));
    const m = newIter(vm, IterKind.MAP, t, args[0]);
    vm.rt.decref(t);
    return m;
  },
  filter(vm, _self, args, kwnames) {
    noKwargs("filter", kwnames);
    argCount("filter", args, 2, 2);
    const it = A.getIter(vm, args[1]);
    const f = newIter(vm, IterKind.FILTER, it, args[0]);
    vm.rt.decref(it);
    return f;
  },
  reversed(vm, _self, args, kwnames) {
    noKwargs("reversed", kwnames);
    argCount("reversed", args, 1, 1);
    const seq = args[0];
    const k = A.kindOf(vm, seq);
    if (k === Kind.INSTANCE) {
      const r = A.callSpecial(vm, seq, "__reversed__", []);
      if (r !== NULL) return r;
      if (A.lookupSpecial(vm, seq, "__getitem__") === NULL || A.lookupSpecial(vm, seq, "__len__") === NULL) {
        throw new PyError("TypeError", `'${A.typeName(vm, seq)}' object is not reversible`);
      }
    } else if (k === Kind.DICT) {
      const keys = newList(vm.rt, A.toArray(vm, seq));
      const r = newIter(vm, IterKind.REVERSED, keys, NULL, A.len(vm, keys) - 1);
      vm.rt.decref(keys);
      return r;
    } else if (k !== Kind.LIST && k !== Kind.TUPLE && k !== Kind.STR && k !== Kind.RANGE) {
      throw new PyError("TypeError", `'${A.typeName(vm, seq)}' object is not reversible`);
    }
    return newIter(vm, IterKind.REVERSED, seq, NULL, A.len(vm, seq) - 1);
  },
};
