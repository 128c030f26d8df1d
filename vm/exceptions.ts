/**
 * Exception objects and tracebacks: creating built-in exceptions from native errors, `except`
 * matching, and printing an uncaught exception the way CPython 3.11 does (chained causes and
 * contexts included, source lines read from the file).
 */
import { readFileSync } from "node:fs";
import type { Interpreter } from "./interpreter.js";
import { Kind, NULL, type Ref, type Value } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import { T } from "../runtime/types.js";
import { newStr, strValue } from "../runtime/str.js";
import { newTuple, tupleItems } from "../runtime/tuple.js";
import { newInstance, EXC_TB, EXC_CAUSE, EXC_CONTEXT, EXC_FLAGS, EXC_SUPPRESS_CONTEXT, TB_NEXT, TB_CODE, TB_LINE } from "../runtime/instance.js";
import { CO_FILENAME, CO_NAME } from "../runtime/code.js";
import * as A from "./abstract.js";
import { className, exceptionStr } from "./repr.js";

/** A new exception of built-in type `t` with one str argument (or none). Owned. */
export function newException(vm: Interpreter, t: T, msg: string, noArgs = false, arg: Value = NULL): Ref {
  const rt = vm.rt;
  let args: Ref;
  if (arg !== NULL) args = newTuple(rt, [rt.newRef(arg)]);
  else if (noArgs) args = rt.newRef(rt.emptyTuple);
  else args = newTuple(rt, [newStr(rt, msg)]);
  return newInstance(rt, rt.types[t], args);
}

/** `except type:` — type may be a class or a tuple of classes. */
export function exceptionMatches(vm: Interpreter, exc: Ref, type: Value): boolean {
  if (A.kindOf(vm, type) === Kind.TUPLE) return tupleItems(vm.rt, type).some((t) => exceptionMatches(vm, exc, t));
  if (A.kindOf(vm, type) !== Kind.TYPE || !A.isExceptionType(vm, type)) {
    throw new PyError("TypeError", "catching classes that do not inherit from BaseException is not allowed");
  }
  return A.isSubtype(vm, A.typeOf(vm, exc), type);
}

const sourceCache = new Map<string, string[] | null>();

/** Line `n` of a source file, stripped, or null (files are read once; `<string>` has none). */
export function sourceLine(filename: string, n: number, sources: Map<string, string>): string | null {
  let lines = sourceCache.get(filename);
  if (lines === undefined) {
    const text = sources.get(filename);
    if (text !== undefined) lines = text.split("\n");
    else {
      try {
        lines = readFileSync(filename, "utf8").split("\n");
      } catch {
        lines = null;
      }
    }
    sourceCache.set(filename, lines);
  }
  const line = lines?.[n - 1];
  return line === undefined ? null : line.trim();
}

/** The name CPython prints for an exception's type: qualified unless builtin or __main__. */
function excTypeName(vm: Interpreter, exc: Ref): string {
  const name = className(vm, A.typeOf(vm, exc));
  if (name.startsWith("builtins.")) return name.slice(9);
  if (name.startsWith("__main__.")) return name.slice(9);
  return name;
}

/** The last line of a traceback: `ValueError: msg`, or just the type name for an empty message. */
export function exceptionLine(vm: Interpreter, exc: Ref): string {
  let msg: string;
  try {
    msg = A.str(vm, exc);
  } catch {
    msg = "<exception str() failed>";
  }
  const name = excTypeName(vm, exc);
  return msg === "" ? name : `${name}: ${msg}`;
}

/** The whole report CPython prints for an uncaught exception (with chained exceptions first). */
export function formatException(vm: Interpreter, exc: Ref, sources: Map<string, string>, seen = new Set<Ref>()): string {
  const i32 = vm.i32;
  seen.add(exc);
  let out = "";
  const w = exc >> 2;
  const cause = i32[w + EXC_CAUSE];
  const context = i32[w + EXC_CONTEXT];
  if (cause !== NULL && !seen.has(cause)) {
    out += formatException(vm, cause, sources, seen);
    out += "\nThe above exception was the direct cause of the following exception:\n\n";
  } else if (context !== NULL && (i32[w + EXC_FLAGS] & EXC_SUPPRESS_CONTEXT) === 0 && !seen.has(context)) {
    out += formatException(vm, context, sources, seen);
    out += "\nDuring handling of the above exception, another exception occurred:\n\n";
  }
  let tb = i32[w + EXC_TB];
  if (tb !== NULL) out += "Traceback (most recent call last):\n";
  // CPython collapses a run of identical entries after three: "[Previous line repeated N more times]"
  let last = "";
  let repeats = 0;
  const flushRepeats = () => {
    if (repeats > 3) out += `  [Previous line repeated ${repeats - 3} more time${repeats - 3 === 1 ? "" : "s"}]\n`;
  };
  while (tb !== NULL) {
    const tw = tb >> 2;
    const code = i32[tw + TB_CODE];
    const line = i32[tw + TB_LINE];
    const file = strValue(vm.rt, i32[(code >> 2) + CO_FILENAME]);
    const name = strValue(vm.rt, i32[(code >> 2) + CO_NAME]);
    const key = `${file}:${line}:${name}`;
    if (key === last) repeats++;
    else {
      flushRepeats();
      last = key;
      repeats = 1;
    }
    if (repeats <= 3) {
      out += `  File "${file}", line ${line}, in ${name}\n`;
      const src = sourceLine(file, line, sources);
      if (src) out += `    ${src}\n`;
    }
    tb = i32[tw + TB_NEXT];
  }
  flushRepeats();
  return out + exceptionLine(vm, exc) + "\n";
}

export { exceptionStr };
