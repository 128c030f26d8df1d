import { describe, expect, it } from "vitest";
import { formatBool, formatFloat, formatInt, formatStr } from "../runtime/format_spec.js";
import { askCPython, disagreements, ours, Random } from "./helpers/num_oracle.js";

const rnd = new Random(3);

type Formattable = bigint | number | string | boolean;

function formatValue(v: Formattable, spec: string): string {
  if (typeof v === "bigint") return formatInt(v, spec);
  if (typeof v === "number") return formatFloat(v, spec);
  if (typeof v === "boolean") return formatBool(v, spec);
  return formatStr(v, spec);
}

/** A random spec: mostly valid, with enough odd combinations to exercise every error. */
function aSpec(types: string): string {
  let s = "";
  if (rnd.next() < 0.35) {
    if (rnd.next() < 0.6) s += rnd.pick([" ", "*", "0", "x", "\u{1f600}", "{", "<", "é"]);
    s += rnd.pick(["<", ">", "^", "="]);
  }
  if (rnd.next() < 0.3) s += rnd.pick(["+", "-", " "]);
  if (rnd.next() < 0.08) s += "z";
  if (rnd.next() < 0.2) s += "#";
  if (rnd.next() < 0.25) s += "0";
  if (rnd.next() < 0.5) s += String(rnd.int(0, 30));
  if (rnd.next() < 0.25) s += rnd.pick([",", "_", ",", "_", ",_", "_,"]);
  if (rnd.next() < 0.4) s += rnd.next() < 0.03 ? "." : "." + rnd.int(0, rnd.next() < 0.9 ? 20 : 120);
  if (rnd.next() < 0.85) s += rnd.next() < 0.9 ? rnd.pick([...types]) : rnd.pick(["s", "d", "q", "%", "c", "n", "\u{1f600}", "xx"]);
  return s;
}

function anInt(): bigint {
  const r = rnd.next();
  if (r < 0.1) return rnd.pick([0n, -1n, 1n, 2n ** 63n, -(2n ** 64n), 10n ** 20n, 1114111n, 1114112n, 65n, 128512n]);
  return rnd.bigint(rnd.pick([4, 12, 24, 40, 70, 200]));
}

function aFloat(): number {
  const r = rnd.next();
  if (r < 0.12) {
    return rnd.pick([0, -0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1e16, 1e22, 1e-5, 1e-4, 0.1 + 0.2, 2 ** 53 + 2, 5e-324,
      1.7976931348623157e308, Infinity, -Infinity, NaN, 1234567.891, -0.0001, 0.999999, 9.9999995, 99999.5, 1e15]);
  }
  if (r < 0.6) return rnd.decimal();
  if (r < 0.8) return rnd.int(-100000, 100000) / rnd.pick([1, 2, 4, 8, 16, 1000]);
  return rnd.anyFinite();
}

const STRINGS = ["", "a", "gilvm", "truncate me", "é", "\u{1f600}ab", "a\u0301", "  spaced  ", "x".repeat(40), "it's"];

/** Specs from programs/string_formatting.py and the CPython docs. */
const HAND_PICKED: [Formattable, string][] = [
  [42n, "8"], [42n, "<6"], [42n, "^6"], [-42n, "=8"], [-42n, "0=8"], [42n, "+=8"], [42n, "+"], [42n, " "], [42n, "08"],
  [-42n, "08"], [1234567890n, ","], [1234567890n, "_"], [1234567890n, ">16,"], [1234567890n, "016,"], [255n, "_b"],
  [0xdeadbeefn, "_x"], [42n, "#010b"], [42n, "#06x"], [-42n, "#x"], [65n, "c"], [10004n, "c"], [42n, "n"], [1234n, "08,"],
  [3.14159265, "+.2f"], [-3.14159265, " .2f"], [3.14159265, "010.3f"], [-3.14159265, "010.3f"], [12345678.9, ",.2f"],
  [3.14159265, ".0f"], [2.5, ".0f"], [3.5, ".0f"], [12345678.9, "e"], [0.000123456, "E"], [1e20, "g"], [100000.0, "g"],
  [1000000.0, "g"], [0.0001, "G"], [1e-5, "G"], [2.0, "#g"], [0.5, "#.3g"], [0.256, "%"], [0.256, ".1%"], [-0.5, "+.2%"],
  [3.14159265, ".3"], [12345678.9, ".4"], [1.0, ".2"], [Infinity, "8.2f"], [-Infinity, "e"], [NaN, ">5"], [1e16, ""],
  [0.1, ".3"], [123.0, ".3"], [0.0, ".1"], [-0.0, ""], [-0.0, "z.1f"], [-0.0001, "z.2f"], [Infinity, "010"],
  [1234.5, ","], [1e16, ","], [0.5, "n"], [42n, ".2f"], [42n, "e"], [42n, "%"], [true, ""], [true, "d"], [true, "^5"],
  [false, "f"], [true, "x"], [true, "s"], ["gilvm", "*<8"], ["gilvm", "->8"], ["gilvm", ".^11"], ["truncate me", ".8"],
  ["gilvm", ">10.3"], ["gilvm", "_^10.2"], ["ab", "05"], ["ab", "=5"], ["ab", "+"], ["ab", ","], ["ab", "d"], [5n, "s"],
  [1.5, "d"], [1n, "abc"], [1n, ".2"], [1n, "z"], [1n, ",_"], [1n, "_,"], [1n, ",b"], [1n, "."], [1n, "\x01"],
  [1n, "99999999999999999999"], [1n, "c"], [-1n, "c"], [2n ** 70n, "c"], [65n, "+c"], [65n, "#c"], [65n, "05c"],
  [2n ** 64n, "_o"], [1.5, "_"], [1.5, "_g"], [1.5, ",n"], [5n, "_n"], [10n ** 4300n, "d"], [10n ** 4300n - 1n, ","],
  [10n ** 4300n, "x"], [2n ** 2000n, "f"], [7n, "\u{1f600}^5"], [7n, "\u{1f600}"], ["x", "\u{1f600}^5"],
];

describe("format_spec against CPython", () => {
  const values: [Formattable, string][] = [...HAND_PICKED];
  for (let i = 0; i < 1500; i++) values.push([anInt(), aSpec("bcdoxXn")]);
  for (let i = 0; i < 300; i++) values.push([anInt(), aSpec("eEfFgG%")]);
  for (let i = 0; i < 2500; i++) values.push([aFloat(), aSpec("eEfFgGn%")]);
  for (let i = 0; i < 500; i++) values.push([aFloat(), aSpec("eEfFgG").replace(/[eEfFgG]$/, "")]);
  for (let i = 0; i < 500; i++) values.push([rnd.pick(STRINGS), aSpec("s")]);
  for (let i = 0; i < 150; i++) values.push([rnd.next() < 0.5, aSpec("dxf")]);
  const cases = values.map(([v, spec]) => ["format", v, spec]);
  const expected = askCPython("num_format_spec.py", cases);

  it(`formats ${cases.length} values like CPython, errors included`, () => {
    expect(disagreements(cases, expected, (c) => ours(() => formatValue(c[1] as Formattable, c[2] as string)))).toEqual([]);
  });
});

describe("format_spec", () => {
  it("counts code points, not UTF-16 units, for width and precision", () => {
    expect(formatStr("\u{1f600}", "*^5")).toBe("**\u{1f600}**");
    expect(formatStr("\u{1f600}ab", ".2")).toBe("\u{1f600}a");
  });
});
