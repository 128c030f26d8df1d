/**
 * Argument conversions shared by the built-in modules, with CPython's messages:
 *
 * - `toDouble`: what C's PyFloat_AsDouble accepts (int, bool, float, __float__, __index__).
 * - `toIndex`: what PyNumber_Index accepts (int, bool, __index__).
 * - `bindPy`: binding for functions that CPython writes in Python (random.py's methods), whose
 *   TypeErrors read differently from those of C functions (vm/native.ts covers those).
 */
import type { Interpreter } from "../interpreter.js";
import { NULL, type Value } from "../../runtime/layout.js";
import { PyError } from "../../runtime/py_error.js";
import { floatValue } from "../../runtime/float.js";
import { intToFloat } from "../../runtime/int_math.js";
import * as A from "../abstract.js";

/** PyFloat_AsDouble: a Python number (or an object with __float__/__index__) as a double. */
export function toDouble(vm: Interpreter, v: Value): number {
  const k = A.numKind(vm, v);
  if (k >= 0) return A.floatOf(vm, v);
  const f = A.lookupSpecial(vm, v, "__float__");
  if (f !== NULL) {
    const r = vm.callBound(f, v, []);
    try {
      if (A.numKind(vm, r) !== 1) {
        throw new PyError("TypeError", `${A.typeName(vm, v)}.__float__ returned non-float (type ${A.typeName(vm, r)})`);
      }
      return floatValue(vm.rt, r);
    } finally {
      vm.rt.decref(r);
    }
  }
  if (A.lookupSpecial(vm, v, "__index__") !== NULL) {
    const i = toIndex(vm, v);
    return typeof i === "bigint" ? intToFloat(i) : i;
  }
  throw new PyError("TypeError", `must be real number, not ${A.typeName(vm, v)}`);
}

/** PyNumber_Index: an int (a JS number when it is a safe integer, else a bigint). */
export function toIndex(vm: Interpreter, v: Value): number | bigint {
  if (A.numKind(vm, v) === 0) return A.intOf(vm, v);
  const f = A.lookupSpecial(vm, v, "__index__");
  if (f !== NULL) {
    const r = vm.callBound(f, v, []);
    try {
      if (A.numKind(vm, r) !== 0) {
        throw new PyError("TypeError", `__index__ returned non-int (type ${A.typeName(vm, r)})`);
      }
      return A.intOf(vm, r);
    } finally {
      vm.rt.decref(r);
    }
  }
  throw new PyError("TypeError", `'${A.typeName(vm, v)}' object cannot be interpreted as an integer`);
}

export function toBigIndex(vm: Interpreter, v: Value): bigint {
  const i = toIndex(vm, v);
  return typeof i === "bigint" ? i : BigInt(i);
}

function quotedList(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length === 1) return q[0];
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(", ")}, and ${q[q.length - 1]}`;
}

/**
 * Binds the arguments of a Python-level method `fname` (e.g. "Random.randint") with parameters
 * `names` after self; the first `required` have no default. Returns one entry per name, NULL
 * where not given. Counts in messages include self, as CPython's do.
 */
export function bindPy(fname: string, args: Value[], kwnames: string[] | null, names: string[], required: number): Value[] {
  const nkw = kwnames === null ? 0 : kwnames.length;
  const npos = args.length - nkw;
  if (npos > names.length) {
    const most = names.length + 1;
    const takes = required === names.length ? `${most}` : `from ${required + 1} to ${most}`;
    const plural = required === names.length && most === 1 ? "argument" : "arguments";
    throw new PyError("TypeError", `${fname}() takes ${takes} positional ${plural} but ${npos + 1} were given`);
  }
  const out = new Array<Value>(names.length).fill(NULL);
  for (let i = 0; i < npos; i++) out[i] = args[i];
  for (let k = 0; k < nkw; k++) {
    const name = kwnames![k];
    const i = names.indexOf(name);
    if (i < 0) throw new PyError("TypeError", `${fname}() got an unexpected keyword argument '${name}'`);
    if (out[i] !== NULL) throw new PyError("TypeError", `${fname}() got multiple values for argument '${name}'`);
    out[i] = args[npos + k];
  }
  const missing = names.slice(0, required).filter((_, i) => out[i] === NULL);
  if (missing.length > 0) {
    const s = missing.length === 1 ? "" : "s";
    throw new PyError("TypeError", `${fname}() missing ${missing.length} required positional argument${s}: ${quotedList(missing)}`);
  }
  return out;
}
