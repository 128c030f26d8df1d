import { describe, expect, it } from "vitest";
import { percentFormat, type FmtArg } from "../runtime/percent_format.js";
import { floatRepr } from "../runtime/float_repr.js";
import { intToStr, reprStr } from "../runtime/int_math.js";
import { PyError } from "../runtime/py_error.js";
import { askCPython, disagreements, ours, PyDict, PyList, PyTuple, Random } from "./helpers/num_oracle.js";

const rnd = new Random(9);

type Value = bigint | number | string | boolean | null | PyTuple | PyList | PyDict;

/** repr() of a test value, as CPython writes it. */
function pyRepr(v: Value): string {
  if (typeof v === "bigint") return intToStr(v, 10);
  if (typeof v === "number") return floatRepr(v);
  if (typeof v === "string") return reprStr(v);
  if (typeof v === "boolean") return v ? "True" : "False";
  if (v === null) return "None";
  if (v instanceof PyTuple) return "(" + v.items.map((x) => pyRepr(x as Value)).join(", ") + (v.items.length === 1 ? ",)" : ")");
  if (v instanceof PyList) return "[" + v.items.map((x) => pyRepr(x as Value)).join(", ") + "]";
  return "{" + v.entries.map(([k, x]) => pyRepr(k as Value) + ": " + pyRepr(x as Value)).join(", ") + "}";
}

/** The FmtArg the interpreter would build for a value. */
function toArg(v: Value): FmtArg {
  const repr = () => pyRepr(v);
  if (typeof v === "bigint") return { kind: "int", int: v, str: repr, repr, typeName: "int" };
  if (typeof v === "boolean") return { kind: "int", int: v ? 1n : 0n, str: repr, repr, typeName: "bool" };
  if (typeof v === "number") return { kind: "float", float: v, str: repr, repr, typeName: "float" };
  if (typeof v === "string") return { kind: "str", str: () => v, repr, typeName: "str" };
  if (v === null) return { kind: "other", str: repr, repr, typeName: "NoneType" };
  if (v instanceof PyTuple) return { kind: "other", str: repr, repr, typeName: "tuple" };
  if (v instanceof PyList) {
    return {
      kind: "other", str: repr, repr, typeName: "list",
      getItem: () => {
        throw new PyError("TypeError", "list indices must be integers or slices, not str");
      },
    };
  }
  return {
    kind: "other", str: repr, repr, typeName: "dict",
    getItem: (key) => {
      const entry = v.entries.find(([k]) => k === key);
      if (!entry) throw new PyError("KeyError", reprStr(key));
      return toArg(entry[1] as Value);
    },
  };
}

function percent(fmt: string, operand: Value): string {
  if (operand instanceof PyTuple) return percentFormat(fmt, operand.items.map((x) => toArg(x as Value)), true);
  return percentFormat(fmt, [toArg(operand)], false);
}

const STRINGS = ["", "ab", "gilvm", "é", "\u{1f600}x", "it's", 'say "hi"', "tab\there", "a\u0301", "abcdefghij"];

function aFloat(): number {
  const r = rnd.next();
  if (r < 0.15) return rnd.pick([0, -0, 2.5, 0.125, 1e16, 1e-5, Infinity, -Infinity, NaN, -3.14159265, 1e300, 5e-324]);
  if (r < 0.8) return rnd.decimal();
  return rnd.anyFinite();
}

function anyValue(): Value {
  const r = rnd.next();
  if (r < 0.25) return rnd.bigint(rnd.pick([6, 40, 100]));
  if (r < 0.45) return aFloat();
  if (r < 0.65) return rnd.pick(STRINGS);
  if (r < 0.72) return rnd.next() < 0.5;
  if (r < 0.8) return null;
  if (r < 0.88) return new PyList([1n, "a"]);
  return new PyTuple(rnd.next() < 0.5 ? [1n] : [2.5, "x"]);
}

/** A value that suits conversion `type` most of the time. */
function valueFor(type: string): Value {
  if (rnd.next() < 0.12) return anyValue();
  switch (type) {
    case "d": case "i": case "u": case "o": case "x": case "X":
      return rnd.next() < 0.8 ? rnd.bigint(rnd.pick([6, 40, 100])) : rnd.next() < 0.5 ? aFloat() : rnd.next() < 0.5;
    case "e": case "E": case "f": case "F": case "g": case "G":
      return rnd.next() < 0.85 ? aFloat() : rnd.bigint(60);
    case "c":
      return rnd.next() < 0.6 ? BigInt(rnd.pick([65, 97, 0x1f600, 0x10ffff, 0x110000, -1, 233])) : rnd.pick(STRINGS);
  }
  return anyValue();
}

/** A format string and the operand for it: a tuple, or a lone value when one argument is wanted. */
function aCase(): [string, Value] {
  let fmt = "";
  const args: Value[] = [];
  const conversions = rnd.int(0, 4);
  for (let i = 0; i < conversions; i++) {
    if (rnd.next() < 0.6) fmt += rnd.pick(["x=", " ", "[", "] ", "é", "%%", "\u{1f600}"]);
    let spec = "%";
    for (let f = rnd.int(0, 3); f > 0; f--) spec += rnd.pick(["-", "+", " ", "#", "0"]);
    const r = rnd.next();
    if (r < 0.4) spec += String(rnd.int(0, 20));
    else if (r < 0.5) {
      spec += "*";
      args.push(rnd.next() < 0.9 ? BigInt(rnd.int(-12, 12)) : 2.5);
    }
    const p = rnd.next();
    if (p < 0.35) spec += "." + rnd.int(0, 12);
    else if (p < 0.4) spec += ".";
    else if (p < 0.45) {
      spec += ".*";
      args.push(BigInt(rnd.int(-3, 12)));
    }
    if (rnd.next() < 0.03) spec += rnd.pick(["h", "l", "L"]);
    const type = rnd.next() < 0.97 ? rnd.pick([..."sridiuoxXeEfFgGcsdf"]) : rnd.pick(["y", "\u{1f600}", "k", "%"]);
    fmt += spec + type;
    if (type !== "%") args.push(valueFor(type));
  }
  if (rnd.next() < 0.3) fmt += rnd.pick([" end", "%", "%5", "%-", "%.", "%(x"]);
  if (rnd.next() < 0.06) args.push(anyValue());
  if (rnd.next() < 0.06) args.pop();
  if (args.length === 1 && !(args[0] instanceof PyTuple) && rnd.next() < 0.5) return [fmt, args[0]];
  return [fmt, new PyTuple(args)];
}

const HAND_PICKED: [string, Value][] = [
  ["%s has %d items", new PyTuple(["cart", 3n])], ["%r %i %s", new PyTuple(["x", 7n, null])],
  ["%f %.2f %8.3f %.0f", new PyTuple([3.14159265, 3.14159265, 3.14159265, 2.5])], ["%x %x %5x", new PyTuple([255n, -255n, 4096n])],
  ["[%5s] [%5d] [%.3s] [%7.2f]", new PyTuple(["ab", 42n, "abcdef", -3.14159265])], ["100%% sure, %d%%", 50n],
  ["value: %s", 12n], ["%s", new PyTuple([new PyTuple([1n, 2n])])], ["%s", new PyTuple([1n, 2n])], ["abc", new PyList([1n])],
  ["abc", 5n], ["abc", new PyTuple([])], ["%s %s", "ab"], ["%(a)s and %(b)05.1f", new PyDict([["a", 1n], ["b", 2.25]])],
  ["%(a)s", new PyDict([])], ["%(a)s", 5n], ["%(a)s", new PyList([1n])], ["%(a(b))s", new PyDict([["a(b)", "nested"]])],
  ["%(a", new PyDict([["a", 1n]])], ["%(a)", new PyDict([["a", 1n]])], ["hello", new PyDict([["a", 1n]])], ["%s", new PyDict([["a", 1n]])],
  ["%c", "ab"], ["%c", 1.5], ["%c", 0x110000n], ["%c", -1n], ["%5c|%-5c", new PyTuple([65n, "é"])], ["%f", "a"], ["%x", 1.5],
  ["%d", "a"], ["%y", 1n], ["%\u{1f600}", 1n], ["ab\u{1f600}%y", 1n], ["%*d", new PyTuple([1.5, 2n])], ["%", new PyTuple([])],
  ["%*", new PyTuple([5n])], ["%05f", Infinity], ["%+f", NaN], ["%#x|%#X|%#o|%#5x|%#05x|%-#6x|", new PyTuple([255n, 255n, 8n, 255n, 255n, 255n])],
  ["%#.5x %.5d %+.3d % d %+05d %-+5d|", new PyTuple([255n, 42n, -7n, 5n, 5n, 5n])], ["%d", 1.99], ["%d", Infinity], ["%i", NaN],
  ["%a %a", new PyTuple(["é\u{1f600}", new PyList(["ü"])])], ["%.1s|%.0r|%5.2a|", new PyTuple(["xyz", "q", "é"])],
  ["%s", true], ["%d %x %f", new PyTuple([true, false, true])], ["%d", 10n ** 4300n], ["%x", 10n ** 4300n], ["%.1e", 2n ** 1100n],
  ["%-*d|%*d|", new PyTuple([-5n, 1n, -5n, 2n])], ["%.*f", new PyTuple([-2n, 3.14159])], ["%ld %hs %Lf", new PyTuple([1n, "a", 1.5])],
  ["%g %G %#g %.0g %#.0g %e %.0e %#.0e", new PyTuple([0.0001, 1e-5, 2.0, 123.0, 123.0, 0.0, 2.5, 2.5])],
  ["%5%|%-5%|", new PyTuple([])], ["%s %s", new PyTuple(["only one"])],
];

describe("percent_format against CPython", () => {
  const all: [string, Value][] = [...HAND_PICKED];
  for (let i = 0; i < 2500; i++) all.push(aCase());
  const cases = all.map(([fmt, operand]) => ["percent", fmt, operand]);
  const expected = askCPython("num_percent_format.py", cases);

  it(`formats ${cases.length} strings like CPython, errors included`, () => {
    expect(disagreements(cases, expected, (c) => ours(() => percent(c[1] as string, c[2] as Value)))).toEqual([]);
  });
});
