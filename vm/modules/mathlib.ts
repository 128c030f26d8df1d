/**
 * The math module's functions as pure functions on JS numbers and bigints, with CPython 3.11's
 * results and errors (Modules/mathmodule.c): fsum, vector_norm (hypot, dist), pow, fmod, modf,
 * remainder, frexp/ldexp, isclose, the exact integer functions (factorial, comb, perm, lcm) and
 * the logarithms of huge ints. vm/modules/math.ts wraps them as natives.
 */
import { PyError } from "../../runtime/py_error.js";
import { gcd as gcdBig, intBitLength, ldexp as ldexpExact } from "../../runtime/int_math.js";
import { floatPow } from "../../runtime/float_math.js";

export function domainError(): PyError {
  return new PyError("ValueError", "math domain error");
}

export function rangeError(): PyError {
  return new PyError("OverflowError", "math range error");
}

/** math_1's checks on r = f(x). */
export function checked1(x: number, r: number, canOverflow: boolean): number {
  if (r !== r && x === x) throw domainError();
  if ((r === Infinity || r === -Infinity) && Number.isFinite(x)) throw canOverflow ? rangeError() : domainError();
  return r;
}

/** math_2's checks on r = f(x, y). */
export function checked2(x: number, y: number, r: number, canOverflow: boolean): number {
  if (r !== r && x === x && y === y) throw domainError();
  if ((r === Infinity || r === -Infinity) && Number.isFinite(x) && Number.isFinite(y)) {
    throw canOverflow ? rangeError() : domainError();
  }
  return r;
}

const bits = new DataView(new ArrayBuffer(8));

/** The sign bit of x (true for -0.0 and negative NaNs). */
export function signbit(x: number): boolean {
  bits.setFloat64(0, x);
  return (bits.getUint32(0) & 0x80000000) !== 0;
}

export function copysign(x: number, y: number): number {
  const a = Math.abs(x);
  return signbit(y) ? -a : a;
}

/** C's frexp: x = m·2^e with 0.5 <= |m| < 1; zeros, infinities and NaN give (x, 0). */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let offset = 0;
  if (Math.abs(x) < 2.2250738585072014e-308) {
    x *= 18446744073709551616; // 2^64: subnormals become normal, exactly
    offset = -64;
  }
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0);
  const e = ((hi >>> 20) & 0x7ff) - 1022;
  bits.setUint32(0, (hi & 0x800fffff) | (1022 << 20));
  return [bits.getFloat64(0), e + offset];
}

/** C's ldexp for any exponent (the exponent clamped where the result is already 0 or inf). */
export function ldexp(x: number, e: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  if (e > 2200) e = 2200;
  if (e < -2200) e = -2200;
  return ldexpExact(x, e);
}

/** math.fmod: C's fmod, which JS's % is, plus CPython's rules for infinities and NaN. */
export function fmod(x: number, y: number): number {
  if ((y === Infinity || y === -Infinity) && Number.isFinite(x)) return x;
  const r = x % y;
  if (r !== r && x === x && y === y) throw domainError();
  return r;
}

/** math.modf: (fractional part, integer part), both with the sign of x. */
export function modf(x: number): [number, number] {
  if (x === Infinity || x === -Infinity) return [copysign(0, x), x];
  if (x !== x) return [x, x];
  const i = Math.trunc(x);
  return [copysign(x - i, x), i];
}

/** math.remainder: IEEE 754 remainder, CPython's m_remainder. */
export function remainder(x: number, y: number): number {
  if (Number.isFinite(x) && Number.isFinite(y)) {
    if (y === 0) throw domainError();
    const absx = Math.abs(x);
    const absy = Math.abs(y);
    const m = absx % absy;
    const c = absy - m;
    let r: number;
    if (m < c) r = m;
    else if (m > c) r = -c;
    else r = m - 2.0 * ((0.5 * (absx - m)) % absy);
    return copysign(1.0, x) * r;
  }
  if (x !== x) return x;
  if (y !== y) return y;
  if (x === Infinity || x === -Infinity) throw domainError();
  return x;
}

/** math.pow: C99 pow with CPython's special cases and errors (not the `**` operator's). */
export function mathPow(x: number, y: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    if (x !== x) return y === 0 ? 1 : x;
    if (y !== y) return x === 1 ? 1 : y;
    if (x === Infinity || x === -Infinity) {
      const oddY = Number.isFinite(y) && Math.abs(y) % 2 === 1;
      if (y > 0) return oddY ? x : Math.abs(x);
      if (y === 0) return 1;
      return oddY ? copysign(0, x) : 0;
    }
    // y is infinite
    if (Math.abs(x) === 1) return 1;
    if (y > 0 && Math.abs(x) > 1) return y;
    if (y < 0 && Math.abs(x) < 1) return -y;
    return 0;
  }
  if (x === 0 && y < 0) throw domainError(); // (+-0)**negative: divide by zero
  if (x < 0 && !Number.isInteger(y)) throw domainError(); // the result would be complex
  try {
    return floatPow(x, y);
  } catch (e) {
    if (e instanceof PyError && e.pyType === "OverflowError") throw rangeError();
    throw e;
  }
}

/** math.isclose */
export function isclose(a: number, b: number, relTol = 1e-9, absTol = 0.0): boolean {
  if (relTol < 0 || absTol < 0) throw new PyError("ValueError", "tolerances must be non-negative");
  if (a === b) return true;
  if (a === Infinity || a === -Infinity || b === Infinity || b === -Infinity) return false;
  const diff = Math.abs(b - a);
  return diff <= Math.abs(relTol * b) || diff <= Math.abs(relTol * a) || diff <= absTol;
}

/**
 * math.fsum: the exactly rounded sum, CPython's math_fsum (Shewchuk's algorithm with
 * non-overlapping partials, plus the final half-way correction and the special values).
 */
export function fsum(values: Iterable<number>): number {
  const p: number[] = [];
  let n = 0;
  let specialSum = 0.0;
  let infSum = 0.0;
  for (let x of values) {
    const xsave = x;
    let i = 0;
    for (let j = 0; j < n; j++) {
      let y = p[j];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const yr = hi - x;
      const lo = y - yr;
      if (lo !== 0.0) p[i++] = lo;
      x = hi;
    }
    n = i;
    if (x !== 0.0) {
      if (!Number.isFinite(x)) {
        // a nonfinite x: either an intermediate overflow or an inf/nan among the summands
        if (Number.isFinite(xsave)) throw new PyError("OverflowError", "intermediate overflow in fsum");
        if (xsave === Infinity || xsave === -Infinity) infSum += xsave;
        specialSum += xsave;
        n = 0;
      } else {
        p[n++] = x;
      }
    }
  }
  if (specialSum !== 0.0) {
    if (infSum !== infSum) throw new PyError("ValueError", "-inf + inf in fsum");
    return specialSum;
  }
  let hi = 0.0;
  if (n > 0) {
    hi = p[--n];
    let lo = 0.0;
    // sum_exact(p) = hi + sum_exact(p[:n]), added from the top while that stays exact
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0.0) break;
    }
    // round half-even correctly when the rest of the partials push a tie one way
    if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
      const y = lo * 2.0;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
  }
  return hi;
}

/**
 * sqrt(sum(x*x for x in vec)) as CPython 3.11's vector_norm (hypot, dist): lossless
 * power-of-two scaling, Veltkamp-Dekker squaring, compensated summation and a differential
 * correction of the square root. `vec` holds absolute values, `max` the largest of them.
 */
export function vectorNorm(vec: number[], max: number, foundNan: boolean): number {
  const T27 = 134217729.0; // 2^27 + 1
  const n = vec.length;
  if (max === Infinity) return max;
  if (foundNan) return NaN;
  if (max === 0.0 || n <= 1) return max;
  let csum = 1.0;
  let frac1 = 0.0;
  let frac2 = 0.0;
  let frac3 = 0.0;
  let x: number;
  let t: number;
  let hi: number;
  let lo: number;
  let oldcsum: number;
  const maxE = frexp(max)[1];
  if (maxE >= -1023) {
    const scale = ldexp(1.0, -maxE);
    for (let i = 0; i < n; i++) {
      x = vec[i] * scale;
      t = x * T27;
      hi = t - (t - x);
      lo = x - hi;
      x = hi * hi;
      oldcsum = csum;
      csum += x;
      frac1 += oldcsum - csum + x;
      x = 2.0 * hi * lo;
      oldcsum = csum;
      csum += x;
      frac2 += oldcsum - csum + x;
      frac3 += lo * lo;
    }
    const h = Math.sqrt(csum - 1.0 + (frac1 + frac2 + frac3));
    x = h;
    t = x * T27;
    hi = t - (t - x);
    lo = x - hi;
    x = -hi * hi;
    oldcsum = csum;
    csum += x;
    frac1 += oldcsum - csum + x;
    x = -2.0 * hi * lo;
    oldcsum = csum;
    csum += x;
    frac2 += oldcsum - csum + x;
    x = -lo * lo;
    oldcsum = csum;
    csum += x;
    frac3 += oldcsum - csum + x;
    x = csum - 1.0 + (frac1 + frac2 + frac3);
    return (h + x / (2.0 * h)) / scale;
  }
  // max is subnormal: 2^-max_e would overflow, so divide by max instead
  for (let i = 0; i < n; i++) {
    x = vec[i] / max;
    x = x * x;
    oldcsum = csum;
    csum += x;
    frac1 += oldcsum - csum + x;
  }
  return max * Math.sqrt(csum - 1.0 + frac1);
}

/** x ≈ m·2^e with m in [0.5, 1) rounded half-even to 53 bits: CPython's _PyLong_Frexp (x > 0). */
export function bigFrexp(x: bigint): [number, number] {
  let e = intBitLength(x);
  const shift = BigInt(e - 64);
  let top = shift > 0n ? x >> shift : x << -shift;
  if (shift > 0n && top << shift !== x) top |= 1n; // sticky bit: no false ties when rounding
  let m = Number(top) / 2 ** 64;
  if (m === 1) {
    m = 0.5;
    e += 1;
  }
  return [m, e];
}

/** CPython's loghelper for log2 and log10: ints too large for a float still have a logarithm. */
export function logOfInt(x: bigint, f: (x: number) => number): number {
  if (x <= 0n) throw domainError();
  const d = Number(x);
  if (d !== Infinity) return f(d);
  const [m, e] = bigFrexp(x);
  return f(m) + f(2.0) * e;
}

/** log2/log10 of a float: CPython's m_log2/m_log10 through math_1. */
export function logOfFloat(x: number, f: (x: number) => number): number {
  if (x !== x || x === Infinity) return x;
  if (x <= 0) throw domainError(); // log(0) = -inf and log(-x) = nan: both domain errors
  return f(x);
}

/** Product of the integers in [lo, hi] (lo <= hi + 1), by binary splitting. */
function rangeProduct(lo: bigint, hi: bigint): bigint {
  const n = hi - lo + 1n;
  if (n <= 0n) return 1n;
  if (n <= 16n) {
    let p = lo;
    for (let i = lo + 1n; i <= hi; i++) p *= i;
    return p;
  }
  const mid = lo + n / 2n;
  return rangeProduct(lo, mid - 1n) * rangeProduct(mid, hi);
}

/** Product of the odd integers in [start, stop) (start odd), by binary splitting. */
function oddProduct(start: number, stop: number): bigint {
  const count = (stop - start) >> 1;
  if (count <= 0) return 1n;
  if (count <= 8 && stop < 1 << 26) {
    // at most 8 factors below 2^26: accumulate in doubles while exact
    let acc = 1;
    let p = 1n;
    for (let j = start; j < stop; j += 2) {
      if (acc * j > Number.MAX_SAFE_INTEGER) {
        p *= BigInt(acc);
        acc = 1;
      }
      acc *= j;
    }
    return p * BigInt(acc);
  }
  const mid = (start + count) | 1;
  return oddProduct(start, mid) * oddProduct(mid, stop);
}

function popcount(n: number): number {
  let c = 0;
  while (n > 0) {
    c += n % 2;
    n = Math.floor(n / 2);
  }
  return c;
}

const LONG_MAX = 9223372036854775807n;
/** Beyond this, factorial and comb would need gigabytes: CPython would run out of memory too. */
const HUGE_ARGUMENT = 1 << 28;

/** math.factorial: CPython's odd-part algorithm, factorial(n) = odd_part << (n - popcount(n)). */
export function factorial(nv: bigint): bigint {
  if (nv > LONG_MAX) throw new PyError("OverflowError", `factorial() argument should not exceed ${LONG_MAX}`);
  if (nv < 0n) throw new PyError("ValueError", "factorial() not defined for negative values");
  if (nv > BigInt(HUGE_ARGUMENT)) throw new PyError("MemoryError", "");
  const n = Number(nv);
  if (n < 21) return rangeProduct(1n, nv);
  let inner = 1n;
  let outer = 1n;
  let upper = 3;
  for (let i = 32 - Math.clz32(n) - 2; i >= 0; i--) {
    const v = n >>> i;
    if (v <= 2) continue;
    const lower = upper;
    upper = (v + 1) | 1; // the least odd integer above n / 2^i
    inner *= oddProduct(lower, upper);
    outer *= inner;
  }
  return outer << BigInt(n - popcount(n));
}

/** math.perm(n, k) */
export function perm(n: bigint, k: bigint): bigint {
  if (n < 0n) throw new PyError("ValueError", "n must be a non-negative integer");
  if (k < 0n) throw new PyError("ValueError", "k must be a non-negative integer");
  if (k > n) return 0n;
  if (k > BigInt(HUGE_ARGUMENT)) throw new PyError("OverflowError", `k must not exceed ${LONG_MAX}`);
  return rangeProduct(n - k + 1n, n);
}

/** math.comb(n, k) */
export function comb(n: bigint, k: bigint): bigint {
  if (n < 0n) throw new PyError("ValueError", "n must be a non-negative integer");
  if (k < 0n) throw new PyError("ValueError", "k must be a non-negative integer");
  if (k > n) return 0n;
  if (n - k < k) k = n - k;
  if (k > BigInt(HUGE_ARGUMENT)) throw new PyError("OverflowError", `min(n - k, k) must not exceed ${LONG_MAX}`);
  if (k <= 64n) {
    // each partial result is itself a binomial coefficient, so the division is exact
    let r = 1n;
    for (let i = 1n; i <= k; i++) r = (r * (n - k + i)) / i;
    return r;
  }
  return rangeProduct(n - k + 1n, n) / factorial(k);
}

/** math.lcm(*integers) */
export function lcm(values: bigint[]): bigint {
  let r = 1n;
  for (const v of values) {
    if (r === 0n || v === 0n) {
      r = 0n;
      continue;
    }
    const a = v < 0n ? -v : v;
    r = (r / gcdBig(r, a)) * a;
  }
  return r;
}

/** math.nextafter(x, y) */
export function nextafter(x: number, y: number): number {
  if (x !== x || y !== y) return NaN;
  if (x === y) return y;
  if (x === 0) return y > 0 ? 5e-324 : -5e-324;
  bits.setFloat64(0, x);
  let b = bits.getBigUint64(0);
  b = (x < y) === (x > 0) ? b + 1n : b - 1n;
  bits.setBigUint64(0, b);
  return bits.getFloat64(0);
}

/** math.ulp(x) */
export function ulp(x: number): number {
  if (x !== x) return x;
  x = Math.abs(x);
  if (x === Infinity) return x;
  const x2 = nextafter(x, Infinity);
  if (x2 === Infinity) return x - nextafter(x, -Infinity);
  return x2 - x;
}
