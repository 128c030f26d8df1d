import { describe, expect, it } from "vitest";
import {
  DTSF_ALT, DTSF_NO_NEG_0, DTSF_SIGN, doubleToString, floatRepr, type FloatStyle,
} from "../runtime/float_repr.js";
import { askCPython, disagreements, ours, Random } from "./helpers/num_oracle.js";

/** Values where repr and rounding are easy to get wrong. */
const EDGES = [
  0, -0, 5e-324, -5e-324, 1e-323, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308,
  1e16, -1e16, 1e15, 9999999999999998, 1e16 + 2, 2e16 + 8, 1e17, 1e22, 1e23, 1e21, 1e-4, 9.999999999999999e-5,
  1e-5, 1e-7, 0.1, 0.2, 0.3, 0.1 + 0.2, 1 / 3, 2 / 3, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64, 123456789012345678,
  1.5e300, 2.5e-300, 0.5, 1.5, 2.5, 3.5, -2.5, 0.125, 0.375, 0.625, 1e100, 4.35, 2.675, 1.005, 5e-5, 0.000123456,
  12345678.9, 100, 1, -1, 3.14159265, 1e-310, 123.456, 9.5, 99.5, 999.5, 0.05, 0.25, 0.75, 1234.5, 0.0625,
  Infinity, -Infinity, NaN, 4503599627370496.5, 4503599627370497, 1e300 * 1e8, 0.1 * 3, 1.1 * 1.1, 7.0e-10,
];

function sampleValues(seed: number, count: number): number[] {
  const rnd = new Random(seed);
  const xs = [...EDGES];
  for (let i = 0; i < count; i++) xs.push(rnd.anyFinite(), rnd.decimal());
  // neighbours of powers of ten, where the digit count and notation switch
  for (let k = -20; k <= 25; k++) {
    const p = Number(`1e${k}`);
    xs.push(p, p * (1 + 2 ** -52), p * (1 - 2 ** -53));
  }
  // exact binary fractions: every digit string of theirs ends in 5, ties for some precisions
  for (let i = 0; i < 200; i++) xs.push(rnd.int(-100000, 100000) / 2 ** rnd.int(1, 12));
  return xs;
}

describe("floatRepr", () => {
  it("writes what CPython's repr() writes, shortest round-trip digits included", () => {
    const xs = sampleValues(1, 1500);
    const cases = xs.map((x) => ["repr", x]);
    const expected = askCPython("num_float_repr.py", cases);
    expect(disagreements(cases, expected, (c) => ours(() => floatRepr(c[1] as number)))).toEqual([]);
  });

  it("switches to exponent notation at 1e16 and below 1e-4", () => {
    expect([1e16, 1e15, 1e-5, 1e-4, -0, 5e-324].map(floatRepr)).toEqual([
      "1e+16", "1000000000000000.0", "1e-05", "0.0001", "-0.0", "5e-324",
    ]);
  });
});

describe("doubleToString", () => {
  it("rounds e/f/g like CPython at every precision, ties to even on the exact binary value", () => {
    const rnd = new Random(2);
    const styles: FloatStyle[] = ["e", "f", "g", "E", "F", "G"];
    const cases: unknown[][] = [];
    const args: [number, FloatStyle, number, number][] = [];
    for (const x of sampleValues(3, 400)) {
      const style = rnd.pick(styles);
      const precision = rnd.next() < 0.9 ? rnd.int(0, 20) : rnd.pick([25, 40, 99, 100, 101, 120, 400]);
      const flags = (rnd.next() < 0.25 ? DTSF_ALT : 0) | (rnd.next() < 0.2 ? DTSF_SIGN : 0) | (rnd.next() < 0.2 ? DTSF_NO_NEG_0 : 0);
      const spec = (flags & DTSF_SIGN ? "+" : "") + (flags & DTSF_NO_NEG_0 ? "z" : "") + (flags & DTSF_ALT ? "#" : "") + `.${precision}${style}`;
      // huge 'f' outputs of tiny or huge values are slow to compare and prove nothing more
      if (style.toLowerCase() === "f" && precision > 100 && Math.abs(x) > 1e30) continue;
      args.push([x, style, precision, flags]);
      cases.push(["format", x, spec]);
    }
    const expected = askCPython("num_float_repr.py", cases);
    expect(disagreements(cases, expected, (_, i) => ours(() => doubleToString(...args[i])))).toEqual([]);
  });

  it("rounds exact ties to even where JavaScript rounds them up", () => {
    expect(doubleToString(2.5, "f", 0, 0)).toBe("2");
    expect(doubleToString(0.125, "f", 2, 0)).toBe("0.12");
    expect(doubleToString(0.375, "e", 1, 0)).toBe("3.8e-01");
    expect(doubleToString(-0.0001, "f", 2, DTSF_NO_NEG_0)).toBe("0.00");
  });
});
