/**
 * Double-double arithmetic, shared by runtime/float_math.ts (exp, log, sin, cos, pow) and
 * vm/modules/libm.ts (atan, asin, acos, tan, log2): a value hi + lo with |lo| <= ulp(hi)/2, about
 * 106 bits; after normalisation hi is the correctly rounded double of the pair. The error-free
 * transformations are Dekker's and Knuth's (twoSum, Veltkamp-split twoProd).
 *
 * Representation: a plain {hi, lo} object rather than a [hi, lo] array. On Node 20 (V8 11.3) a
 * Horner-style series over these operations (the shape of logDD and atanSeries) ran about 10-15%
 * faster with objects than with 2-element arrays in a micro-benchmark, same code and bit-identical
 * results; an array literal also needs a separate elements store, and its loads check bounds and
 * elements kind. Build every value as `{ hi, lo }`, in that order, so that all of them share one
 * hidden class and property access stays monomorphic.
 */

export interface DD {
  readonly hi: number;
  readonly lo: number;
}

/** x as a double-double (exact). */
export function dd(x: number): DD {
  return { hi: x, lo: 0 };
}

export const ONE: DD = dd(1);

/** a + b exactly, as the rounded sum and its error (Knuth: no condition on |a|, |b|). */
export function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return { hi: s, lo: a - (s - bb) + (b - bb) };
}

/** a + b exactly, for |a| >= |b| (or a = 0): Dekker's cheaper version of twoSum. */
export function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

const SPLITTER = 134217729; // 2^27 + 1: splits a double into two 26-bit halves

/** a·b exactly, as the rounded product and its error (Veltkamp split; no FMA in JS). */
export function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return { hi: p, lo: ah * bh - p + ah * bl + al * bh + al * bl };
}

export function add(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  const u = quickTwoSum(s.hi, s.lo + t.hi);
  return quickTwoSum(u.hi, u.lo + t.lo);
}

export function neg(a: DD): DD {
  return { hi: -a.hi, lo: -a.lo };
}

export function sub(a: DD, b: DD): DD {
  return add(a, neg(b));
}

export function mul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

/** a·b for a double b. */
export function mulNum(a: DD, b: number): DD {
  const p = twoProd(a.hi, b);
  return quickTwoSum(p.hi, p.lo + a.lo * b);
}

/** a / b: three quotient digits, each from the remainder so far. */
export function div(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  let r = add(a, mulNum(b, -q1)); // a - b·q1, without building a negated copy
  const q2 = r.hi / b.hi;
  r = add(r, mulNum(b, -q2));
  const q3 = r.hi / b.hi;
  return add(quickTwoSum(q1, q2), { hi: q3, lo: 0 });
}

/** √a from the correctly rounded double and one Newton correction: a - s² is nearly exact. */
export function sqrt(a: DD): DD {
  if (a.hi <= 0) return { hi: Math.sqrt(a.hi), lo: 0 };
  const s = Math.sqrt(a.hi);
  const r = sub(a, twoProd(s, s));
  return quickTwoSum(s, r.hi / (2 * s));
}

/** Σ c[k]·x^k by Horner's rule. */
export function horner(coefficients: readonly DD[], x: DD): DD {
  let p = coefficients[coefficients.length - 1];
  for (let k = coefficients.length - 2; k >= 0; k--) p = add(mul(p, x), coefficients[k]);
  return p;
}
