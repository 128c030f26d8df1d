/**
 * MT19937 exactly as CPython's Modules/_randommodule.c, and the parts of Lib/random.py that
 * turn its output into numbers (_randbelow_with_getrandbits, sample's index choice, gauss), as
 * pure functions over a state laid out in 32-bit words (see vm/modules/random.ts for where the
 * module keeps it):
 *
 *   +0  lock         0 free, 1 held, 2 held with waiters (a futex word; used by random.ts)
 *   +1  index        next word of mt[] to temper; 624 means "twist first"
 *   +2  gauss flag   1 when gauss_next holds a value
 *   +3  gauss_next   a float64 as two words (low, high)
 *   +5  mt[624]      the generator state
 */
import { createHash, getRandomValues } from "node:crypto";
import { PyError } from "../../runtime/py_error.js";
import { intBitLength } from "../../runtime/int_math.js";
import { mathCos, mathLog, mathSin, mathSqrt } from "../../runtime/float_math.js";

// ---- MT19937, as _randommodule.c --------------------------------------------------------------

export const MT_N = 624;
const MT_M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export const RS_LOCK = 0;
export const RS_INDEX = 1;
export const RS_GAUSS_SET = 2;
export const RS_GAUSS = 3;
export const RS_MT = 5;
/** Words of state (without the constant top digit). */
export const RS_WORDS = RS_MT + MT_N;

/** A generator state: words [s, s + RS_WORDS) of these two views over the same buffer. */
export interface MTState {
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly s: number;
}

/** A state in a private buffer (tests; the fallback when the module's state is unreachable). */
export function newPrivateState(): MTState {
  const sab = new SharedArrayBuffer(RS_WORDS * 4);
  const st = { i32: new Int32Array(sab), u32: new Uint32Array(sab), s: 0 };
  seedFromEntropy(st);
  return st;
}

export function initGenrand(st: MTState, seed: number): void {
  const mt = st.u32;
  const b = st.s + RS_MT;
  mt[b] = seed >>> 0;
  for (let i = 1; i < MT_N; i++) {
    const prev = mt[b + i - 1];
    mt[b + i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
  }
  mt[st.s + RS_INDEX] = MT_N;
}

/** init_by_array: seeds from 32-bit key words (little-endian words of the seed). */
export function initByArray(st: MTState, key: ArrayLike<number>): void {
  initGenrand(st, 19650218);
  const mt = st.u32;
  const b = st.s + RS_MT;
  const len = key.length;
  let i = 1;
  let j = 0;
  for (let k = Math.max(MT_N, len); k > 0; k--) {
    const prev = mt[b + i - 1];
    mt[b + i] = ((mt[b + i] ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j] + j) >>> 0; // non linear
    i++;
    j++;
    if (i >= MT_N) {
      mt[b] = mt[b + MT_N - 1];
      i = 1;
    }
    if (j >= len) j = 0;
  }
  for (let k = MT_N - 1; k > 0; k--) {
    const prev = mt[b + i - 1];
    mt[b + i] = ((mt[b + i] ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0; // non linear
    i++;
    if (i >= MT_N) {
      mt[b] = mt[b + MT_N - 1];
      i = 1;
    }
  }
  mt[b] = 0x80000000; // MSB is 1, assuring a non-zero initial array
  mt[st.s + RS_GAUSS_SET] = 0;
}

function twist(mt: Uint32Array, b: number): void {
  let kk = 0;
  let y: number;
  for (; kk < MT_N - MT_M; kk++) {
    y = (mt[b + kk] & UPPER_MASK) | (mt[b + kk + 1] & LOWER_MASK);
    mt[b + kk] = mt[b + kk + MT_M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  }
  for (; kk < MT_N - 1; kk++) {
    y = (mt[b + kk] & UPPER_MASK) | (mt[b + kk + 1] & LOWER_MASK);
    mt[b + kk] = mt[b + kk + (MT_M - MT_N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  }
  y = (mt[b + MT_N - 1] & UPPER_MASK) | (mt[b] & LOWER_MASK);
  mt[b + MT_N - 1] = mt[b + MT_M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
}

/** genrand_uint32: the next tempered 32-bit output. */
export function genrandUint32(st: MTState): number {
  const mt = st.u32;
  const b = st.s + RS_MT;
  let idx = mt[st.s + RS_INDEX];
  if (idx >= MT_N) {
    twist(mt, b);
    idx = 0;
  }
  let y = mt[b + idx];
  mt[st.s + RS_INDEX] = idx + 1;
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >>> 18;
  return y >>> 0;
}

/** random(): a 53-bit float in [0, 1) from two outputs (27 and 26 bits). */
export function mtRandom(st: MTState): number {
  const a = genrandUint32(st) >>> 5;
  const b = genrandUint32(st) >>> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

/** getrandbits(k) for 0 <= k <= 32, as a number. */
function randbits32(st: MTState, k: number): number {
  if (k === 0) return 0;
  return genrandUint32(st) >>> (32 - k);
}

/** getrandbits(k): words filled from the least significant, the last one shifted down. */
export function getrandbits(st: MTState, k: number): bigint {
  if (k < 0) throw new PyError("ValueError", "number of bits must be non-negative");
  if (k <= 32) return BigInt(randbits32(st, k));
  let r = 0n;
  let shift = 0n;
  for (; k > 0; k -= 32, shift += 32n) {
    let w = genrandUint32(st);
    if (k < 32) w >>>= 32 - k; // drop the least significant bits
    r |= BigInt(w) << shift;
  }
  return r;
}

/** _randbelow_with_getrandbits(n): uniform in [0, n) by rejection, for n >= 1. */
export function randbelow(st: MTState, n: number): number;
export function randbelow(st: MTState, n: bigint): bigint;
export function randbelow(st: MTState, n: number | bigint): number | bigint {
  if (typeof n === "bigint") {
    if (n <= 9007199254740992n) return BigInt(randbelow(st, Number(n)));
    const k = intBitLength(n);
    let r = getrandbits(st, k);
    while (r >= n) r = getrandbits(st, k);
    return r;
  }
  if (n <= 0) return 0;
  if (n <= 0xffffffff) {
    const k = 32 - Math.clz32(n);
    let r = randbits32(st, k);
    while (r >= n) r = randbits32(st, k);
    return r;
  }
  // 33..53 bits: two words, as getrandbits builds them
  let k = 33;
  while (2 ** k <= n) k++; // n.bit_length()
  const draw = () => {
    const lo = genrandUint32(st);
    const hi = genrandUint32(st) >>> (64 - k);
    return hi * 4294967296 + lo;
  };
  let r = draw();
  while (r >= n) r = draw();
  return r;
}

/** The 32-bit words of |n|, least significant first; [0] for 0 (random_seed in C). */
export function seedKey(n: bigint): number[] {
  if (n < 0n) n = -n;
  const key: number[] = [];
  while (n > 0n) {
    key.push(Number(n & 0xffffffffn));
    n >>= 32n;
  }
  return key.length === 0 ? [0] : key;
}

/** seed(int) */
export function seedInt(st: MTState, n: bigint): void {
  initByArray(st, seedKey(n));
}

/** Version 2 seeding of a str: int.from_bytes(s.encode() + sha512(s.encode()).digest()). */
export function strSeedValue(s: string): bigint {
  const bytes = Buffer.from(s, "utf8");
  const all = Buffer.concat([bytes, createHash("sha512").update(bytes).digest()]);
  return all.length === 0 ? 0n : BigInt("0x" + all.toString("hex"));
}

/** Version 1 seeding of a str (random.py's old string hash). */
export function strSeedValueV1(s: string): bigint {
  const cps = Array.from(s, (c) => BigInt(c.codePointAt(0)!));
  let x = cps.length > 0 ? cps[0] << 7n : 0n;
  for (const c of cps) x = ((1000003n * x) ^ c) & 0xffffffffffffffffn;
  x ^= BigInt(cps.length);
  return x === -1n ? -2n : x;
}

/** seed(None): 624 words from the OS's entropy source (random_seed_urandom), else the time. */
export function seedFromEntropy(st: MTState): void {
  const key = new Uint32Array(MT_N);
  try {
    getRandomValues(key);
  } catch {
    const t = BigInt(Date.now()) * 1000000n + process.hrtime.bigint();
    initByArray(st, seedKey(t));
    return;
  }
  initByArray(st, key);
}

/** The indices random.sample picks from a population of n, in selection order. */
export function sampleIndices(st: MTState, n: number, k: number, lockEach: (f: () => number) => number = (f) => f()): number[] {
  if (!(k >= 0 && k <= n)) throw new PyError("ValueError", "Sample larger than population or is negative");
  const result = new Array<number>(k);
  let setsize = 21; // size of a small set minus size of an empty list
  if (k > 5) setsize += 4 ** Math.ceil(mathLog(k * 3, 4)); // table size for big sets
  if (n <= setsize) {
    // an n-length list is smaller than a k-length set
    const pool = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = lockEach(() => randbelow(st, n - i));
      result[i] = pool[j];
      pool[j] = pool[n - i - 1]; // move the non-selected item into the vacancy
    }
  } else {
    const selected = new Set<number>();
    for (let i = 0; i < k; i++) {
      let j = lockEach(() => randbelow(st, n));
      while (selected.has(j)) j = lockEach(() => randbelow(st, n));
      selected.add(j);
      result[i] = j;
    }
  }
  return result;
}

/** bisect.bisect_right(a, x, lo, hi) */
export function bisectRight(a: number[], x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < a[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const gaussBits = new DataView(new ArrayBuffer(8));

/** gauss() for mu=0, sigma=1: random.py's Box-Muller pair, the second kept in the state. */
export function gaussNext(st: MTState): number {
  const w = st.u32;
  if (w[st.s + RS_GAUSS_SET] === 1) {
    w[st.s + RS_GAUSS_SET] = 0;
    gaussBits.setUint32(0, w[st.s + RS_GAUSS + 1]);
    gaussBits.setUint32(4, w[st.s + RS_GAUSS]);
    return gaussBits.getFloat64(0);
  }
  const x2pi = mtRandom(st) * (2 * Math.PI);
  const g2rad = mathSqrt(-2.0 * mathLog(1.0 - mtRandom(st)));
  const z = mathCos(x2pi) * g2rad;
  gaussBits.setFloat64(0, mathSin(x2pi) * g2rad);
  w[st.s + RS_GAUSS + 1] = gaussBits.getUint32(0);
  w[st.s + RS_GAUSS] = gaussBits.getUint32(4);
  w[st.s + RS_GAUSS_SET] = 1;
  return z;
}
