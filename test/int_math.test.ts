import { describe, expect, it } from "vitest";
import {
  floatToInt, floorDiv, floorMod, gcd, intBitLength, intDivmod, intPow, intPowMod, intRound, intToFloat,
  intToStr, intTrueDiv, isqrt, parseInt, shiftLeft, shiftRight,
} from "../runtime/int_math.js";
import { askCPython, disagreements, ours, Random } from "./helpers/num_oracle.js";

const rnd = new Random(7);

/** Ints of assorted sizes: tiny, word-sized, and big. */
function anInt(): bigint {
  return rnd.bigint(rnd.pick([4, 20, 64, 130, 400]));
}

const SMALL_EDGES = [0n, 1n, -1n, 2n, -2n, 7n, -7n, 2n ** 63n, -(2n ** 63n), 2n ** 64n - 1n, 10n ** 20n];

function pairs(count: number, allowZero: boolean): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  for (const a of SMALL_EDGES) for (const b of SMALL_EDGES) if (allowZero || b !== 0n) out.push([a, b]);
  for (let i = 0; i < count; i++) out.push([anInt(), anInt()]);
  return out;
}

/** Quotients that land on float rounding edges: ties, subnormals, overflow. */
function trueDivisionPairs(): [bigint, bigint][] {
  const out: [bigint, bigint][] = [
    [2n ** 53n + 1n, 1n], [2n ** 53n + 3n, 1n], [3n * (2n ** 53n + 1n), 3n], [(2n ** 54n + 2n) * 7n, 14n],
    [1n, 2n ** 1074n], [1n, 2n ** 1075n], [3n, 2n ** 1076n], [1n, 2n ** 1075n - 1n], [1n, 3n ** 700n],
    [2n ** 1024n, 1n], [2n ** 1024n - 2n ** 970n, 1n], [2n ** 1024n - 2n ** 970n - 1n, 1n], [2n ** 1100n, 2n ** 80n],
    [2n ** 1030n, 3n], [10n ** 400n, 10n ** 399n], [-(10n ** 30n), 3n], [0n, -(2n ** 100n)], [0n, -5n], [5n, 0n],
    [10n ** 20n, 7n], [-1n, 10n ** 330n],
  ];
  for (let i = 0; i < 400; i++) {
    const a = rnd.bigint(rnd.pick([60, 200, 1200, 2200]));
    const b = rnd.bigint(rnd.pick([60, 200, 1200, 2200])) || 1n;
    out.push([a, b]);
  }
  for (let i = 0; i < 100; i++) {
    // around the subnormal range: quotients near 2^-1022 .. 2^-1074
    out.push([rnd.bigint(64), rnd.bigint(40) << BigInt(rnd.int(1080, 1140)) || 1n]);
  }
  return out;
}

/** Strings for int(s, base): valid forms with the optional parts, and near misses. */
function literals(): [string, number][] {
  const out: [string, number][] = [
    ["0", 10], ["  -42  ", 10], ["+17", 10], ["1_000_000", 10], ["1__0", 10], ["_1", 10], ["1_", 10],
    ["0x1f", 16], ["0X1F", 16], ["0x_1f", 16], ["0x", 16], ["0x_", 16], ["1f", 16], ["0b101", 2], ["0o777", 8],
    ["0o8", 8], ["z", 36], ["Z", 36], ["10", 37], ["10", 1], ["10", -1], ["0x1f", 0], ["0o17", 0], ["0b11", 0],
    ["010", 0], ["00", 0], ["0_0", 0], ["0_7", 0], ["12.5", 10], ["abc", 10], ["", 10], ["   ", 10], ["-", 10],
    ["\u0663\u0664", 10], ["\uff11\uff12", 10], ["\u{1d7cf}\u{1d7d0}", 10], ["\u20005\u3000", 10], ["\x1c5", 10],
    ["5\x00", 10], ["1 2", 10], ["0x1f", 10], ["g", 16], ["é", 10], ["'quoted'\"", 10], ["9".repeat(4300), 10],
    ["9".repeat(4301), 10], ["1".repeat(5000) + "x", 10], ["f".repeat(5000), 16], ["x".repeat(300), 10],
    ["1_2_3", 0], ["0b", 0], ["-0x10", 16], ["- 5", 10], ["+-5", 10], ["\t\n12\r\x0b\x0c", 10], ["1\u00a0", 10],
  ];
  for (let i = 0; i < 300; i++) {
    const base = rnd.int(2, 36);
    const v = rnd.bigint(rnd.pick([8, 64, 300]));
    let s = (v < 0n ? -v : v).toString(base);
    if (rnd.next() < 0.5) s = s.toUpperCase();
    if (rnd.next() < 0.2 && s.length > 2) s = s.slice(0, 1) + "_" + s.slice(1);
    if (v < 0n) s = "-" + s;
    if (rnd.next() < 0.2) s = " " + s + "\n";
    if (rnd.next() < 0.1) s += rnd.pick(["_", "z", ".", "__"]);
    out.push([s, rnd.next() < 0.1 ? 0 : base]);
  }
  return out;
}

describe("int_math against CPython", () => {
  const cases: unknown[][] = [];
  for (const [a, b] of pairs(500, true)) cases.push(["floordiv", a, b], ["mod", a, b], ["divmod", a, b]);
  for (let i = 0; i < 200; i++) cases.push(["pow", anInt() % 1000n, BigInt(rnd.int(0, 60))]);
  for (const a of [0n, 1n, -1n]) cases.push(["pow", a, 10n ** 30n], ["pow", a, 10n ** 30n + 1n], ["pow", a, 0n]);
  for (let i = 0; i < 300; i++) {
    const m = rnd.pick([0n, 1n, -1n, 7n, -7n, 1000n, 2n ** 61n - 1n]) || anInt();
    cases.push(["powmod", anInt(), rnd.next() < 0.3 ? -BigInt(rnd.int(1, 100)) : anInt() < 0n ? 0n : BigInt(rnd.int(0, 1000)), m]);
    cases.push(["powmod", anInt(), BigInt(rnd.int(-5, 5)), anInt() || 3n]);
  }
  cases.push(["powmod", 2n, -1n, 4n], ["powmod", 3n, -1n, 7n], ["powmod", 3n, -1n, -7n], ["powmod", 0n, -1n, 1n]);
  for (const [a, b] of trueDivisionPairs()) cases.push(["truediv", a, b]);
  for (const a of [2n ** 1024n, 2n ** 1024n - 2n ** 970n, 2n ** 1024n - 2n ** 970n - 1n, 2n ** 53n + 1n, -(2n ** 2000n)]) {
    cases.push(["float", a]);
  }
  for (let i = 0; i < 200; i++) cases.push(["float", rnd.bigint(1100)]);
  for (const x of [Infinity, -Infinity, NaN, -0.5, 0.99, 1e20, -1e300, 5e-324]) cases.push(["int", x]);
  for (let i = 0; i < 200; i++) cases.push(["int", rnd.anyFinite()]);
  const limit = 10n ** 4300n;
  for (const a of [...SMALL_EDGES, limit - 1n, limit, -(limit - 1n), -limit, 2n ** 20000n]) {
    cases.push(["str", a], ["bin", a], ["oct", a], ["hex", a]);
  }
  for (let i = 0; i < 200; i++) {
    const a = anInt();
    cases.push(["str", a], ["bin", a], ["oct", a], ["hex", a], ["bit_length", a]);
  }
  for (const [s, base] of literals()) cases.push(["parse", s, BigInt(base)]);
  for (let i = 0; i < 200; i++) {
    const n = BigInt(rnd.int(-3, 300));
    cases.push(["lshift", anInt(), n], ["rshift", anInt(), n]);
  }
  cases.push(["rshift", -5n, 10n ** 20n], ["rshift", 5n, 10n ** 20n], ["lshift", 0n, 10n ** 20n], ["lshift", 1n, 2n ** 64n]);
  for (let i = 0; i < 200; i++) {
    const r = rnd.bigint(rnd.pick([10, 60, 2000]));
    cases.push(["isqrt", r], ["isqrt", r * r], ["isqrt", r * r - 1n], ["isqrt", r * r + 1n]);
  }
  for (let i = 0; i < 100; i++) {
    const common = anInt();
    cases.push(["gcd", Array.from({ length: rnd.int(0, 4) }, () => anInt() * common)]);
  }
  for (let i = 0; i < 200; i++) cases.push(["round", anInt(), BigInt(rnd.int(-25, 3))]);
  for (const [a, n] of [[150n, -2n], [250n, -2n], [-150n, -2n], [5n, -1n], [15n, -1n], [-25n, -1n], [7n, -400n], [10n ** 50n, -1000n]]) {
    cases.push(["round", a, n]);
  }

  const expected = askCPython("num_int_math.py", cases);

  it(`agrees on ${cases.length} cases, errors included`, () => {
    expect(
      disagreements(cases, expected, (c) =>
        ours(() => {
          const [op, a, b, m] = c as [string, bigint, bigint, bigint];
          switch (op) {
            case "floordiv": return floorDiv(a, b);
            case "mod": return floorMod(a, b);
            case "divmod": return intDivmod(a, b);
            case "pow": return intPow(a, b);
            case "powmod": return intPowMod(a, b, m);
            case "truediv": return intTrueDiv(a, b);
            case "float": return intToFloat(a);
            case "int": return floatToInt(c[1] as number);
            case "str": return intToStr(a, 10);
            case "bin": return intToStr(a, 2, true);
            case "oct": return intToStr(a, 8, true);
            case "hex": return intToStr(a, 16, true);
            case "parse": return parseInt(c[1] as string, Number(b));
            case "bit_length": return BigInt(intBitLength(a));
            case "lshift": return shiftLeft(a, b);
            case "rshift": return shiftRight(a, b);
            case "isqrt": return isqrt(a);
            case "gcd": return gcd(...(c[1] as bigint[]));
            case "round": return intRound(a, b);
          }
          throw new Error(op);
        }),
      ),
    ).toEqual([]);
  });
});

describe("int_math", () => {
  it("leaves negative exponents to the float path", () => {
    expect(() => intPow(2n, -1n)).toThrow(RangeError);
  });

  it("formats without a prefix when asked", () => {
    expect(intToStr(-255n, 16)).toBe("-ff");
  });
});
