/**
 * Python float semantics (Objects/floatobject.c, Modules/mathmodule.c) with CPython 3.11's
 * exception types and messages: `/`, `//`, `%` and divmod (the remainder takes the divisor's
 * sign), `**`, float(str), round(), and the math module's sqrt, floor, ceil, log, exp, sin, cos.
 *
 * exp, log, sin, cos and non-trivial powers are evaluated in double-double arithmetic (about
 * 100 bits) and rounded once, so they are correctly rounded but for astronomically rare
 * arguments. That is what makes them print like CPython: glibc's versions, which CPython calls,
 * err by at most ~0.52 ulp and so agree with the correctly rounded result almost always, while
 * V8's Math.exp/log/sin/cos (fdlibm) differ in the last bit for a few percent of arguments, and
 * Math.pow for about one in ten (even `x ** 2`).
 */
import { add, type DD, div, horner, mul, mulNum, ONE, sqrt, twoSum } from "./double_double.js";
import { PyError } from "./py_error.js";
import { decompose, fixedDigits } from "./float_repr.js";
import { asciiNumeral, floatToInt, intBitLength, intToFloat, isAsciiSpace, ldexp, reprStr } from "./int_math.js";

// ---- arithmetic ---------------------------------------------------------------------------

/** a / b */
export function floatTrueDiv(a: number, b: number): number {
  if (b === 0) throw new PyError("ZeroDivisionError", "float division by zero");
  return a / b;
}

/** a // b */
export function floatFloorDiv(a: number, b: number): number {
  if (b === 0) throw new PyError("ZeroDivisionError", "float floor division by zero");
  return divMod(a, b)[0];
}

/** a % b */
export function floatMod(a: number, b: number): number {
  if (b === 0) throw new PyError("ZeroDivisionError", "float modulo");
  const mod = a % b; // C fmod: exact, takes the dividend's sign
  if (mod !== 0) return (b < 0) !== (mod < 0) ? mod + b : mod;
  return b < 0 ? -0 : 0; // a zero remainder takes the divisor's sign
}

/** divmod(a, b) */
export function floatDivmod(a: number, b: number): [number, number] {
  if (b === 0) throw new PyError("ZeroDivisionError", "float divmod()");
  return divMod(a, b);
}

/** CPython's _float_div_mod; `!== 0` stands for C's truth test, under which NaN is true. */
function divMod(a: number, b: number): [number, number] {
  let mod = a % b;
  // a - mod is exactly a multiple of b, but the division may still land just off an integer
  let div = (a - mod) / b;
  if (mod !== 0) {
    if ((b < 0) !== (mod < 0)) {
      mod += b;
      div -= 1;
    }
  } else {
    mod = b < 0 ? -0 : 0;
  }
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else {
    const q = a / b;
    floordiv = q < 0 || Object.is(q, -0) ? -0 : 0; // zero with the sign of the true quotient
  }
  return [floordiv, mod];
}

/** a ** b for floats (and for ints with a negative exponent, converted), as float_pow. */
export function floatPow(a: number, b: number): number {
  if (b === 0) return 1; // even 0**0 and nan**0
  if (a !== a) return a;
  if (b !== b) return a === 1 ? 1 : b;
  if (b === Infinity || b === -Infinity) {
    const m = Math.abs(a);
    if (m === 1) return 1;
    return (b > 0) === (m > 1) ? Infinity : 0;
  }
  if (a === Infinity || a === -Infinity) {
    const odd = isOddInteger(b);
    if (b > 0) return odd ? a : Infinity;
    return odd ? (a < 0 ? -0 : 0) : 0;
  }
  if (a === 0) {
    if (b < 0) throw new PyError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
    return isOddInteger(b) ? a : 0;
  }
  let negate = false;
  if (a < 0) {
    if (b !== Math.floor(b)) {
      // CPython answers with a complex number, which gilvm does not have, or with this error
      // when the complex result's magnitude overflows
      if (powPositive(-a, b) === Infinity) throw new PyError("OverflowError", "complex exponentiation");
      throw new PyError("ValueError", "gilvm does not support complex results");
    }
    a = -a;
    negate = isOddInteger(b);
  }
  if (a === 1) return negate ? -1 : 1; // also (-1) ** huge_even_or_odd
  const r = powPositive(a, b);
  // the errno ERANGE that libm pow sets on overflow surfaces as OSError-style arguments
  if (r === Infinity) throw new PyError("OverflowError", "(34, 'Numerical result out of range')");
  return negate ? -r : r;
}

function isOddInteger(x: number): boolean {
  return Math.abs(x) % 2 === 1;
}

/** a ** b for finite a > 0, a != 1, finite b != 0. */
function powPositive(a: number, b: number): number {
  // exactly rounded shortcuts: one IEEE operation each
  if (b === 1) return a;
  if (b === 2) return a * a;
  if (b === -1) return 1 / a;
  if (b === 0.5) return Math.sqrt(a);
  const log2 = Math.log2(a);
  if (Number.isInteger(2 * b) && Math.abs(b) <= 64 && Math.abs(log2) < 990 && Math.abs(log2 * b) < 990) {
    // x**3, x**-1.5 and the like, common in numeric loops: a few double-double products
    // instead of exp(b·log a); the bounds keep every operand and partial power within 2^±990,
    // where Dekker's splitting cannot overflow
    const whole = Math.floor(Math.abs(b));
    let p = whole > 0 ? powInteger(a, whole) : ONE;
    if (whole !== Math.abs(b)) p = mul(p, sqrt({ hi: a, lo: 0 }));
    return b < 0 ? div(ONE, p).hi : p.hi;
  }
  const log = logDD(a);
  // settle overflow and underflow before b·log(a) in double-double, whose splitting of a huge b would overflow
  const estimate = log.hi * b;
  if (estimate > 710) return Infinity;
  if (estimate < -746) return 0;
  return expDD(mulNum(log, b));
}

// ---- float(str) and round() -----------------------------------------------------------------

/** float(s), with PyFloat_FromString's rules (whitespace, underscores, inf/nan, Unicode digits). */
export function parseFloat(s: string): number {
  const t = asciiNumeral(s);
  let start = 0;
  let end = t.length;
  while (start < end && isAsciiSpace(t.charCodeAt(start))) start++;
  while (end > start + 1 && isAsciiSpace(t.charCodeAt(end - 1))) end--;
  const body = withoutUnderscores(t.slice(start, end));
  const x = body === null ? undefined : parseDecimal(body);
  if (x === undefined) throw new PyError("ValueError", `could not convert string to float: ${reprStr(s)}`);
  return x;
}

/** PEP 515: an underscore only between two digits; null when misplaced. */
function withoutUnderscores(s: string): string | null {
  if (!s.includes("_")) return s;
  let out = "";
  let prev = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 95 /* _ */) {
      if (!isDigit(prev)) return null;
    } else {
      if (prev === 95 && !isDigit(c)) return null;
      out += s[i];
    }
    prev = c;
  }
  return prev === 95 ? null : out;
}

/** [sign] (digits [. digits] | . digits) [e [sign] digits], or [sign] inf|infinity|nan. */
function parseDecimal(s: string): number | undefined {
  let i = 0;
  if (s[i] === "+" || s[i] === "-") i++;
  const first = s.charCodeAt(i) | 0x20; // lower case
  if (first === 0x69 /* i */ || first === 0x6e /* n */) {
    const word = s.slice(i).toLowerCase();
    if (word === "inf" || word === "infinity") return s[0] === "-" ? -Infinity : Infinity;
    return word === "nan" ? NaN : undefined;
  }
  let digits = 0;
  while (isDigit(s.charCodeAt(i))) i++, digits++;
  if (s[i] === ".") {
    i++;
    while (isDigit(s.charCodeAt(i))) i++, digits++;
  }
  if (digits === 0) return undefined;
  if (s[i] === "e" || s[i] === "E") {
    i++;
    if (s[i] === "+" || s[i] === "-") i++;
    if (!isDigit(s.charCodeAt(i))) return undefined;
    while (isDigit(s.charCodeAt(i))) i++;
  }
  // JavaScript reads this same grammar, correctly rounded
  return i === s.length ? Number(s) : undefined;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * round(x, ndigits): CPython rounds the exact binary value to a decimal string (dtoa mode 3,
 * half to even) and reads it back. Beyond these bounds x is already exact / rounds to zero.
 */
export function roundFloat(x: number, ndigits: number | bigint): number {
  if (x !== x || x === Infinity || x === -Infinity) return x;
  if (ndigits > 323) return x;
  if (ndigits < -308) return 0 * x; // keeps the sign
  const d = fixedDigits(Math.abs(x), Number(ndigits));
  const r = Number(d.digits + "e" + (d.decpt - d.digits.length));
  if (r === Infinity) throw new PyError("OverflowError", "rounded value too large to represent");
  return x < 0 || Object.is(x, -0) ? -r : r;
}

/** round(x) with no ndigits: an int, ties to even. */
export function roundHalfEven(x: number): bigint {
  const f = Math.floor(x);
  const diff = x - f; // exact: the fraction of a double is a double
  return floatToInt(diff > 0.5 || (diff === 0.5 && f % 2 !== 0) ? f + 1 : f);
}

/** float.is_integer() */
export function floatIsInteger(x: number): boolean {
  return Number.isInteger(x);
}

// ---- math module ----------------------------------------------------------------------------

function domainError(): PyError {
  return new PyError("ValueError", "math domain error");
}

function asFloat(x: number | bigint): number {
  return typeof x === "bigint" ? intToFloat(x) : x;
}

/** math.sqrt */
export function mathSqrt(x: number | bigint): number {
  const v = asFloat(x);
  if (v < 0) throw domainError(); // -0.0 is fine: sqrt(-0.0) is -0.0
  return Math.sqrt(v);
}

/** math.floor: ints pass through, floats become ints. */
export function mathFloor(x: number | bigint): bigint {
  return typeof x === "bigint" ? x : floatToInt(Math.floor(x));
}

/** math.ceil */
export function mathCeil(x: number | bigint): bigint {
  return typeof x === "bigint" ? x : floatToInt(Math.ceil(x));
}

/** math.exp */
export function mathExp(x: number | bigint): number {
  const v = asFloat(x);
  if (v !== v || v === Infinity) return v;
  if (v === -Infinity) return 0;
  const r = expDD({ hi: v, lo: 0 });
  if (r === Infinity) throw new PyError("OverflowError", "math range error");
  return r;
}

/** math.log(x) and math.log(x, base) */
export function mathLog(x: number | bigint, base?: number | bigint): number {
  const num = logOf(x);
  if (base === undefined) return num;
  const den = logOf(base);
  if (den === 0) throw new PyError("ZeroDivisionError", "float division by zero");
  return num / den;
}

/** CPython's loghelper: ints too large for a float still have a logarithm. */
function logOf(x: number | bigint): number {
  if (typeof x === "bigint") {
    if (x <= 0n) throw domainError();
    const f = Number(x);
    if (f !== Infinity) return logDD(f).hi;
    // x ≈ m·2^e with m in [0.5, 1) rounded to 53 bits, as _PyLong_Frexp computes it
    let e = intBitLength(x);
    let top = x >> BigInt(e - 64);
    if (top << BigInt(e - 64) !== x) top |= 1n; // sticky bit: no false ties when rounding
    let m = Number(top) / 2 ** 64;
    if (m === 1) {
      m = 0.5;
      e += 1;
    }
    return logDD(m).hi + logDD(2).hi * e;
  }
  if (x !== x || x === Infinity) return x;
  if (x <= 0) throw domainError(); // log(0) is -inf and log(-1) nan: both domain errors
  return logDD(x).hi;
}

/** math.sin */
export function mathSin(x: number | bigint): number {
  const v = asFloat(x);
  if (v !== v) return v;
  if (v === Infinity || v === -Infinity) throw domainError();
  if (Math.abs(v) < 2 ** -27) return v; // sin x = x(1 - x²/6): the correction is under half an ulp
  const [r, quadrant] = reduceHalfPi(Math.abs(v));
  const s = quadrant & 1 ? cosDD(r) : sinDD(r);
  const negative = (quadrant & 2) !== 0 !== v < 0;
  return negative ? -s.hi : s.hi;
}

/** math.cos */
export function mathCos(x: number | bigint): number {
  const v = asFloat(x);
  if (v !== v) return v;
  if (v === Infinity || v === -Infinity) throw domainError();
  if (Math.abs(v) < 2 ** -27) return 1; // 1 - x²/2 rounds to 1
  const [r, quadrant] = reduceHalfPi(Math.abs(v));
  const c = quadrant & 1 ? sinDD(r) : cosDD(r);
  const negative = quadrant === 1 || quadrant === 2;
  return negative ? -c.hi : c.hi;
}

// ---- double-double evaluation ----------------------------------------------------------------
// The arithmetic (about 106 bits) is runtime/double_double.ts, shared with vm/modules/libm.ts.

/** a^n for an integer n >= 1, by binary powering. */
function powInteger(a: number, n: number): DD {
  let result = ONE;
  let base: DD = { hi: a, lo: 0 };
  for (;;) {
    if (n & 1) result = mul(result, base);
    n >>= 1;
    if (n === 0) return result;
    base = mul(base, base);
  }
}

/** 1/(2k+1), the atanh series' coefficients. */
const ATANH = Array.from({ length: 40 }, (_, k) => div(ONE, { hi: 2 * k + 1, lo: 0 }));

/** atanh(s) = s + s³/3 + s⁵/5 + ...; 40 terms reach 2^-106 for |s| <= 1/3, 22 for |s| <= 0.1716. */
function atanhDD(s: DD, coefficients: DD[]): DD {
  return mul(s, horner(coefficients, mul(s, s)));
}

const LOG_SERIES = ATANH.slice(0, 22);

/** ln 2 = 2 atanh(1/3) */
const LN2 = mulNum(atanhDD(div(ONE, { hi: 3, lo: 0 }), ATANH), 2);

/** 1/n! */
const INV_FACTORIAL: DD[] = [ONE];
for (let n = 1; n <= 30; n++) INV_FACTORIAL.push(div(INV_FACTORIAL[n - 1], { hi: n, lo: 0 }));

/** ln x for finite x > 0. */
function logDD(x: number): DD {
  // x = m·2^e with m in [√½, √2); ln m = 2 atanh((m-1)/(m+1)) with |s| <= 0.1716
  const { mant, exp } = decompose(x);
  const bits = mant < 4294967296 ? 32 - Math.clz32(mant) : 64 - Math.clz32(Math.floor(mant / 4294967296));
  let m = ldexp(mant, -bits);
  let e = exp + bits;
  if (m < Math.SQRT1_2) {
    m *= 2;
    e -= 1;
  }
  const s = div({ hi: m - 1, lo: 0 }, twoSum(m, 1)); // m - 1 is exact (Sterbenz)
  return add(mulNum(LN2, e), mulNum(atanhDD(s, LOG_SERIES), 2));
}

/** 1/1!, 1/2!, ... 1/10!: (e^y - 1)/y for |y| <= 2^-11. */
const EXPM1_SERIES = INV_FACTORIAL.slice(1, 11);

/** e^x rounded to a double: Infinity past the top, 0 (or subnormals) at the bottom. */
function expDD(x: DD): number {
  if (x.hi > 709.8) return Infinity;
  if (x.hi < -745.2) return 0;
  // e^x = 2^k · e^r, |r| <= ln2/2; e^r = (e^(r/1024))^1024 with the series on the small part,
  // carried as t = e^y - 1 so that squaring (t ← 2t + t²) keeps its relative precision
  const k = Math.round(x.hi / LN2.hi);
  const r = add(x, mulNum(LN2, -k));
  const y = { hi: r.hi / 1024, lo: r.lo / 1024 };
  let t = mul(y, horner(EXPM1_SERIES, y));
  for (let i = 0; i < 10; i++) t = add(mulNum(t, 2), mul(t, t));
  return scaleRound(add(ONE, t), k);
}

/** (v.hi + v.lo)·2^k rounded once, for v in [0.5, 2]: subnormal results need their own rounding. */
function scaleRound(v: DD, k: number): number {
  if (k >= -1021) return ldexp(v.hi, k);
  // count in units of the smallest subnormal and round half to even by hand
  const u = ldexp(v.hi, k + 1074);
  const l = ldexp(v.lo, k + 1074);
  let n = Math.floor(u);
  const f = u - n + l;
  if (f > 0.5 || (f === 0.5 && n % 2 === 1)) n += 1;
  return ldexp(n, -1074);
}

const SIN_SERIES = Array.from({ length: 15 }, (_, n) => signed(INV_FACTORIAL[2 * n + 1], n));
const COS_SERIES = Array.from({ length: 15 }, (_, n) => signed(INV_FACTORIAL[2 * n], n));

function signed(c: DD, n: number): DD {
  return n % 2 ? { hi: -c.hi, lo: -c.lo } : c;
}

/** sin r for |r| <= π/4 */
function sinDD(r: DD): DD {
  return mul(r, horner(SIN_SERIES, mul(r, r)));
}

/** cos r for |r| <= π/4 */
function cosDD(r: DD): DD {
  return horner(COS_SERIES, mul(r, r));
}

/** Bits of π kept: enough to reduce the largest double (2^1024) with 170 bits to spare. */
const PI_BITS = 1280;
let piFixed: bigint | undefined;

/** floor(π·2^PI_BITS), from Machin's formula π = 16 atan(1/5) − 4 atan(1/239), on first use. */
function pi(): bigint {
  if (piFixed === undefined) {
    const guard = 32n;
    const one = 1n << (BigInt(PI_BITS) + guard);
    const atanInverse = (q: bigint): bigint => {
      let power = one / q;
      let sum = power;
      for (let k = 1n; power !== 0n; k++) {
        power /= q * q;
        sum += (k % 2n ? -power : power) / (2n * k + 1n);
      }
      return sum;
    };
    piFixed = (16n * atanInverse(5n) - 4n * atanInverse(239n)) >> guard;
  }
  return piFixed;
}

/**
 * a = k·π/2 + r with |r| <= π/4, for a >= 2^-27: returns r and k mod 4. Exact reduction in
 * BigInt fixed point (Payne–Hanek in spirit), with enough bits that r keeps ~100 correct bits
 * even for the doubles closest to a multiple of π/2 (about 2^-62 away).
 */
function reduceHalfPi(a: number): [DD, number] {
  if (a <= 0.785) return [{ hi: a, lo: 0 }, 0];
  const { mant, exp } = decompose(a);
  const n = Math.max(-exp, exp + 53) + 170; // fraction bits: x exact, and k·(error of π/2) tiny
  const halfPi = pi() >> BigInt(PI_BITS + 1 - n);
  const x = BigInt(mant) << BigInt(exp + n);
  let k = x / halfPi;
  let rest = x - k * halfPi;
  if (2n * rest > halfPi) {
    k += 1n;
    rest -= halfPi;
  }
  // keep the top ~110 bits as a double-double, then scale by 2^-n (exact)
  const shift = Math.max(0, intBitLength(rest) - 110);
  const top = rest >> BigInt(shift);
  const hi = Number(top);
  const lo = Number(top - BigInt(hi));
  return [{ hi: ldexp(hi, shift - n), lo: ldexp(lo, shift - n) }, Number(k & 3n)];
}
