/**
 * Formatting values: f-string fields (FORMAT_VALUE), format(), str.format and `%`-formatting.
 * The format-spec mini-language itself is pure code in runtime/format_spec.ts and
 * runtime/percent_format.ts; this file connects it to objects (and to __format__ of classes).
 */
import { PyThrow, type Interpreter } from "./interpreter.js";
import { Kind, NULL, type Value } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import { newStr, strValue } from "../runtime/str.js";
import { floatValue } from "../runtime/float.js";
import { tupleItems } from "../runtime/tuple.js";
import { intern } from "../runtime/intern.js";
import { formatBool, formatFloat, formatInt, formatStr } from "../runtime/format_spec.js";
import { asciiEscaped, percentFormat, type FmtArg } from "../runtime/percent_format.js";
import { newIntFromNumber } from "../runtime/int.js";
import * as A from "./abstract.js";

/** format(v, spec) as a JS string. */
export function formatToString(vm: Interpreter, v: Value, spec: string): string {
  const rt = vm.rt;
  switch (A.kindOf(vm, v)) {
    case Kind.INT:
      return formatInt(A.bigOf(vm, v), spec);
    case Kind.BOOL:
      return formatBool(v === rt.True, spec);
    case Kind.FLOAT:
      return formatFloat(floatValue(rt, v), spec);
    case Kind.STR:
      return formatStr(strValue(rt, v), spec);
    case Kind.INSTANCE: {
      const m = A.lookupSpecial(vm, v, "__format__");
      if (m !== NULL) {
        const s = newStr(rt, spec);
        try {
          const r = vm.callBound(m, v, [s]);
          if (A.kindOf(vm, r) !== Kind.STR) {
            rt.decref(r);
            throw new PyError("TypeError", `__format__ must return a str, not ${A.typeName(vm, r)}`);
          }
          const out = strValue(rt, r);
          rt.decref(r);
          return out;
        } finally {
          rt.decref(s);
        }
      }
    }
  }
  if (spec !== "") throw new PyError("TypeError", `unsupported format string passed to ${A.typeName(vm, v)}.__format__`);
  return A.str(vm, v);
}

/** FORMAT_VALUE: conversion (0 none, 1 str, 2 repr, 3 ascii) then the spec (a str or NULL). */
export function formatValue(vm: Interpreter, v: Value, conversion: number, spec: Value): Value {
  const rt = vm.rt;
  const specStr = spec === NULL ? "" : strValue(rt, spec);
  if (conversion === 0) {
    if (specStr === "" && A.kindOf(vm, v) === Kind.STR) return rt.newRef(v);
    return newStr(rt, formatToString(vm, v, specStr));
  }
  const text = conversion === 2 ? A.repr(vm, v) : conversion === 3 ? asciiEscaped(A.repr(vm, v)) : A.str(vm, v);
  return newStr(rt, specStr === "" ? text : formatStr(text, specStr));
}

/** The format() built-in. */
export function formatBuiltin(vm: Interpreter, v: Value, spec: Value): Value {
  if (spec !== NULL && A.kindOf(vm, spec) !== Kind.STR) {
    throw new PyError("TypeError", `format() argument 2 must be str, not ${A.typeName(vm, spec)}`);
  }
  return newStr(vm.rt, formatToString(vm, v, spec === NULL ? "" : strValue(vm.rt, spec)));
}

function fmtArg(vm: Interpreter, v: Value): FmtArg {
  const kind = A.kindOf(vm, v);
  const base = { str: () => A.str(vm, v), repr: () => A.repr(vm, v), typeName: A.typeName(vm, v) };
  if (kind === Kind.INT || kind === Kind.BOOL) return { kind: "int", int: A.bigOf(vm, v), ...base };
  if (kind === Kind.FLOAT) return { kind: "float", float: floatValue(vm.rt, v), ...base };
  if (kind === Kind.STR) return { kind: "str", ...base };
  return { kind: "other", ...base };
}

/** str % args. */
export function percentFormatValue(vm: Interpreter, fmt: Value, args: Value): Value {
  const rt = vm.rt;
  const isTuple = A.kindOf(vm, args) === Kind.TUPLE;
  const items = isTuple ? tupleItems(rt, args) : [args];
  return newStr(rt, percentFormat(strValue(rt, fmt), items.map((v) => fmtArg(vm, v)), isTuple));
}

/**
 * str.format: `{}`/`{0}`/`{name}` fields with `.attr` and `[key]` lookups, `!r`/`!s`/`!a`
 * conversions and nested `{}` inside the spec (Objects/stringlib/unicode_format.h).
 */
export function strFormatMethod(vm: Interpreter, self: Value, args: Value[], kwnames: string[] | null): Value {
  const rt = vm.rt;
  const nkw = kwnames === null ? 0 : kwnames.length;
  const pos = args.slice(0, args.length - nkw);
  const kw = new Map<string, Value>();
  kwnames?.forEach((k, i) => kw.set(k, args[pos.length + i]));
  let auto = 0;
  let manual = false;
  const render = (fmt: string, depth: number): string => {
    if (depth > 2) throw new PyError("ValueError", "Max string recursion exceeded");
    let out = "";
    let i = 0;
    while (i < fmt.length) {
      const ch = fmt[i];
      if (ch === "}") {
        if (fmt[i + 1] === "}") {
          out += "}";
          i += 2;
          continue;
        }
        throw new PyError("ValueError", "Single '}' encountered in format string");
      }
      if (ch !== "{") {
        out += ch;
        i++;
        continue;
      }
      if (fmt[i + 1] === "{") {
        out += "{";
        i += 2;
        continue;
      }
      // find the matching close brace, allowing nested {} in the spec
      let j = i + 1;
      let level = 1;
      while (j < fmt.length && level > 0) {
        if (fmt[j] === "{") level++;
        else if (fmt[j] === "}") level--;
        if (level > 0) j++;
      }
      if (j >= fmt.length) throw new PyError("ValueError", level > 1 ? "expected '}' before end of string" : "Single '{' encountered in format string");
      const field = fmt.slice(i + 1, j);
      i = j + 1;
      let spec = "";
      let conv = "";
      let name = field;
      const colon = indexOutsideBrackets(field, ":");
      if (colon >= 0) {
        spec = field.slice(colon + 1);
        name = field.slice(0, colon);
      }
      const bang = indexOutsideBrackets(name, "!");
      if (bang >= 0) {
        conv = name.slice(bang + 1);
        name = name.slice(0, bang);
        if (conv.length !== 1 || !"rsa".includes(conv)) {
          throw new PyError("ValueError", conv.length === 1 ? `Unknown conversion specifier ${conv}` : "expected ':' after conversion specifier");
        }
      }
      const value = lookupField(name);
      try {
        const specText = render(spec, depth + 1);
        const text = conv === "r" ? A.repr(vm, value) : conv === "a" ? asciiEscaped(A.repr(vm, value)) : conv === "s" ? A.str(vm, value) : null;
        out += text === null ? formatToString(vm, value, specText) : formatStr(text, specText);
      } finally {
        rt.decref(value);
      }
    }
    return out;
  };
  const lookupField = (name: string): Value => {
    const m = /^([^.[]*)(.*)$/.exec(name)!;
    const first = m[1];
    let obj: Value;
    if (first === "") {
      if (manual) throw new PyError("ValueError", "cannot switch from manual field specification to automatic field numbering");
      if (auto >= pos.length) throw new PyError("IndexError", `Replacement index ${auto} out of range for positional args tuple`);
      obj = rt.newRef(pos[auto++]);
    } else if (/^\d+$/.test(first)) {
      if (auto > 0) throw new PyError("ValueError", "cannot switch from automatic field numbering to manual field specification");
      manual = true;
      const n = Number(first);
      if (n >= pos.length) throw new PyError("IndexError", `Replacement index ${n} out of range for positional args tuple`);
      obj = rt.newRef(pos[n]);
    } else {
      const v = kw.get(first);
      // the key itself is the exception's argument (str(e) is its repr), as for a dict lookup
      if (v === undefined) throw A.keyError(vm, intern(rt, first));
      obj = rt.newRef(v);
    }
    let rest = m[2];
    while (rest !== "") {
      let next: Value;
      if (rest[0] === ".") {
        const am = /^\.([^.[]+)/.exec(rest);
        if (am === null) throw new PyError("ValueError", "Empty attribute in format string");
        rest = rest.slice(am[0].length);
        try {
          next = A.getAttr(vm, obj, intern(rt, am[1]));
        } finally {
          rt.decref(obj);
        }
      } else {
        const close = rest.indexOf("]");
        if (close < 0) throw new PyError("ValueError", "Missing ']' in format string");
        const keyText = rest.slice(1, close);
        rest = rest.slice(close + 1);
        const key = /^\d+$/.test(keyText) ? newIntFromNumber(rt, Number(keyText)) : newStr(rt, keyText);
        try {
          next = A.getItem(vm, obj, key);
        } catch (e) {
          // a KeyError holds the key itself: make the exception while the key is still alive
          throw e instanceof PyError ? new PyThrow(vm.toException(e)) : e;
        } finally {
          rt.decref(key);
          rt.decref(obj);
        }
      }
      obj = next;
    }
    return obj;
  };
  return newStr(rt, render(strValue(rt, self), 0));
}

function indexOutsideBrackets(s: string, ch: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "[") depth++;
    else if (s[i] === "]") depth--;
    else if (s[i] === ch && depth === 0) return i;
  }
  return -1;
}
