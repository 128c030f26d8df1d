/**
 * hash() as CPython computes it on 64-bit Linux (Python/pyhash.c, Objects/tupleobject.c), as
 * bigints in the signed 64-bit range, and the fold to 32 bits that the VM's hash tables use.
 *
 * Numbers hash by value modulo the Mersenne prime P = 2^61 - 1, so that equal numbers hash
 * alike across types: hash(1) == hash(1.0) == hash(True), hash(0.5) == 2^60. -1 is reserved
 * (C's error return) and becomes -2.
 *
 * Known differences from CPython, both unobservable by programs that CPython itself runs
 * reproducibly: str hashes are randomised per process in CPython (here a fixed FNV-1a), and
 * hash(nan) is identity-based in 3.10+ (here always 0).
 */
import { decompose } from "./float_repr.js";

const MODULUS = (1n << 61n) - 1n;

/** hash(int) */
export function hashInt(v: bigint): bigint {
  if (v >= 0n) return v < MODULUS ? v : v % MODULUS;
  if (v > -MODULUS) return v === -1n ? -2n : v;
  const h = -(-v % MODULUS); // CPython reduces |v| and restores the sign
  return h === -1n ? -2n : h;
}

/** hash(float): the hash of the exact rational value; inf ±314159, nan 0. */
export function hashFloat(x: number): bigint {
  if (Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER) return hashInt(BigInt(x));
  if (x !== x) return 0n;
  if (x === Infinity) return 314159n;
  if (x === -Infinity) return -314159n;
  // x = mant·2^exp; 2^61 ≡ 1 (mod P), so 2^exp ≡ 2^(exp mod 61), also for negative exp
  const { mant, exp } = decompose(Math.abs(x));
  const h = (BigInt(mant) << BigInt(((exp % 61) + 61) % 61)) % MODULUS;
  const signed = x < 0 ? -h : h;
  return signed === -1n ? -2n : signed;
}

// xxHash's 64-bit primes, as [high, low] 32-bit words: the tuple hash runs in 32-bit halves
// because it is hot (tuples as dict keys) and BigInt arithmetic would allocate at every step.
const XXPRIME_1 = words(11400714785074694791n);
const XXPRIME_2 = words(14029467366897019727n);
const XXPRIME_5 = words(2870177450012600261n);
const LENGTH_MANGLE = words(2870177450012600261n ^ 3527539n);

function words(v: bigint): [number, number] {
  return [Number(BigInt.asUintN(32, v >> 32n)), Number(BigInt.asUintN(32, v))];
}

/** hash(tuple) from its items' hashes: CPython 3.8+'s xxHash-based tuplehash. */
export function hashTuple(itemHashes: bigint[]): bigint {
  let hi = XXPRIME_5[0];
  let lo = XXPRIME_5[1];
  for (const h of itemHashes) {
    // the lane: the item's hash as an unsigned 64-bit word
    let laneHi: number;
    let laneLo: number;
    if (h >= -9007199254740991n && h <= 9007199254740991n) {
      const n = Number(h);
      laneHi = Math.floor(n / 4294967296) >>> 0; // floor keeps two's complement for negatives
      laneLo = n >>> 0;
    } else {
      [laneHi, laneLo] = words(h);
    }
    // acc += lane * PRIME_2
    mul64(laneHi, laneLo, XXPRIME_2[0], XXPRIME_2[1]);
    const sum = lo + productLo;
    lo = sum >>> 0;
    hi = (hi + productHi + (sum > 0xffffffff ? 1 : 0)) >>> 0;
    // acc = rotate_left(acc, 31)
    const rotatedHi = ((hi << 31) | (lo >>> 1)) >>> 0;
    lo = ((lo << 31) | (hi >>> 1)) >>> 0;
    hi = rotatedHi;
    // acc *= PRIME_1
    mul64(hi, lo, XXPRIME_1[0], XXPRIME_1[1]);
    hi = productHi;
    lo = productLo;
  }
  // the length, mangled so that hash(()) keeps its historical value
  const mangledLo = (LENGTH_MANGLE[1] ^ itemHashes.length) >>> 0;
  const sum = lo + mangledLo;
  lo = sum >>> 0;
  hi = (hi + LENGTH_MANGLE[0] + (sum > 0xffffffff ? 1 : 0)) >>> 0;
  if (hi === 0xffffffff && lo === 0xffffffff) return 1546275796n; // -1 is reserved
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}

// mul64's result registers: returning a pair would allocate at every step of the hot loop
let productHi = 0;
let productLo = 0;

/** (aHi·2^32 + aLo)·(bHi·2^32 + bLo) mod 2^64 into productHi/productLo. */
function mul64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  // aLo·bLo in full from 16-bit halves; every partial sum stays below 2^53
  const a1 = aLo >>> 16;
  const a0 = aLo & 0xffff;
  const b1 = bLo >>> 16;
  const b0 = bLo & 0xffff;
  const middle = a1 * b0 + a0 * b1;
  const low = (middle % 65536) * 65536 + a0 * b0;
  productLo = low >>> 0;
  const carry = a1 * b1 + Math.floor(middle / 65536) + Math.floor(low / 4294967296);
  productHi = (carry + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)) >>> 0;
}

/**
 * hash(str): 64-bit FNV-1a over the code units, computed in two 32-bit halves to stay off
 * BigInt in the loop. CPython's value is randomised per process, so only its properties matter:
 * deterministic, hash("") == 0 as in CPython, never -1.
 */
export function hashStr(s: string): bigint {
  if (s.length === 0) return 0n;
  // offset basis 0xcbf29ce484222325; prime 0x100000001b3 = 2^40 + 0x1b3
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < s.length; i++) {
    lo ^= s.charCodeAt(i);
    // (hi·2^32 + lo)·(2^40 + 0x1b3) mod 2^64: lo·0x1b3 needs 41 bits, exact in a double
    const low = (lo >>> 0) * 0x1b3;
    const carry = Math.floor(low / 4294967296);
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = low >>> 0;
  }
  const h = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
  return h === -1n ? -2n : h;
}

/**
 * A hash folded to a 32-bit signed int for hash tables. The identity on the int32 range, so a
 * table may hash small ints directly and still agree with the floats and bools equal to them.
 */
export function hash32(h: bigint): number {
  if (h >= -2147483648n && h <= 2147483647n) return Number(h);
  return Number(BigInt.asIntN(32, h ^ (h >> 32n)));
}
