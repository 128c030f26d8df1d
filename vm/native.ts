/**
 * Native (JavaScript) functions: the built-in functions, the methods of built-in types and the
 * functions of built-in modules. A native gets borrowed arguments and returns a new reference.
 * Positional arguments come first in `args`; when `kwnames` is given, the last kwnames.length
 * entries of `args` are keyword arguments with those names.
 *
 * Each table is plain data; vm/natives.ts collects them in a fixed order so that a native's id
 * (stored in the heap's builtin-function objects) means the same function in every worker.
 */
import type { Value } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import type { Interpreter } from "./interpreter.js";

export type NativeFn = (vm: Interpreter, self: Value, args: Value[], kwnames: string[] | null) => Value;
export type NativeTable = Record<string, NativeFn>;

/** Raises CPython's TypeError when a function that takes no keyword arguments got some. */
export function noKwargs(fname: string, kwnames: string[] | null): void {
  if (kwnames !== null && kwnames.length > 0) {
    throw new PyError("TypeError", `${fname}() takes no keyword arguments`);
  }
}

/** Checks the number of positional arguments, with CPython's wording. */
export function argCount(fname: string, args: Value[], min: number, max: number): void {
  const n = args.length;
  if (n >= min && n <= max) return;
  if (min === max) {
    if (min === 0) throw new PyError("TypeError", `${fname}() takes no arguments (${n} given)`);
    if (min === 1) throw new PyError("TypeError", `${fname}() takes exactly one argument (${n} given)`);
    throw new PyError("TypeError", `${fname} expected ${min} arguments, got ${n}`);
  }
  if (n < min) throw new PyError("TypeError", `${fname} expected at least ${min} argument${min === 1 ? "" : "s"}, got ${n}`);
  throw new PyError("TypeError", `${fname} expected at most ${max} argument${max === 1 ? "" : "s"}, got ${n}`);
}

/**
 * Binds positional and keyword arguments to `names` (positional-or-keyword, in order); the
 * first `required` are mandatory. Returns one entry per name, 0 (NULL) where not given.
 */
export function bindArgs(fname: string, args: Value[], kwnames: string[] | null, names: string[], required: number): Value[] {
  const nkw = kwnames === null ? 0 : kwnames.length;
  const npos = args.length - nkw;
  if (npos > names.length) {
    throw new PyError("TypeError", `${fname}() takes at most ${names.length} argument${names.length === 1 ? "" : "s"} (${npos} given)`);
  }
  const out = new Array<Value>(names.length).fill(0);
  for (let i = 0; i < npos; i++) out[i] = args[i];
  for (let k = 0; k < nkw; k++) {
    const i = names.indexOf(kwnames![k]);
    if (i < 0) throw new PyError("TypeError", `${fname}() got an unexpected keyword argument '${kwnames![k]}'`);
    if (out[i] !== 0) throw new PyError("TypeError", `argument for ${fname}() given by name ('${kwnames![k]}') and position (${i + 1})`);
    out[i] = args[npos + k];
  }
  for (let i = 0; i < required; i++) {
    if (out[i] === 0) throw new PyError("TypeError", `${fname}() missing required argument '${names[i]}' (pos ${i + 1})`);
  }
  return out;
}
