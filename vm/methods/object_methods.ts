/**
 * Methods of `object`, `type`, `BaseException` and generators that Python code calls by name
 * (`super().__init__(msg)`, `object.__repr__(self)`, `gen.send(x)`, `gen.close()`).
 */
import { PyThrow } from "../interpreter.js";
import { Kind, NULL, type Value } from "../../runtime/layout.js";
import { PyError } from "../../runtime/py_error.js";
import { T } from "../../runtime/types.js";
import { TY_BASE } from "../../runtime/context.js";
import { newStr } from "../../runtime/str.js";
import { newTuple } from "../../runtime/tuple.js";
import { EXC_ARGS, newInstance, setField } from "../../runtime/instance.js";
import { newIntFromNumber } from "../../runtime/int.js";
import { type NativeTable, argCount } from "../native.js";
import * as A from "../abstract.js";
import { addr, className } from "../repr.js";
import { exceptionStr } from "../exceptions.js";

export const OBJECT_METHODS: NativeTable = {
  __init__(vm) {
    return vm.rt.None;
  },
  /** object.__new__(cls): a bare instance (called as `super().__new__(cls)` from a class's __new__). */
  __new__(vm, self) {
    if (A.kindOf(vm, self) !== Kind.TYPE) throw new PyError("TypeError", `object.__new__(X): X is not a type object (${A.typeName(vm, self)})`);
    return newInstance(vm.rt, self);
  },
  __repr__(vm, self) {
    return newStr(vm.rt, `<${className(vm, A.typeOf(vm, self))} object at ${addr(self)}>`);
  },
  __str__(vm, self) {
    return newStr(vm.rt, A.repr(vm, self));
  },
  __eq__(vm, self, args) {
    argCount("__eq__", args, 1, 1);
    return self === args[0] ? vm.rt.True : vm.rt.NotImplemented;
  },
  __ne__(vm, self, args) {
    argCount("__ne__", args, 1, 1);
    return self !== args[0] ? vm.rt.True : vm.rt.NotImplemented;
  },
  __hash__(vm, self) {
    return newIntFromNumber(vm.rt, self >> 3);
  },
};

export const TYPE_METHODS: NativeTable = {
  mro(vm, self) {
    const items: Value[] = [];
    for (let c = self; c !== NULL; c = vm.i32[(c >> 2) + TY_BASE]) items.push(vm.rt.newRef(c));
    return newTuple(vm.rt, items);
  },
};

export const EXCEPTION_METHODS: NativeTable = {
  __init__(vm, self, args) {
    const rt = vm.rt;
    for (const v of args) rt.incref(v);
    const t = newTuple(rt, args);
    setField(rt, self, EXC_ARGS, t);
    rt.decref(t);
    return rt.None;
  },
  __str__(vm, self) {
    return newStr(vm.rt, exceptionStr(vm, self));
  },
  with_traceback(vm, self) {
    return vm.rt.newRef(self);
  },
};

export const GENERATOR_METHODS: NativeTable = {
  send(vm, self, args) {
    argCount("send", args, 1, 1);
    const v = vm.resumeGenerator(self, args[0]);
    if (v !== NULL) return v;
    const ret = vm.genReturn;
    const exc = vm.call(vm.rt.types[T.StopIteration], ret === vm.rt.None ? [] : [ret]);
    vm.rt.decref(ret);
    throw new PyThrow(exc);
  },
  close(vm, self) {
    vm.closeGenerator(self);
    return vm.rt.None;
  },
  __next__(vm, self) {
    const v = vm.resumeGenerator(self, NULL);
    if (v !== NULL) return v;
    vm.rt.decref(vm.genReturn);
    throw new PyError("StopIteration", "");
  },
  __iter__(vm, self) {
    return vm.rt.newRef(self);
  },
};
