/**
 * The built-in functions (Python/bltinmodule.c): print, len, sorted, min/max, isinstance, …
 * Types that are callable (int, str, list, range, enumerate, …) are in vm/constructors.ts.
 */
import type { Interpreter } from "./interpreter.js";
import { PyThrow } from "./interpreter.js";
import { Kind, NULL, type Value } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import { T } from "../runtime/types.js";
import { newStr, strValue, strLen, strCodeAt } from "../runtime/str.js";
import { newIntFromNumber, newInt } from "../runtime/int.js";
import { newList } from "../runtime/list.js";
import { dictGetStrRef } from "../runtime/dict.js";
import { newTuple, tupleItems } from "../runtime/tuple.js";
import { intern } from "../runtime/intern.js";
import { type NativeTable, argCount, bindArgs, noKwargs } from "./native.js";
import * as A from "./abstract.js";
import { buildClass } from "./typeobj.js";
import { formatBuiltin } from "./format.js";
import { sortValues } from "./methods/sequence_methods.js";
import { intPowMod, intToStr } from "../runtime/int_math.js";
import { asciiEscaped } from "../runtime/percent_format.js";
import { isStopIteration } from "./iterators.js";
import { roundFloat, roundHalfEven } from "../runtime/float_math.js";
import { floatValue, newFloat } from "../runtime/float.js";

/** Splits keyword arguments off the end of args. */
function kwargsOf(args: Value[], kwnames: string[] | null): [Value[], Map<string, Value>] {
  const map = new Map<string, Value>();
  if (kwnames === null) return [args, map];
  const npos = args.length - kwnames.length;
  kwnames.forEach((k, i) => map.set(k, args[npos + i]));
  return [args.slice(0, npos), map];
}

function onlyKeywords(fname: string, kw: Map<string, Value>, allowed: string[]): void {
  for (const k of kw.keys()) {
    if (!allowed.includes(k)) throw new PyError("TypeError", `'${k}' is an invalid keyword argument for ${fname}()`);
  }
}

/** min() and max(): one iterable or several arguments, with key= and default=. */
function minMax(vm: Interpreter, args: Value[], kwnames: string[] | null, isMax: boolean): Value {
  const rt = vm.rt;
  const name = isMax ? "max" : "min";
  const [pos, kw] = kwargsOf(args, kwnames);
  onlyKeywords(name, kw, ["key", "default"]);
  const key = kw.get("key") ?? rt.None;
  const dflt = kw.get("default") ?? NULL;
  if (pos.length === 0) throw new PyError("TypeError", `${name} expected at least 1 argument, got 0`);
  let items: Value[];
  if (pos.length === 1) items = A.toArray(vm, pos[0]);
  else {
    if (dflt !== NULL) throw new PyError("TypeError", `Cannot specify a default for ${name}() with multiple positional arguments`);
    items = pos.map((v) => rt.newRef(v));
  }
  try {
    if (items.length === 0) {
      if (dflt !== NULL) return rt.newRef(dflt);
      throw new PyError("ValueError", `${name}() arg is an empty sequence`);
    }
    let best = items[0];
    let bestKey = key === rt.None ? rt.newRef(best) : vm.call(key, [best]);
    try {
      for (let i = 1; i < items.length; i++) {
        const k = key === rt.None ? rt.newRef(items[i]) : vm.call(key, [items[i]]);
        // max keeps the first maximal item: replace only when strictly greater
        const better = A.compareBool(vm, k, bestKey, isMax ? 4 : 0);
        if (better) {
          rt.decref(bestKey);
          bestKey = k;
          best = items[i];
        } else rt.decref(k);
      }
    } finally {
      rt.decref(bestKey);
    }
    return rt.newRef(best);
  } finally {
    for (const v of items) rt.decref(v);
  }
}

function print(vm: Interpreter, _self: Value, args: Value[], kwnames: string[] | null): Value {
  const rt = vm.rt;
  const [pos, kw] = kwargsOf(args, kwnames);
  onlyKeywords("print", kw, ["sep", "end", "file", "flush"]);
  const strOpt = (name: string, dflt: string): string => {
    const v = kw.get(name);
    if (v === undefined || v === rt.None) return dflt;
    if (A.kindOf(vm, v) !== Kind.STR) throw new PyError("TypeError", `${name} must be None or a string, not ${A.typeName(vm, v)}`);
    return strValue(rt, v);
  };
  const sep = strOpt("sep", " ");
  const end = strOpt("end", "\n");
  const text = pos.map((v) => A.str(vm, v)).join(sep) + end;
  const file = kw.get("file");
  if (file !== undefined && file !== rt.None) {
    const r = A.getAttr(vm, file, intern(rt, "write"));
    const s = newStr(rt, text);
    try {
      rt.decref(vm.call(r, [s]));
    } finally {
      rt.decref(s);
      rt.decref(r);
    }
    return rt.None;
  }
  vm.opts.write(text);
  return rt.None;
}

function isinstanceCheck(vm: Interpreter, v: Value, types: Value, fname: string): boolean {
  const rt = vm.rt;
  const k = A.kindOf(vm, types);
  if (k === Kind.TUPLE) return tupleItems(rt, types).some((t) => isinstanceCheck(vm, v, t, fname));
  if (k !== Kind.TYPE) {
    throw new PyError("TypeError", `${fname}() arg 2 must be a type, a tuple of types, or a union`);
  }
  return A.isSubtype(vm, A.typeOf(vm, v), types);
}

export const BUILTIN_FUNCTIONS: NativeTable = {
  print,
  __build_class__(vm, _self, args, kwnames) {
    noKwargs("__build_class__", kwnames);
    if (args.length < 2) throw new PyError("TypeError", "__build_class__: not enough arguments");
    return buildClass(vm, args[0], args[1], args.slice(2));
  },
  len(vm, _self, args, kwnames) {
    noKwargs("len", kwnames);
    argCount("len", args, 1, 1);
    return newIntFromNumber(vm.rt, A.len(vm, args[0]));
  },
  repr(vm, _self, args, kwnames) {
    noKwargs("repr", kwnames);
    argCount("repr", args, 1, 1);
    return newStr(vm.rt, A.repr(vm, args[0]));
  },
  ascii(vm, _self, args) {
    argCount("ascii", args, 1, 1);
    return newStr(vm.rt, asciiEscaped(A.repr(vm, args[0])));
  },
  abs(vm, _self, args) {
    argCount("abs", args, 1, 1);
    const v = args[0];
    const nk = A.numKind(vm, v);
    if (nk === 0) {
      const x = A.intOf(vm, v);
      return typeof x === "bigint" ? newInt(vm.rt, x < 0n ? -x : x) : newIntFromNumber(vm.rt, Math.abs(x));
    }
    if (nk === 1) return newFloat(vm.rt, Math.abs(floatValue(vm.rt, v)));
    const r = A.callSpecial(vm, v, "__abs__", []);
    if (r !== NULL) return r;
    throw new PyError("TypeError", `bad operand type for abs(): '${A.typeName(vm, v)}'`);
  },
  sum(vm, _self, args, kwnames) {
    const [it, start] = bindArgs("sum", args, kwnames, ["iterable", "start"], 1);
    const rt = vm.rt;
    if (start !== NULL && A.kindOf(vm, start) === Kind.STR) {
      throw new PyError("TypeError", "sum() can't sum strings [use ''.join(seq) instead]");
    }
    let acc = start === NULL ? 1 : rt.newRef(start); // 1 is the tagged 0
    const iter = A.getIter(vm, it);
    try {
      for (let v = A.iterNext(vm, iter); v !== NULL; v = A.iterNext(vm, iter)) {
        let r: Value;
        if ((acc & v & 1) !== 0) {
          const s = (acc >> 1) + (v >> 1);
          r = newIntFromNumber(rt, s);
        } else {
          try {
            r = A.binaryOp(vm, acc, v, 0);
          } catch (e) {
            rt.decref(v);
            throw e;
          }
          rt.decref(v);
        }
        rt.decref(acc);
        acc = r;
      }
    } catch (e) {
      rt.decref(acc);
      throw e;
    } finally {
      rt.decref(iter);
    }
    return acc;
  },
  min(vm, _self, args, kwnames) {
    return minMax(vm, args, kwnames, false);
  },
  max(vm, _self, args, kwnames) {
    return minMax(vm, args, kwnames, true);
  },
  sorted(vm, _self, args, kwnames) {
    const [pos, kw] = kwargsOf(args, kwnames);
    onlyKeywords("sort", kw, ["key", "reverse"]); // CPython's sorted() hands its keywords to list.sort()
    if (pos.length !== 1) throw new PyError("TypeError", `sorted expected 1 argument, got ${pos.length}`);
    const items = A.toArray(vm, pos[0]);
    const key = kw.get("key") ?? vm.rt.None;
    const rev = kw.get("reverse");
    let sortedItems: Value[];
    try {
      sortedItems = sortValues(vm, items, key, rev !== undefined && A.truthy(vm, rev));
    } catch (e) {
      for (const v of items) vm.rt.decref(v);
      throw e;
    }
    return newList(vm.rt, sortedItems);
  },
  isinstance(vm, _self, args, kwnames) {
    noKwargs("isinstance", kwnames);
    argCount("isinstance", args, 2, 2);
    return vm.rt.bool(isinstanceCheck(vm, args[0], args[1], "isinstance"));
  },
  issubclass(vm, _self, args) {
    argCount("issubclass", args, 2, 2);
    if (A.kindOf(vm, args[0]) !== Kind.TYPE) throw new PyError("TypeError", "issubclass() arg 1 must be a class");
    const check = (t: Value): boolean =>
      A.kindOf(vm, t) === Kind.TUPLE ? tupleItems(vm.rt, t).some(check) : A.isSubtype(vm, args[0], t);
    return vm.rt.bool(check(args[1]));
  },
  hash(vm, _self, args) {
    argCount("hash", args, 1, 1);
    return newInt(vm.rt, A.pyHash(vm, args[0]));
  },
  id(vm, _self, args) {
    argCount("id", args, 1, 1);
    const v = args[0];
    return newIntFromNumber(vm.rt, (v & 1) !== 0 ? 0x7f0000000000 - (v >> 1) * 32 : 0x7f0000000000 + v);
  },
  iter(vm, _self, args) {
    argCount("iter", args, 1, 1);
    return A.getIter(vm, args[0]);
  },
  next(vm, _self, args) {
    argCount("next", args, 1, 2);
    const rt = vm.rt;
    const it = args[0];
    const k = A.kindOf(vm, it);
    if (k !== Kind.ITER && k !== Kind.GENERATOR && A.lookupSpecial(vm, it, "__next__") === NULL) {
      throw new PyError("TypeError", `'${A.typeName(vm, it)}' object is not an iterator`);
    }
    if (k === Kind.GENERATOR) {
      const v = vm.resumeGenerator(it, NULL);
      if (v !== NULL) return v;
      const ret = vm.genReturn;
      if (args.length === 2) {
        rt.decref(ret);
        return rt.newRef(args[1]);
      }
      const exc = vm.call(rt.types[T.StopIteration], ret === rt.None ? [] : [ret]);
      rt.decref(ret);
      throw new PyThrow(exc);
    }
    if (k === Kind.INSTANCE) {
      try {
        return vm.callBound(A.lookupSpecial(vm, it, "__next__"), it, []);
      } catch (e) {
        if (args.length === 2 && isStopIteration(vm, e)) return rt.newRef(args[1]);
        throw e;
      }
    }
    const v = A.iterNext(vm, it);
    if (v !== NULL) return v;
    if (args.length === 2) return rt.newRef(args[1]);
    throw new PyError("StopIteration", "");
  },
  callable(vm, _self, args) {
    argCount("callable", args, 1, 1);
    const k = A.kindOf(vm, args[0]);
    const yes = k === Kind.FUNCTION || k === Kind.BUILTIN || k === Kind.METHOD || k === Kind.TYPE ||
      (k === Kind.INSTANCE && A.lookupSpecial(vm, args[0], "__call__") !== NULL);
    return vm.rt.bool(yes);
  },
  getattr(vm, _self, args) {
    argCount("getattr", args, 2, 3);
    if (A.kindOf(vm, args[1]) !== Kind.STR) throw new PyError("TypeError", "attribute name must be string");
    const name = intern(vm.rt, strValue(vm.rt, args[1]));
    if (args.length === 3) {
      try {
        const v = A.getAttrOrNull(vm, args[0], name);
        return v === NULL ? vm.rt.newRef(args[2]) : v;
      } catch (e) {
        if (A.isAttributeError(vm, e)) return vm.rt.newRef(args[2]);
        throw e;
      }
    }
    return A.getAttr(vm, args[0], name);
  },
  setattr(vm, _self, args) {
    argCount("setattr", args, 3, 3);
    if (A.kindOf(vm, args[1]) !== Kind.STR) throw new PyError("TypeError", "attribute name must be string");
    A.setAttr(vm, args[0], intern(vm.rt, strValue(vm.rt, args[1])), args[2]);
    return vm.rt.None;
  },
  delattr(vm, _self, args) {
    argCount("delattr", args, 2, 2);
    A.delAttr(vm, args[0], intern(vm.rt, strValue(vm.rt, args[1])));
    return vm.rt.None;
  },
  hasattr(vm, _self, args) {
    argCount("hasattr", args, 2, 2);
    if (A.kindOf(vm, args[1]) !== Kind.STR) throw new PyError("TypeError", "attribute name must be string");
    try {
      const v = A.getAttrOrNull(vm, args[0], intern(vm.rt, strValue(vm.rt, args[1])));
      vm.rt.decref(v);
      return vm.rt.bool(v !== NULL);
    } catch (e) {
      if (A.isAttributeError(vm, e)) return vm.rt.False;
      throw e;
    }
  },
  chr(vm, _self, args) {
    argCount("chr", args, 1, 1);
    if (A.numKind(vm, args[0]) !== 0) throw new PyError("TypeError", `'${A.typeName(vm, args[0])}' object cannot be interpreted as an integer`);
    const c = Number(A.intOf(vm, args[0]));
    if (c < 0 || c > 0x10ffff) throw new PyError("ValueError", "chr() arg not in range(0x110000)");
    return A.charStr(vm, c);
  },
  ord(vm, _self, args) {
    argCount("ord", args, 1, 1);
    const v = args[0];
    if (A.kindOf(vm, v) !== Kind.STR) throw new PyError("TypeError", `ord() expected string of length 1, but ${A.typeName(vm, v)} found`);
    const n = strLen(vm.rt, v);
    if (n !== 1) throw new PyError("TypeError", `ord() expected a character, but string of length ${n} found`);
    return newIntFromNumber(vm.rt, strCodeAt(vm.rt, v, 0));
  },
  hex(vm, _self, args) {
    return radix(vm, args, 16, "hex");
  },
  oct(vm, _self, args) {
    return radix(vm, args, 8, "oct");
  },
  bin(vm, _self, args) {
    return radix(vm, args, 2, "bin");
  },
  divmod(vm, _self, args) {
    argCount("divmod", args, 2, 2);
    const [a, b] = args;
    if (A.numKind(vm, a) < 0 || A.numKind(vm, b) < 0) {
      const r = A.callSpecial(vm, a, "__divmod__", [b]);
      if (r !== NULL) return r;
      throw new PyError("TypeError", `unsupported operand type(s) for divmod(): '${A.typeName(vm, a)}' and '${A.typeName(vm, b)}'`);
    }
    // a float division by zero names divmod itself (float_divmod), not floor division
    const bIsZero = A.numKind(vm, b) === 1 ? A.floatOf(vm, b) === 0 : A.intOf(vm, b) === 0;
    if (bIsZero && (A.numKind(vm, a) === 1 || A.numKind(vm, b) === 1)) throw new PyError("ZeroDivisionError", "float divmod()");
    const q = A.binaryOp(vm, a, b, 2);
    let r: Value;
    try {
      r = A.binaryOp(vm, a, b, 6);
    } catch (e) {
      vm.rt.decref(q);
      throw e;
    }
    return newTuple(vm.rt, [q, r]);
  },
  pow(vm, _self, args, kwnames) {
    const [base, exp, mod] = bindArgs("pow", args, kwnames, ["base", "exp", "mod"], 2);
    if (mod === NULL || mod === vm.rt.None) return A.binaryOp(vm, base, exp, 8);
    if (A.numKind(vm, base) !== 0 || A.numKind(vm, exp) !== 0 || A.numKind(vm, mod) !== 0) {
      throw new PyError("TypeError", "pow() 3rd argument not allowed unless all arguments are integers");
    }
    return newInt(vm.rt, intPowMod(A.bigOf(vm, base), A.bigOf(vm, exp), A.bigOf(vm, mod)));
  },
  round(vm, _self, args, kwnames) {
    const [x, nd] = bindArgs("round", args, kwnames, ["number", "ndigits"], 1);
    const rt = vm.rt;
    const nk = A.numKind(vm, x);
    if (nk < 0) {
      const r = A.callSpecial(vm, x, "__round__", nd === NULL ? [] : [nd]);
      if (r !== NULL) return r;
      throw new PyError("TypeError", `type ${A.typeName(vm, x)} doesn't define __round__ method`);
    }
    if (nd === NULL || nd === rt.None) {
      if (nk === 0) return newInt(rt, A.bigOf(vm, x));
      return newInt(rt, roundHalfEven(floatValue(rt, x)));
    }
    if (A.numKind(vm, nd) !== 0) throw new PyError("TypeError", `'${A.typeName(vm, nd)}' object cannot be interpreted as an integer`);
    const n = Number(A.intOf(vm, nd));
    if (nk === 1) return newFloat(rt, roundFloat(floatValue(rt, x), n));
    if (n >= 0) return newInt(rt, A.bigOf(vm, x));
    // round an int to 10**-n, ties to even
    const v = A.bigOf(vm, x);
    const p = 10n ** BigInt(-n);
    let q = v / p;
    let r = v % p;
    if (r < 0n) {
      r += p;
      q -= 1n;
    }
    if (2n * r > p || (2n * r === p && q % 2n !== 0n)) q += 1n;
    return newInt(rt, q * p);
  },
  format(vm, _self, args) {
    argCount("format", args, 1, 2);
    return formatBuiltin(vm, args[0], args.length > 1 ? args[1] : NULL);
  },
  any(vm, _self, args) {
    argCount("any", args, 1, 1);
    return vm.rt.bool(scanTruth(vm, args[0], true));
  },
  all(vm, _self, args) {
    argCount("all", args, 1, 1);
    return vm.rt.bool(!scanTruth(vm, args[0], false));
  },
  vars(vm, _self, args) {
    argCount("vars", args, 1, 1);
    return A.getAttr(vm, args[0], intern(vm.rt, "__dict__"));
  },
  dir(vm, _self, args) {
    argCount("dir", args, 1, 1);
    // PEP 562: a module's own __dir__ (in its dict, never from its __getattr__) says what it has
    const hook = A.kindOf(vm, args[0]) === Kind.MODULE ? dictGetStrRef(vm.rt, A.moduleDictOf(vm, args[0]), "__dir__") : NULL;
    let d: Value;
    if (hook === NULL) d = A.getAttrOrNull(vm, args[0], intern(vm.rt, "__dict__"));
    else {
      try {
        d = vm.call(hook, []);
      } finally {
        vm.rt.decref(hook);
      }
    }
    if (d === NULL) return newList(vm.rt, []);
    const items = A.toArray(vm, d);
    vm.rt.decref(d);
    const sorted = items.map((v) => [strValue(vm.rt, v), v] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return newList(vm.rt, sorted.map((p) => p[1]));
  },
  globals(vm) {
    return vm.rt.newRef(vm.currentGlobals());
  },
  locals(vm) {
    return vm.rt.newRef(vm.currentGlobals());
  },
  input() {
    throw new PyError("EOFError", "EOF when reading a line");
  },
  open() {
    throw new PyError("OSError", "file I/O is not supported by gilvm");
  },
  exec() {
    throw new PyError("NotImplementedError", "exec() is not supported by gilvm");
  },
  eval() {
    throw new PyError("NotImplementedError", "eval() is not supported by gilvm");
  },
};


/** any() (stopAt = true) / all() (stopAt = false): whether an item with that truth was found. */
function scanTruth(vm: Interpreter, iterable: Value, stopAt: boolean): boolean {
  const rt = vm.rt;
  const it = A.getIter(vm, iterable);
  try {
    for (let v = A.iterNext(vm, it); v !== NULL; v = A.iterNext(vm, it)) {
      let t: boolean;
      try {
        t = A.truthy(vm, v);
      } finally {
        rt.decref(v);
      }
      if (t === stopAt) return true;
    }
    return false;
  } finally {
    rt.decref(it);
  }
}

function radix(vm: Interpreter, args: Value[], base: 2 | 8 | 16, name: string): Value {
  argCount(name, args, 1, 1);
  const v = args[0];
  if (A.numKind(vm, v) !== 0) throw new PyError("TypeError", `'${A.typeName(vm, v)}' object cannot be interpreted as an integer`);
  return newStr(vm.rt, intToStr(A.bigOf(vm, v), base, true));
}

