/**
 * The built-in modules sys, math, time and random.
 *
 * - Pure parts (vm/modules/mt19937.ts, vm/modules/mathlib.ts) against values CPython 3.11
 *   printed, and against a live python3 where one is available.
 * - Whole programs through gilvm's CLI, compared with python3's output.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { runGilvm, runPython } from "./helpers/run_gilvm.js";
import {
  genrandUint32, getrandbits, gaussNext, initByArray, mtRandom, newPrivateState, randbelow, sampleIndices,
  seedInt, seedKey, strSeedValue,
} from "../vm/modules/mt19937.js";
import {
  comb, factorial, fmod, frexp, fsum, isclose, lcm, ldexp, logOfInt, mathPow, modf, nextafter, perm, remainder,
  ulp, vectorNorm,
} from "../vm/modules/mathlib.js";
import * as libm from "../vm/modules/libm.js";

const HAVE_PYTHON = runPython(["-c", "import sys; assert sys.version_info[:2] == (3, 11)"]).status === 0;

/** The float whose float.hex() CPython printed. */
function fromHex(s: string): number {
  if (s === "inf" || s === "-inf") return s === "inf" ? Infinity : -Infinity;
  if (s === "nan") return NaN;
  const m = /^(-?)0x([01])\.([0-9a-f]+)p([+-]\d+)$/.exec(s);
  if (!m) throw new Error(`bad hex float ${s}`);
  const mant = Number.parseInt(m[2] + m[3], 16) / 16 ** m[3].length;
  return (m[1] === "-" ? -1 : 1) * ldexp(mant, Number(m[4]));
}

function hypot(...xs: number[]): number {
  const abs = xs.map(Math.abs);
  const max = abs.reduce((m, x) => (x > m ? x : m), 0); // as math_hypot: NaNs never become the max
  return vectorNorm(abs, max, abs.some((x) => x !== x));
}

describe("MT19937 (CPython's _randommodule.c)", () => {
  test("init_by_array matches the reference implementation's test vector", () => {
    const st = newPrivateState();
    initByArray(st, [0x123, 0x234, 0x345, 0x456]);
    expect(Array.from({ length: 5 }, () => genrandUint32(st))).toEqual([
      1067595299, 955945823, 477289528, 4107218783, 4228976476,
    ]);
  });

  test("seed(42) gives CPython's random() and randint(1, 100) sequences", () => {
    const st = newPrivateState();
    seedInt(st, 42n);
    expect(Array.from({ length: 5 }, () => mtRandom(st))).toEqual([
      0.6394267984578837, 0.025010755222666936, 0.27502931836911926, 0.22321073814882275, 0.7364712141640124,
    ]);
    expect(Array.from({ length: 5 }, () => 1 + randbelow(st, 100))).toEqual([87, 95, 70, 12, 76]);
  });

  test("seed uses |n|, all of its 32-bit words; 0 is the key [0]", () => {
    expect(seedKey(0n)).toEqual([0]);
    expect(seedKey(-(2n ** 64n + 5n))).toEqual([5, 0, 1]);
    const st = newPrivateState();
    seedInt(st, -(2n ** 100n + 12345n));
    expect([getrandbits(st, 100), getrandbits(st, 7), getrandbits(st, 64)]).toEqual([
      736989827579395688601110131798n, 88n, 35942664726899059n,
    ]);
    seedInt(st, 0n);
    expect(mtRandom(st)).toBe(0.8444218515250481);
    seedInt(st, 2n ** 64n + 5n);
    expect(mtRandom(st)).toBe(0.5105783769365112);
  });

  test("seed(str) hashes the UTF-8 bytes with SHA-512 (version 2)", () => {
    const st = newPrivateState();
    seedInt(st, strSeedValue("hello"));
    expect(mtRandom(st)).toBe(0.3537754404730722);
    seedInt(st, strSeedValue("é𝄞"));
    expect(mtRandom(st)).toBe(0.1366022995010464);
  });

  test("_randbelow over 32 and 53 bits and for bigints", () => {
    const st = newPrivateState();
    seedInt(st, 5n);
    expect(randbelow(st, 2 ** 40)).toBe(561021090885);
    expect(randbelow(st, 10n ** 30n)).toBe(934511512723165091752237711513n);
    expect(getrandbits(st, 0)).toBe(0n);
    expect(() => getrandbits(st, -1)).toThrow("number of bits must be non-negative");
  });

  test("sample's index choice (list pool and set of selections) and gauss", () => {
    const st = newPrivateState();
    seedInt(st, 7n);
    expect(sampleIndices(st, 100, 10)).toEqual([41, 19, 50, 83, 6, 9, 68, 12, 46, 74]);
    expect(sampleIndices(st, 10, 4)).toEqual([0, 8, 3, 9]);
    expect(() => sampleIndices(st, 3, 4)).toThrow("Sample larger than population or is negative");
    seedInt(st, 3n);
    expect([gaussNext(st), gaussNext(st), gaussNext(st)]).toEqual([
      0.09470803828730423, 1.2500243810835503, -0.931378367720707,
    ]);
  });
});

describe("math helpers", () => {
  test("fsum is exactly rounded, with CPython's special cases", () => {
    expect(fsum(Array(10).fill(0.1))).toBe(1.0);
    expect(fsum(Array.from({ length: 40000 }, (_, i) => [1, 1e100, 1, -1e100][i % 4]))).toBe(20000.0);
    expect(fsum([1e-16, 1, 1e16])).toBe(1.0000000000000002e16);
    expect(fsum(Array.from({ length: 101 }, (_, i) => 1.7 ** (i - 50)))).toBe(fromHex("0x1.7896a9b28dfc8p+39"));
    expect(fsum(Array.from({ length: 300 }, (_, i) => (-1) ** i * 10.0 ** (i % 17)))).toBe(fromHex("0x1.026100c982400p+53"));
    expect(fsum([])).toBe(0);
    expect(fsum([Infinity, 1])).toBe(Infinity);
    expect(fsum([NaN, 1])).toBeNaN();
    expect(() => fsum([1e308, 1e308])).toThrow("intermediate overflow in fsum");
    expect(() => fsum([Infinity, -Infinity])).toThrow("-inf + inf in fsum");
  });

  test("hypot: vector_norm's scaling, subnormals and specials", () => {
    expect(hypot(3, 4)).toBe(5);
    expect(hypot(1, 2, 3)).toBe(3.7416573867739413);
    expect(hypot(1e308, 1e308)).toBe(1.4142135623730951e308);
    expect(hypot(1e-310, 3e-310)).toBe(fromHex("0x0.03a365ff2ea11p-1022"));
    expect(hypot(5e-324, 5e-324)).toBe(5e-324);
    expect(hypot(...Array.from({ length: 29 }, (_, i) => 0.1 * (i + 1)))).toBe(fromHex("0x1.27fa76f422529p+3"));
    expect(hypot(-3)).toBe(3);
    expect(hypot()).toBe(0);
    expect(hypot(Infinity, NaN)).toBe(Infinity);
    expect(hypot(1, NaN)).toBeNaN();
  });

  test("factorial, comb and perm are exact", () => {
    const naive = (n: number) => {
      let p = 1n;
      for (let i = 2n; i <= BigInt(n); i++) p *= i;
      return p;
    };
    for (const n of [0, 1, 2, 20, 21, 22, 63, 64, 65, 100, 257, 1000]) expect(factorial(BigInt(n))).toBe(naive(n));
    expect(factorial(1000n) % (10n ** 20n + 7n)).toBe(86893849592480613569n);
    expect(() => factorial(-1n)).toThrow("factorial() not defined for negative values");
    expect(() => factorial(2n ** 70n)).toThrow("factorial() argument should not exceed 9223372036854775807");
    expect(comb(100n, 50n)).toBe(100891344545564193334812497256n);
    expect(comb(10n ** 4n, 5000n) % (10n ** 9n + 7n)).toBe(2413012n);
    expect(comb(5n, 7n)).toBe(0n);
    expect(() => comb(5n, -1n)).toThrow("k must be a non-negative integer");
    expect(() => comb(-5n, 1n)).toThrow("n must be a non-negative integer");
    expect(perm(50n, 20n)).toBe(114660755112113373922453094400000n);
    expect(perm(10n, 3n)).toBe(720n);
    expect(lcm([])).toBe(1n);
    expect(lcm([4n, 6n, 0n])).toBe(0n);
    expect(lcm([-4n, 6n])).toBe(12n);
    expect(lcm([2n ** 64n, 3n ** 40n])).toBe(224269343257001716702690972139746492416n);
  });

  test("logarithms of ints too large for a float", () => {
    expect(logOfInt(2n ** 2000n, Math.log2)).toBe(2000);
    expect(logOfInt(10n ** 500n, Math.log10)).toBe(500);
    expect(logOfInt(3n ** 1000n, Math.log2)).toBe(1584.9625007211562);
    expect(logOfInt(7n ** 777n, Math.log10)).toBe(656.6411770910776);
    expect(() => logOfInt(0n, Math.log2)).toThrow("math domain error");
  });

  test("pow, fmod, modf, remainder, frexp, nextafter, ulp, isclose as CPython's", () => {
    expect(mathPow(2, 0.5)).toBe(1.4142135623730951);
    expect(mathPow(-2, 3)).toBe(-8);
    expect(Object.is(mathPow(-0.0, 3), -0)).toBe(true);
    expect(mathPow(NaN, 0)).toBe(1);
    expect(mathPow(1, NaN)).toBe(1);
    expect(mathPow(-1, Infinity)).toBe(1);
    expect(mathPow(0.0, -Infinity)).toBe(Infinity);
    expect(() => mathPow(-8, 1 / 3)).toThrow("math domain error");
    expect(() => mathPow(0, -1)).toThrow("math domain error");
    expect(() => mathPow(10, 400)).toThrow("math range error");
    expect(fmod(-7, 3)).toBe(-1);
    expect(fmod(7, Infinity)).toBe(7);
    expect(() => fmod(1, 0)).toThrow("math domain error");
    const [f, i] = modf(-3.0);
    expect(Object.is(f, -0) && i === -3).toBe(true);
    expect(modf(2.5)).toEqual([0.5, 2]);
    expect([remainder(7, 2), remainder(-7.5, 2), remainder(5, 2)]).toEqual([-1, 0.5, 1]);
    expect(frexp(8.0)).toEqual([0.5, 4]);
    expect(frexp(5e-324)).toEqual([0.5, -1073]);
    expect(frexp(-1e308)).toEqual([-0.5562684646268004, 1024]);
    expect(frexp(0)).toEqual([0, 0]);
    expect(nextafter(1, 2)).toBe(1.0000000000000002);
    expect(nextafter(0, -1)).toBe(-5e-324);
    expect(ulp(1)).toBe(2.220446049250313e-16);
    expect(ulp(1e308)).toBe(1.99584030953472e292);
    expect(ulp(5e-324)).toBe(5e-324);
    expect(isclose(1, 1.0000000001)).toBe(true);
    expect(isclose(1, 1.1, 0.5)).toBe(true);
    expect(isclose(Infinity, 1e308)).toBe(false);
    expect(() => isclose(1, 2, -1)).toThrow("tolerances must be non-negative");
  });

  test("libm: special values and exact cases as CPython prints them", () => {
    const inf = Infinity;
    const pairs: [number, number][] = [
      [0.0, -0.0], [-0.0, -0.0], [0.0, 0.0], [-0.0, 1], [1, 0.0], [-1, -0.0], [inf, inf], [inf, -inf], [-inf, inf],
      [-inf, -inf], [1, inf], [1, -inf], [-1, -inf], [inf, 1], [1e-300, 1e300], [1e-300, -1e300], [1e300, 1e-300],
      [1, 1], [-1, -1],
    ];
    expect(pairs.map(([y, x]) => libm.atan2(y, x))).toEqual([
      3.141592653589793, -3.141592653589793, 0.0, -0.0, 1.5707963267948966, -1.5707963267948966, 0.7853981633974483,
      2.356194490192345, -0.7853981633974483, -2.356194490192345, 0.0, 3.141592653589793, -3.141592653589793,
      1.5707963267948966, 0.0, 3.141592653589793, 1.5707963267948966, 0.7853981633974483, -2.356194490192345,
    ]);
    expect([1.0, -1.0, 0.5, -0.0, 1e-30].map(libm.asin)).toEqual([1.5707963267948966, -1.5707963267948966, 0.5235987755982989, -0.0, 1e-30]);
    expect([1.0, -1.0, 0.0, 0.5, -0.5].map(libm.acos)).toEqual([0.0, 3.141592653589793, 1.5707963267948966, 1.0471975511965979, 2.0943951023931957]);
    expect([inf, -inf, 1.0, 1e300, -1e-300, 0.5].map(libm.atan)).toEqual([1.5707963267948966, -1.5707963267948966, 0.7853981633974483, 1.5707963267948966, -1e-300, 0.4636476090008061]);
    expect([0.0, -0.0, 1.0, 1e-30, 1e6, 1.5707963267948966].map(libm.tan)).toEqual([0.0, -0.0, 1.5574077246549023, 1e-30, -0.373624453987599, 1.633123935319537e16]);
    expect([1.0, 2 ** -1074, 2 ** 1023, 1e308, 10.0, 3.0].map(libm.log2)).toEqual([0.0, -1074.0, 1023.0, 1023.1538532253076, 3.321928094887362, 1.584962500721156]);
    expect([1e-5, 1000.0, 5e-324, 1.7976931348623157e308, 2.0].map(libm.log10)).toEqual([-5.0, 3.0, -323.3062153431158, 308.25471555991675, 0.3010299956639812]);
    expect([0.0, -0.0, 1.0, -30.0, 710.0].map(libm.sinh)).toEqual([0.0, -0.0, 1.1752011936438014, -5343237290762.231, 1.1169973830808557e308]);
    expect([0.0, 1.0, -30.0, 710.0].map(libm.cosh)).toEqual([1.0, 1.5430806348152437, 5343237290762.231, 1.1169973830808557e308]);
    expect([0.5, -2.0, 30.0, -0.0].map(libm.tanh)).toEqual([0.46211715726000974, -0.9640275800758169, 1.0, -0.0]);
    expect([1.0, -1e30, 1e-30].map(libm.asinh)).toEqual([0.881373587019543, -69.77069997038132, 1e-30]);
    expect([1.0, 2.0, 1e30].map(libm.acosh)).toEqual([0.0, 1.3169578969248166, 69.77069997038132]);
    expect([0.5, -0.9, 1e-30].map(libm.atanh)).toEqual([0.5493061443340548, -1.4722194895832204, 1e-30]);
    expect(libm.cosh(711)).toBe(Infinity);
    expect(libm.asin(1.5)).toBeNaN();
    expect(libm.atanh(1)).toBe(Infinity);
  });

  test.skipIf(!HAVE_PYTHON)("libm agrees with python3 (glibc): edge cases exactly, random ones but for rare near-halfway cases", () => {
    const names = ["tan", "atan", "atan2", "asin", "acos", "log2", "log10", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh"];
    const script = [
      "import math, random, json",
      "r = random.Random(5)",
      "xs = [r.uniform(-10, 10) for _ in range(1000)] + [r.uniform(-1, 1) * 10.0 ** r.randint(-20, 20) for _ in range(1000)]",
      "ys = [r.uniform(-1, 1) * 10.0 ** r.randint(-5, 5) for _ in xs]",
      // edge cases, compared bit for bit: subnormals, the normal extremes, ±0, ±inf, nan, and atan2
      // pairs whose ratio underflows or overflows or whose operands are near DBL_MAX
      "edge = [0.0, 5e-324, 1.5e-323, 1e-310, 2.225073858507201e-308, 2.2250738585072014e-308, 1e-300, 2.0 ** -60,",
      "        2.0 ** -27, 0.5, 1.0, 2.0, 710.0, 2.0 ** 60, 1e300, 2.0 ** 1000, 1.7976931348623157e308, math.inf, math.nan]",
      "edge += [-v for v in edge]",
      "epairs = [(y, x) for y in edge for x in edge] + [(1e300, 1.7976931348623157e308), (3 * 2.0 ** -975, 2.0 ** 100)]",
      "def g(name, x, y):",
      "    try: return (math.atan2(y, x) if name == 'atan2' else getattr(math, name)(x)).hex()",
      "    except (ValueError, OverflowError): return None",
      "def arg(name, x): return abs(x) if name in ('log2', 'log10') else 1 + abs(x) if name == 'acosh' else x",
      "def f(name, x, y):",
      "    try: return (math.atan2(y, x) if name == 'atan2' else getattr(math, name)(arg(name, x))).hex()",
      "    except (ValueError, OverflowError): return None",
      `names = ${JSON.stringify(names)}`,
      "print(json.dumps({'xs': [x.hex() for x in xs], 'ys': [y.hex() for y in ys], 'out': {n: [f(n, x, y) for x, y in zip(xs, ys)] for n in names},",
      "                  'edge': [x.hex() for x in edge], 'epairs': [[y.hex(), x.hex()] for y, x in epairs],",
      "                  'eout': {n: [g(n, x, y) for y, x in (epairs if n == 'atan2' else zip(edge, edge))] for n in names}}))",
    ].join("\n");
    const r = runPython(["-c", script]);
    expect(r.status).toBe(0);
    const data = JSON.parse(r.stdout) as {
      xs: string[];
      ys: string[];
      out: Record<string, (string | null)[]>;
      edge: string[];
      epairs: [string, string][];
      eout: Record<string, (string | null)[]>;
    };
    const fns = libm as unknown as Record<string, (x: number) => number>;
    for (const name of names) {
      const pairs = name === "atan2" ? data.epairs : data.edge.map((x) => [x, x]);
      pairs.forEach(([yh, xh], i) => {
        const want = data.eout[name][i];
        if (want === null) return; // a domain or range error: CPython raises, whatever libm returns
        const y = fromHex(yh);
        const x = fromHex(xh);
        const label = name === "atan2" ? `atan2(${y}, ${x})` : `${name}(${x})`;
        expect(name === "atan2" ? libm.atan2(y, x) : fns[name](x), label).toBe(fromHex(want));
      });
    }
    const xs = data.xs.map(fromHex);
    const ys = data.ys.map(fromHex);
    for (const name of names) {
      let differ = 0;
      let total = 0;
      xs.forEach((x, i) => {
        const want = data.out[name][i];
        if (want === null) return;
        total++;
        const a = name === "log2" || name === "log10" ? Math.abs(x) : name === "acosh" ? 1 + Math.abs(x) : x;
        const got = name === "atan2" ? libm.atan2(ys[i], x) : (libm as unknown as Record<string, (x: number) => number>)[name](a);
        const w = fromHex(want);
        if (Object.is(got, w)) return;
        differ++;
        expect(Math.abs(got - w), `${name}(${a})`).toBeLessThanOrEqual(ulp(w)); // never more than the last bit
      });
      expect(differ / total, name).toBeLessThan(0.01);
    }
  });

  test.skipIf(!HAVE_PYTHON)("fsum and hypot agree with python3 on random data", () => {
    const script = [
      "import math, random, json",
      "r = random.Random(1)",
      "cases = []",
      "for n in range(1, 60):",
      "    xs = [r.uniform(-1, 1) * 10.0 ** r.randint(-30, 30) for _ in range(n)]",
      "    cases.append([[x.hex() for x in xs], math.fsum(xs).hex(), math.hypot(*xs).hex()])",
      "print(json.dumps(cases))",
    ].join("\n");
    const r = runPython(["-c", script]);
    expect(r.status).toBe(0);
    const cases = JSON.parse(r.stdout) as [string[], string, string][];
    for (const [xs, sum, norm] of cases) {
      const values = xs.map(fromHex);
      expect(fsum(values)).toBe(fromHex(sum));
      expect(hypot(...values)).toBe(fromHex(norm));
    }
  });
});

// ---- whole programs ---------------------------------------------------------------------------

const CLI_READY = existsSync("vm/cli.ts");
/** --nogil arrives with the threads issue. */
const CLI_HAS_NOGIL = CLI_READY && readFileSync("vm/cli.ts", "utf8").includes('"--nogil');
const TIMEOUT = 60_000;

/** Runs `code` under gilvm (with `flags`) and python3; both must print the same and exit alike. */
function sameAsPython(code: string, flags: string[] = []): void {
  const py = runPython(["-c", code]);
  const vm = runGilvm(["run", ...flags, "-c", code]);
  expect(vm.stderr.split("\n").slice(-3).join("\n")).toBe(py.stderr.split("\n").slice(-3).join("\n"));
  expect(vm.stdout).toBe(py.stdout);
  expect(vm.status).toBe(py.status);
}

const TRY = `
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
`;

describe.skipIf(!CLI_READY || !HAVE_PYTHON)("modules in gilvm programs, against python3", () => {
  test(
    "math: values, types and errors",
    () => {
      sameAsPython(
        TRY +
          `
import math
from math import gcd, sqrt as root
print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan)
print(math.sqrt(16), root(2), math.sqrt(1e100), math.floor(2.7), math.floor(-2.7), math.ceil(2.1), math.ceil(-0.5))
print(type(math.floor(2.5)).__name__, type(math.sqrt(4)).__name__, math.floor(True), math.trunc(-2.5), math.floor(5))
print(gcd(48, 18), gcd(), gcd(-12), gcd(2 ** 100, 6 ** 40), math.lcm(4, 6), math.lcm())
print(math.isqrt(0), math.isqrt(10 ** 30), math.isqrt(2 ** 127), math.factorial(25), math.comb(100, 50), math.perm(10, 3))
print(math.log(10 ** 400), math.log(2 ** 1000, 2), math.log2(2 ** 2000), math.log10(10 ** 500), math.log(100), math.log(8, 2))
print(math.exp(1), math.exp(0), math.sin(math.pi / 6), math.cos(math.pi / 3), math.atan2(1, 1), math.hypot(3, 4))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.prod([1, 2, 3, 4]), math.prod([2, 3], start=1.5), math.prod([]))
print(math.isclose(1, 1 + 1e-10), math.isclose(1, 1.1, rel_tol=0.2), math.isfinite(1e308), math.isinf(-math.inf), math.isnan(math.nan))
print(math.copysign(3, -0.0), math.fabs(-3), math.degrees(math.pi), math.radians(180), math.fmod(-7, 3), math.modf(-3.5))
print(math.pow(2, 10), math.pow(2, 0.5), math.frexp(8.0), math.ldexp(0.5, 4), math.dist((0, 0), (3, 4)), math.remainder(7, 2))
t(lambda: math.sqrt(-1))
t(lambda: math.sqrt("a"))
t(lambda: math.sqrt(10 ** 400))
t(lambda: math.sqrt())
t(lambda: math.log(0))
t(lambda: math.log(8, 1))
t(lambda: math.log(1, 2, 3))
t(lambda: math.exp(1000))
t(lambda: math.floor(float("inf")))
t(lambda: math.ceil(float("nan")))
t(lambda: math.trunc("x"))
t(lambda: math.gcd(1.5, 2))
t(lambda: math.gcd(1, x=2))
t(lambda: math.isqrt(-4))
t(lambda: math.factorial(-1))
t(lambda: math.factorial(5.0))
t(lambda: math.comb(5, -1))
t(lambda: math.pow(-8, 1 / 3))
t(lambda: math.pow(10, 400))
t(lambda: math.atan2(1))
t(lambda: math.fsum([1e308, 1e308]))
t(lambda: math.fsum(["a"]))
t(lambda: math.isclose(1, 2, rel_tol=-1))
t(lambda: math.isclose(1))
t(lambda: math.prod())
t(lambda: math.asin(2))
t(lambda: math.cosh(1000))
t(lambda: math.ldexp(1.0, 1.5))
t(lambda: math.isinf(10 ** 400))
`,
      );
    },
    TIMEOUT,
  );

  test(
    "random: a seeded program draws CPython's exact sequence",
    () => {
      sameAsPython(
        TRY +
          `
import random
random.seed(42)
print([random.random() for _ in range(3)], [random.randint(1, 100) for _ in range(5)])
print(random.randrange(10), random.randrange(5, 10), random.randrange(0, 10 ** 20, 7), random.randrange(10, 0, -3))
print(random.getrandbits(1), random.getrandbits(32), random.getrandbits(100), random.choice("abcdef"), random.choice([1, 2, 3]))
deck = list(range(20))
random.shuffle(deck)
print(deck)
print(random.sample(range(1000), 8), random.sample(["a", "b", "c"], 2), random.sample(["a", "b", "c"], counts=[2, 1, 3], k=4))
print(random.choices("abcde", k=5), random.choices("abc", [1, 2, 3], k=4), random.choices("abc", cum_weights=[1, 1, 5], k=3))
print(random.uniform(2, 5), random.gauss(), random.gauss(1.0, 2.0), random.expovariate(0.5))
for s in (0, -7, 2 ** 64 + 5, 1.5, -1.5, True, "hello", "é"):
    random.seed(s)
    print(repr(s), random.random())
random.seed(99)
first = [random.random() for _ in range(5)]
random.seed(99)
print(first == [random.random() for _ in range(5)])
random.seed()
print(0 <= random.random() < 1)
t(lambda: random.randrange(0))
t(lambda: random.randrange(5, 5))
t(lambda: random.randrange(5, 1, 0))
t(lambda: random.randint(1.5, 3))
t(lambda: random.randint(1))
t(lambda: random.choice([]))
t(lambda: random.sample({1, 2}, 1))
t(lambda: random.sample([1, 2], 3))
t(lambda: random.seed([1]))
t(lambda: random.getrandbits(-1))
t(lambda: random.random(1))
`,
      );
    },
    TIMEOUT,
  );

  test(
    "sys: argv, version, limits, stdout, intern, getrefcount, exit",
    () => {
      sameAsPython(
        TRY +
          `
import sys
print(sys.argv, sys.version_info[:2], sys.version.startswith("3.11"), sys.maxsize, sys.platform, sys.byteorder)
print(sys.getrecursionlimit())
sys.setrecursionlimit(2000)
print(sys.getrecursionlimit())
print(sys.getswitchinterval())
sys.setswitchinterval(0.001)
print(sys.getswitchinterval())
n = sys.stdout.write("written directly\\n")
print(n, sys.stdout.write("é\\n"), sys.stdout.flush())
print("to stderr", file=sys.stderr)
sys.stderr.write("also to stderr\\n")
print(sys.intern("abc") is sys.intern("ab" + "c"))
x = []
print(sys.getrefcount(x))
print(getattr(sys, "_is_gil_enabled", lambda: True)())
t(lambda: sys.setrecursionlimit(0))
t(lambda: sys.setrecursionlimit(1.5))
t(lambda: sys.setswitchinterval(0))
t(lambda: sys.intern(3))
t(lambda: sys.stdout.write(3))
t(lambda: sys.exit(1, 2))
try:
    sys.exit(3)
except SystemExit as e:
    print("caught", repr(e), e.code)
try:
    sys.exit()
except SystemExit as e:
    print("caught", repr(e), e.code)
sys.exit("bad thing")
`,
      );
    },
    TIMEOUT,
  );

  test(
    "sys.exit(n) is the exit status",
    () => {
      sameAsPython("import sys\nprint('before')\nsys.exit(3)\nprint('after')");
      sameAsPython("import sys\nsys.exit(0)");
      sameAsPython("import sys\nsys.exit(None)");
    },
    TIMEOUT,
  );

  test(
    "time: clocks move forward and sleep blocks for real",
    () => {
      sameAsPython(
        TRY +
          `
import time
t0 = time.perf_counter()
m0 = time.monotonic()
n0 = time.perf_counter_ns()
time.sleep(0.05)
time.sleep(0)
print(time.perf_counter() - t0 >= 0.045, time.monotonic() >= m0 + 0.045, time.perf_counter_ns() - n0 >= 45_000_000)
print(type(time.time()).__name__, type(time.time_ns()).__name__, type(time.monotonic_ns()).__name__, time.time() > 1.6e9)
print(abs(time.time_ns() / 1e9 - time.time()) < 1, time.process_time() >= 0)
t(lambda: time.sleep(-1))
t(lambda: time.sleep("a"))
t(lambda: time.sleep(float("nan")))
t(lambda: time.sleep())
t(lambda: time.time(1))
`,
      );
    },
    TIMEOUT,
  );

  test(
    "gilvm-only: _is_gil_enabled under --gil; getrefcount of immortals and of a fresh list",
    () => {
      const code = "import sys\nx = []\nprint(sys._is_gil_enabled(), sys.getrefcount(None), sys.getrefcount(1), sys.getrefcount(x))";
      const gil = runGilvm(["run", "--gil", "-c", code]);
      expect(gil.stdout).toBe("True 4294967295 4294967295 2\n");
    },
    TIMEOUT,
  );

  test.skipIf(!CLI_HAS_NOGIL)(
    "gilvm-only: _is_gil_enabled() is False under --nogil",
    () => {
      const nogil = runGilvm(["run", "--nogil", "-c", "import sys\nprint(sys._is_gil_enabled())"]);
      expect(nogil.stdout).toBe("False\n");
    },
    TIMEOUT,
  );
});
