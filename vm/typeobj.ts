/**
 * Classes: `__build_class__` (running a class body and making the type object), and calling a
 * type — a class (new instance + __init__) or a built-in type (its constructor in
 * vm/constructors.ts). Single inheritance only: a class's MRO is its base chain.
 */
import type { Interpreter } from "./interpreter.js";
import { HEADER_WORDS, Kind, NULL, type Ref, type Value } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import { T, BUILTIN_TYPES } from "../runtime/types.js";
import {
  TF_EXCEPTION, TF_HEAPTYPE, TY_BASE, TY_DICT, TY_FLAGS, TY_ID, TY_INST_KIND, TY_MODULE, TY_NAME,
  TY_QUALNAME, TYPE_WORDS,
} from "../runtime/context.js";
import { dictGetRef, dictPop, newDict } from "../runtime/dict.js";
import { intern } from "../runtime/intern.js";
import { newInstance } from "../runtime/instance.js";
import { newTuple } from "../runtime/tuple.js";
import { CELL_REF } from "../runtime/function.js";
import { strValue } from "../runtime/str.js";
import * as A from "./abstract.js";
import { CONSTRUCTORS } from "./constructors.js";

/** __build_class__(body, name, *bases): runs the class body in a new namespace, makes the class. */
export function buildClass(vm: Interpreter, body: Value, nameV: Value, bases: Value[]): Ref {
  const rt = vm.rt;
  if (A.kindOf(vm, body) !== Kind.FUNCTION) throw new PyError("TypeError", "__build_class__: func must be a function");
  if (A.kindOf(vm, nameV) !== Kind.STR) throw new PyError("TypeError", "__build_class__: name is not a string");
  if (bases.length > 1) throw new PyError("TypeError", "multiple inheritance is not supported by gilvm");
  const base = bases.length === 1 ? bases[0] : rt.types[T.object];
  if (A.kindOf(vm, base) !== Kind.TYPE) throw new PyError("TypeError", "bases must be types");
  const baseId = vm.i32[(base >> 2) + TY_ID];
  if (baseId >= 0 && baseId !== T.object && !A.isExceptionType(vm, base)) {
    throw new PyError("TypeError", `subclassing the built-in type '${BUILTIN_TYPES[baseId].name}' is not supported by gilvm`);
  }
  const ns = newDict(rt);
  try {
    rt.decref(vm.runClassBody(body, ns));
  } catch (e) {
    rt.decref(ns);
    throw e;
  }
  const cls = rt.newObject(Kind.TYPE, rt.types[T.type], TYPE_WORDS - HEADER_WORDS);
  const w = cls >> 2;
  const i32 = vm.i32;
  rt.incref(nameV);
  rt.incref(base);
  i32[w + TY_NAME] = nameV;
  i32[w + TY_BASE] = base;
  i32[w + TY_DICT] = ns;
  i32[w + TY_INST_KIND] = Kind.INSTANCE;
  i32[w + TY_FLAGS] = TF_HEAPTYPE | (i32[(base >> 2) + TY_FLAGS] & TF_EXCEPTION);
  i32[w + TY_ID] = -1;
  i32[w + TY_MODULE] = dictGetRef(rt, ns, intern(rt, "__module__"));
  i32[w + TY_QUALNAME] = dictGetRef(rt, ns, intern(rt, "__qualname__"));
  const cell = dictPop(rt, ns, intern(rt, "__classcell__"));
  if (cell !== NULL) {
    // the methods' __class__ cell now refers to the class (CPython does the same)
    rt.incref(cls);
    const old = i32[(cell >> 2) + CELL_REF];
    i32[(cell >> 2) + CELL_REF] = cls;
    rt.decref(old);
    rt.decref(cell);
  }
  return cls;
}

/** Calls a type object: construction. Arguments are borrowed; returns an owned object. */
export function callType(vm: Interpreter, type: Ref, args: Value[], kwnames: string[] | null): Value {
  const rt = vm.rt;
  const i32 = vm.i32;
  const id = i32[(type >> 2) + TY_ID];
  if (id === T.type && args.length === 1 && kwnames === null) return rt.newRef(A.typeOf(vm, args[0]));
  if (id >= 0 && id !== T.object && !A.isExceptionType(vm, type)) {
    const ctor = CONSTRUCTORS[id as T];
    if (ctor === undefined) throw new PyError("TypeError", `cannot create '${BUILTIN_TYPES[id].name}' instances`);
    return ctor(vm, type, args, kwnames);
  }
  // a class, object(), or an exception type
  const isExc = A.isExceptionType(vm, type);
  const nkw = kwnames === null ? 0 : kwnames.length;
  const init = A.lookupUser(vm, type, intern(rt, "__init__"));
  const userNew = A.lookupUser(vm, type, intern(rt, "__new__"));
  let inst: Ref;
  if (userNew !== NULL) {
    // __new__(cls, *args) makes the object; __init__ runs only if it is an instance of cls
    const fn = A.kindOf(vm, userNew) === Kind.STATICMETHOD ? vm.i32[(userNew >> 2) + HEADER_WORDS] : userNew;
    inst = vm.call(fn, [type, ...args], kwnames);
    if (!A.isSubtype(vm, A.typeOf(vm, inst), type) || init === NULL) return inst;
  } else if (isExc) {
    const pos = args.slice(0, args.length - nkw);
    for (const v of pos) rt.incref(v);
    inst = newInstance(rt, type, newTuple(rt, pos));
  } else {
    inst = newInstance(rt, type);
  }
  if (init === NULL) {
    if (!isExc && args.length > 0 && userNew === NULL) {
      rt.decref(inst);
      const name = strValue(rt, i32[(type >> 2) + TY_NAME]);
      throw new PyError("TypeError", `${name}() takes no arguments`);
    }
    if (isExc && nkw > 0) {
      rt.decref(inst);
      throw new PyError("TypeError", `${strValue(rt, i32[(type >> 2) + TY_NAME])}() takes no keyword arguments`);
    }
    return inst;
  }
  try {
    const r = vm.callBound(init, inst, args, kwnames);
    if (r !== rt.None) {
      const t = A.typeName(vm, r);
      rt.decref(r);
      throw new PyError("TypeError", `__init__() should return None, not '${t}'`);
    }
  } catch (e) {
    rt.decref(inst);
    throw e;
  }
  return inst;
}
