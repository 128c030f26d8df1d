/**
 * repr() and str() of every kind, in CPython's printed forms (`[1, 'a']`, `{'k': 2}`,
 * `<class '__main__.C'>`, `ValueError('bad')`, `<__main__.C object at 0x…>`), with the `[...]`
 * guard for containers that contain themselves. Both return JS strings.
 */
import type { Interpreter } from "./interpreter.js";
import { HEADER_WORDS, Kind, NULL, type Ref, type Value } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import { T } from "../runtime/types.js";
import { strValue } from "../runtime/str.js";
import { floatValue } from "../runtime/float.js";
import { floatRepr } from "../runtime/float_repr.js";
import { reprStr } from "../runtime/int_math.js";
import { tupleItems } from "../runtime/tuple.js";
import { TY_NAME, TY_QUALNAME, TY_MODULE } from "../runtime/context.js";
import { EXC_ARGS } from "../runtime/instance.js";
import { BI_NAME, BI_SELF, FN_QUALNAME, METHOD_FUNC, METHOD_SELF } from "../runtime/function.js";
import { GEN_QUALNAME } from "./generator.js";
import { ITER_TYPE_NAMES, IT_KIND } from "./iterators.js";
import * as A from "./abstract.js";

export function addr(v: Value): string {
  return "0x" + (0x7f0000000000 + v).toString(16).padStart(12, "0");
}

/** The qualified name `module.Qualname` of a class, as its repr shows it. */
export function className(vm: Interpreter, type: Ref): string {
  const w = type >> 2;
  const q = vm.i32[w + TY_QUALNAME];
  const name = strValue(vm.rt, q === NULL ? vm.i32[w + TY_NAME] : q);
  const m = vm.i32[w + TY_MODULE];
  return m === NULL ? name : `${strValue(vm.rt, m)}.${name}`;
}

export function repr(vm: Interpreter, v: Value): string {
  const rt = vm.rt;
  if ((v & 1) !== 0) return String(v >> 1);
  const kind = A.kindOf(vm, v);
  switch (kind) {
    case Kind.NONE: return "None";
    case Kind.BOOL: return v === rt.True ? "True" : "False";
    case Kind.INT: return A.bigOf(vm, v).toString();
    case Kind.FLOAT: return floatRepr(floatValue(rt, v));
    case Kind.STR: return reprStr(strValue(rt, v));
    case Kind.LIST: return guarded(vm, v, "[...]", () => A.withItems(vm, v, (items) => "[" + items.map((x) => repr(vm, x)).join(", ") + "]"));
    case Kind.TUPLE: {
      const items = tupleItems(rt, v);
      if (items.length === 1) return "(" + repr(vm, items[0]) + ",)";
      return guarded(vm, v, "(...)", () => "(" + items.map((x) => repr(vm, x)).join(", ") + ")");
    }
    case Kind.DICT:
      return guarded(vm, v, "{...}", () =>
        A.withEntries(vm, v, (entries) => "{" + entries.map(([k, x]) => repr(vm, k) + ": " + repr(vm, x)).join(", ") + "}"));
    case Kind.SET: {
      const frozen = A.typeOf(vm, v) === rt.types[T.frozenset];
      return A.withKeys(vm, v, (keys) => {
        if (keys.length === 0) return frozen ? "frozenset()" : "set()";
        const body = guarded(vm, v, "...", () => "{" + keys.map((k) => repr(vm, k)).join(", ") + "}");
        return frozen ? `frozenset(${body})` : body;
      });
    }
    case Kind.RANGE: {
      const w = (v >> 2) + HEADER_WORDS;
      const step = vm.i32[w + 2];
      const base = `range(${repr(vm, vm.i32[w])}, ${repr(vm, vm.i32[w + 1])}`;
      return step === 3 ? base + ")" : `${base}, ${repr(vm, step)})`;
    }
    case Kind.SLICE: {
      const w = (v >> 2) + HEADER_WORDS;
      return `slice(${repr(vm, vm.i32[w])}, ${repr(vm, vm.i32[w + 1])}, ${repr(vm, vm.i32[w + 2])})`;
    }
    case Kind.TYPE: return `<class '${className(vm, v).replace(/^builtins\./, "")}'>`;
    case Kind.FUNCTION: return `<function ${strValue(rt, vm.i32[(v >> 2) + FN_QUALNAME])} at ${addr(v)}>`;
    case Kind.BUILTIN: {
      const self = vm.i32[(v >> 2) + BI_SELF];
      const name = strValue(rt, vm.i32[(v >> 2) + BI_NAME]);
      if (self !== NULL && A.kindOf(vm, self) !== Kind.MODULE) {
        return `<built-in method ${name} of ${A.typeName(vm, self)} object at ${addr(self)}>`;
      }
      return `<built-in function ${name}>`;
    }
    case Kind.METHOD: {
      const fn = vm.i32[(v >> 2) + METHOD_FUNC];
      const self = vm.i32[(v >> 2) + METHOD_SELF];
      const q = A.kindOf(vm, fn) === Kind.FUNCTION ? strValue(rt, vm.i32[(fn >> 2) + FN_QUALNAME]) : "?";
      return `<bound method ${q} of ${repr(vm, self)}>`;
    }
    case Kind.MODULE: return `<module '${A.moduleName(vm, v)}' (built-in)>`;
    case Kind.GENERATOR: return `<generator object ${strValue(rt, vm.i32[(v >> 2) + GEN_QUALNAME])} at ${addr(v)}>`;
    case Kind.CODE: return `<code object at ${addr(v)}>`;
    case Kind.CELL: return `<cell at ${addr(v)}>`;
    case Kind.SINGLETON: return v === rt.NotImplemented ? "NotImplemented" : "Ellipsis";
    case Kind.DICT_VIEW: {
      const d = vm.i32[(v >> 2) + HEADER_WORDS];
      const which = vm.i32[(v >> 2) + HEADER_WORDS + 1];
      const name = ["dict_keys", "dict_values", "dict_items"][which];
      const items = A.withEntries(vm, d, (entries) => entries.map(([k, x]) =>
        which === 0 ? repr(vm, k) : which === 1 ? repr(vm, x) : `(${repr(vm, k)}, ${repr(vm, x)})`));
      return `${name}([${items.join(", ")}])`;
    }
    case Kind.ITER: return `<${ITER_TYPE_NAMES[vm.i32[(v >> 2) + IT_KIND]]} object at ${addr(v)}>`;
    case Kind.PROPERTY: return `<property object at ${addr(v)}>`;
    case Kind.STATICMETHOD: return `<staticmethod object at ${addr(v)}>`;
    case Kind.CLASSMETHOD: return `<classmethod object at ${addr(v)}>`;
    case Kind.SUPER: return `<super object>`;
    case Kind.LOCK: {
      const held = Atomics.load(vm.i32, (v >> 2) + HEADER_WORDS) !== 0;
      return `<${held ? "locked" : "unlocked"} _thread.lock object at ${addr(v)}>`;
    }
    case Kind.INSTANCE: {
      const r = A.callSpecial(vm, v, "__repr__", []);
      if (r !== NULL) return strResult(vm, r, "__repr__");
      const type = A.typeOf(vm, v);
      if (A.isExceptionType(vm, type)) return exceptionRepr(vm, v);
      return `<${className(vm, type)} object at ${addr(v)}>`;
    }
  }
  return `<${A.typeName(vm, v)} object at ${addr(v)}>`;
}

function exceptionRepr(vm: Interpreter, exc: Ref): string {
  const name = A.typeName(vm, exc);
  const args = vm.i32[(exc >> 2) + EXC_ARGS];
  const items = args === NULL ? [] : tupleItems(vm.rt, args);
  if (items.length === 1) return `${name}(${repr(vm, items[0])})`;
  return `${name}(${items.map((x) => repr(vm, x)).join(", ")})`;
}

/** The str of an exception: its one argument, or the args tuple, or '' (KeyError: repr of the key). */
export function exceptionStr(vm: Interpreter, exc: Ref): string {
  const args = vm.i32[(exc >> 2) + EXC_ARGS];
  const items = args === NULL ? [] : tupleItems(vm.rt, args);
  if (items.length === 0) return "";
  if (items.length === 1) {
    if (A.isInstanceT(vm, exc, T.KeyError)) return repr(vm, items[0]);
    return str(vm, items[0]);
  }
  return repr(vm, args);
}

function strResult(vm: Interpreter, r: Value, method: string): string {
  if (A.kindOf(vm, r) !== Kind.STR) {
    const t = A.typeName(vm, r);
    vm.rt.decref(r);
    throw new PyError("TypeError", `${method} returned non-string (type ${t})`);
  }
  const s = strValue(vm.rt, r);
  vm.rt.decref(r);
  return s;
}

export function str(vm: Interpreter, v: Value): string {
  if ((v & 1) !== 0) return String(v >> 1);
  const kind = A.kindOf(vm, v);
  if (kind === Kind.STR) return strValue(vm.rt, v);
  if (kind === Kind.INSTANCE) {
    const r = A.callSpecial(vm, v, "__str__", []);
    if (r !== NULL) return strResult(vm, r, "__str__");
    if (A.isExceptionType(vm, A.typeOf(vm, v))) return exceptionStr(vm, v);
  }
  return repr(vm, v);
}

/** Containers that contain themselves print `[...]`: the set of those being printed now. */
function guarded(vm: Interpreter, v: Ref, stand: string, body: () => string): string {
  if (vm.reprActive.has(v)) return stand;
  vm.reprActive.add(v);
  try {
    return body();
  } finally {
    vm.reprActive.delete(v);
  }
}
