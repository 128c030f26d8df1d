/**
 * int objects. Ints in -2**30 .. 2**30-1 are tagged values (no object); larger ones are heap
 * objects of arbitrary precision:
 *
 *   w6   signed digit count: |w6| 32-bit digits follow, the sign of w6 is the sign of the int
 *   w7…  magnitude, little-endian 32-bit digits
 *
 * Arithmetic happens in JS numbers when the result is exact there (|x| <= 2**53) and in BigInt
 * otherwise; either way the result is boxed back by `newInt`, tagged when it fits.
 */
import { HEADER_WORDS, Kind, SMALL_MAX, SMALL_MIN, type Ref, type Value } from "./layout.js";
import type { Runtime } from "./context.js";
import { T } from "./types.js";

export const INT_NDIGITS = HEADER_WORDS;

/** Boxes a JS integer (a safe integer) as a Python int. */
export function newIntFromNumber(rt: Runtime, n: number): Value {
  if (n >= SMALL_MIN && n <= SMALL_MAX) return (n << 1) | 1;
  // a safe integer has at most two 32-bit digits: no BigInt needed
  const mag = Math.abs(n);
  const hi = Math.floor(mag / 4294967296);
  const nd = hi === 0 ? 1 : 2;
  const ref = rt.newObject(Kind.INT, rt.types[T.int], 1 + nd);
  const w = ref >> 2;
  rt.i32[w + INT_NDIGITS] = n < 0 ? -nd : nd;
  rt.u32[w + INT_NDIGITS + 1] = mag >>> 0;
  if (nd === 2) rt.u32[w + INT_NDIGITS + 2] = hi;
  return ref;
}

/** Boxes a bigint as a Python int (tagged when small). */
export function newInt(rt: Runtime, v: bigint): Value {
  if (v >= -0x40000000n && v <= 0x3fffffffn) return (Number(v) << 1) | 1;
  return newBigInt(rt, v);
}

function newBigInt(rt: Runtime, v: bigint): Ref {
  const neg = v < 0n;
  let mag = neg ? -v : v;
  const digits: number[] = [];
  while (mag > 0n) {
    digits.push(Number(mag & 0xffffffffn));
    mag >>= 32n;
  }
  const ref = rt.newObject(Kind.INT, rt.types[T.int], 1 + digits.length);
  const w = ref >> 2;
  rt.i32[w + INT_NDIGITS] = neg ? -digits.length : digits.length;
  for (let i = 0; i < digits.length; i++) rt.u32[w + INT_NDIGITS + 1 + i] = digits[i];
  return ref;
}

/** The value of a heap int (Kind.INT) as a bigint. */
export function bigIntValue(rt: Runtime, ref: Ref): bigint {
  const w = ref >> 2;
  const nd = rt.i32[w + INT_NDIGITS];
  const n = Math.abs(nd);
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 32n) | BigInt(rt.u32[w + INT_NDIGITS + 1 + i]);
  return nd < 0 ? -v : v;
}

/**
 * The value of a heap int as a JS number when it is a safe integer, else NaN (the caller then
 * takes the BigInt path).
 */
export function bigIntAsSafeNumber(rt: Runtime, ref: Ref): number {
  const w = ref >> 2;
  const nd = rt.i32[w + INT_NDIGITS];
  if (nd > 2 || nd < -2) return NaN;
  const n = Math.abs(nd);
  const lo = rt.u32[w + INT_NDIGITS + 1];
  const hi = n === 2 ? rt.u32[w + INT_NDIGITS + 2] : 0;
  if (hi >= 0x200000) return NaN;
  const mag = hi * 4294967296 + lo;
  return nd < 0 ? -mag : mag;
}

/**
 * a + b for two ints of the same sign, digit by digit with JS numbers straight from the heap
 * (no BigInt round trip, no temporary arrays): the hot path of `sum()` over big squares.
 * Returns 0 (NULL) when the signs differ, for the caller's general path.
 */
export function addSameSign(rt: Runtime, a: Value, b: Value): Value {
  if ((a & b & 1) !== 0) return newIntFromNumber(rt, (a >> 1) + (b >> 1));
  const u32 = rt.u32;
  const i32 = rt.i32;
  // a tagged operand is one digit: its magnitude, with its sign
  const na = (a & 1) !== 0 ? ((a >> 1) < 0 ? -1 : 1) : i32[(a >> 2) + INT_NDIGITS];
  const nb = (b & 1) !== 0 ? ((b >> 1) < 0 ? -1 : 1) : i32[(b >> 2) + INT_NDIGITS];
  if (na < 0 !== nb < 0) return 0;
  const la = Math.abs(na);
  const lb = Math.abs(nb);
  const ta = (a & 1) !== 0 ? Math.abs(a >> 1) : -1;
  const tb = (b & 1) !== 0 ? Math.abs(b >> 1) : -1;
  const wa = (a >> 2) + INT_NDIGITS + 1;
  const wb = (b >> 2) + INT_NDIGITS + 1;
  const n = Math.max(la, lb);
  const ref = rt.newObject(Kind.INT, rt.types[T.int], 2 + n);
  const wr = (ref >> 2) + INT_NDIGITS + 1;
  let carry = 0;
  for (let i = 0; i < n; i++) {
    const x = i >= la ? 0 : ta >= 0 ? ta : u32[wa + i];
    const y = i >= lb ? 0 : tb >= 0 ? tb : u32[wb + i];
    const t = x + y + carry;
    u32[wr + i] = t >>> 0;
    carry = t > 0xffffffff ? 1 : 0;
  }
  u32[wr + n] = carry;
  const len = carry !== 0 ? n + 1 : n;
  i32[(ref >> 2) + INT_NDIGITS] = na < 0 ? -len : len;
  return ref;
}
