/**
 * Decimal text for doubles, as CPython's `PyOS_double_to_string` (Python/pystrtod.c) writes it:
 * `repr()`/`str()` (style 'r': the shortest digits that round-trip) and the 'e', 'f', 'g' styles
 * with a precision that format(), str.format, f-strings and %-formatting share.
 *
 * CPython takes its digits from David Gay's dtoa, correctly rounded from the exact binary value,
 * ties to even. JavaScript's `toExponential`/`toFixed` are correctly rounded too but break exact
 * ties away from zero. A tie needs the exact decimal expansion to end right after the rounding
 * digit with a 5, which the binary exponent tells cheaply; only those rare cases (and precisions
 * or magnitudes the JS methods do not take) go the slow way: the exact expansion as a BigInt,
 * rounded by hand.
 */

/** Always write a sign: '+' for non-negative values (Py_DTSF_SIGN). */
export const DTSF_SIGN = 1;
/** Integral values in fixed notation get ".0" (Py_DTSF_ADD_DOT_0: repr, and format's '' type). */
export const DTSF_ADD_DOT_0 = 2;
/** Alternate form '#': keep trailing zeros and the decimal point (Py_DTSF_ALT). */
export const DTSF_ALT = 4;
/** 'z': a value that rounds to zero loses its minus sign (Py_DTSF_NO_NEG_0). */
export const DTSF_NO_NEG_0 = 8;

/** The styles PyOS_double_to_string takes; upper case writes 'E', "INF", "NAN". */
export type FloatStyle = "e" | "E" | "f" | "F" | "g" | "G" | "r";

/** Decimal digits of a non-negative double: value = 0.DIGITS × 10^decpt, as dtoa returns them. */
export interface Digits {
  /** No leading or trailing zeros; "0" for zero. */
  digits: string;
  decpt: number;
}

const ZERO: Digits = { digits: "0", decpt: 1 };

/** CPython's repr(float) and str(float). */
export function floatRepr(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e16) {
    // Here JavaScript also writes fixed notation with the same shortest digits; hot print loops
    // mostly land here.
    const s = String(x);
    return Number.isInteger(x) ? s + ".0" : s;
  }
  return doubleToString(x, "r", 0, DTSF_ADD_DOT_0);
}

/**
 * PyOS_double_to_string: `x` in `style` with `precision` (digits after the point for e/f,
 * significant digits for g, ignored for r) and DTSF_* flags.
 */
export function doubleToString(x: number, style: FloatStyle, precision: number, flags: number): string {
  const upper = style === "E" || style === "F" || style === "G";
  const type = upper ? (style.toLowerCase() as FloatStyle) : style;
  if (x !== x) return (flags & DTSF_SIGN ? "+" : "") + (upper ? "NAN" : "nan"); // a NaN's sign is ignored
  const negative = x < 0 || Object.is(x, -0);
  const signText = negative ? "-" : flags & DTSF_SIGN ? "+" : "";
  if (x === Infinity || x === -Infinity) return signText + (upper ? "INF" : "inf");

  const a = Math.abs(x);
  let d: Digits;
  switch (type) {
    case "r": // toExponential() without a count gives the shortest round-trip digits, like dtoa mode 0
      d = a === 0 ? ZERO : fromExponential(a.toExponential());
      break;
    case "e":
      d = significantDigits(a, precision + 1);
      break;
    case "f":
      d = fixedDigits(a, precision);
      break;
    default: // "g": a precision of 0 makes no sense, CPython reads it as 1
      if (precision === 0) precision = 1;
      d = significantDigits(a, precision);
  }
  const sign = negative && flags & DTSF_NO_NEG_0 && d.digits === "0" ? (flags & DTSF_SIGN ? "+" : "") : signText;
  return sign + layout(d, type, precision, flags, upper);
}

/**
 * format_float_short's layout: picks fixed or exponent notation, then pads the digits with
 * zeros up to the decimal point and on to `vEnd` digits (precision, or '#', asks for them).
 */
function layout(d: Digits, type: FloatStyle, precision: number, flags: number, upper: boolean): string {
  const digits = d.digits;
  const len = digits.length;
  const addDot0 = (flags & DTSF_ADD_DOT_0) !== 0;
  const alt = (flags & DTSF_ALT) !== 0;
  let decpt = d.decpt;
  let useExp = false;
  let vEnd = len;
  switch (type) {
    case "e":
      useExp = true;
      vEnd = precision + 1;
      break;
    case "f":
      vEnd = decpt + precision;
      break;
    case "g":
      // with ADD_DOT_0 the ".0" counts as a digit, so exponent notation starts one digit earlier
      if (decpt <= -4 || decpt > (addDot0 ? precision - 1 : precision)) useExp = true;
      if (alt) vEnd = precision;
      break;
    default: // "r": exponent notation from 1e16 on, as repr has done since Python 3.1
      if (decpt <= -4 || decpt > 16) useExp = true;
  }
  let exp = 0;
  if (useExp) {
    exp = decpt - 1;
    decpt = 1;
  }
  if (!useExp && addDot0) vEnd = Math.max(vEnd, decpt + 1);
  else vEnd = Math.max(vEnd, decpt);

  let out: string;
  if (decpt <= 0) out = "0." + "0".repeat(-decpt) + digits;
  else if (decpt <= len) out = digits.slice(0, decpt) + "." + digits.slice(decpt);
  else out = digits + "0".repeat(decpt - len) + ".";
  out += "0".repeat(vEnd - Math.max(len, decpt));
  if (!alt && out.charCodeAt(out.length - 1) === 46 /* . */) out = out.slice(0, -1);
  if (useExp) {
    const e = Math.abs(exp);
    out += (upper ? "E" : "e") + (exp < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
  }
  return out;
}

/** dtoa mode 2: the first `n` (>= 1) significant digits of a >= 0, rounded half to even. */
export function significantDigits(a: number, n: number): Digits {
  if (a === 0) return ZERO;
  if (n <= 101) {
    const d = fromExponential(a.toExponential(n - 1));
    // The expansion of mant·2^exp (mant odd) ends at 10^exp when exp < 0, always with a 5. The
    // rounding digit sits at 10^(decpt-1-n), or one lower when rounding carried into a new
    // leading digit. An integer (exp >= 0) ties only if it has more than n digits and is
    // divisible by that power of ten, so by the same power of two.
    const exp = decompose(a).exp;
    const tieAt = d.decpt - 1 - n;
    const maybeTie = exp < 0 ? exp === tieAt || exp === tieAt - 1 : tieAt >= 0 && exp >= tieAt - 1;
    if (!maybeTie) return d;
  }
  return exactDigits(a, true, n);
}

/** dtoa mode 3: `a` >= 0 rounded half to even to `n` digits after the point (n < 0 rounds to tens, hundreds...). */
export function fixedDigits(a: number, n: number): Digits {
  if (a === 0) return ZERO;
  if (n >= 0 && n <= 100 && a < 1e21) {
    // A fraction's expansion has exactly -exp digits after the point, the last a 5: a tie
    // exactly when that is digit n + 1. Integers never tie here.
    const exp = decompose(a).exp;
    if (exp >= 0 || -exp !== n + 1) return fromFixed(a.toFixed(n));
  }
  return exactDigits(a, false, n);
}

/** Digits of toExponential's "d.ddde+N". */
function fromExponential(s: string): Digits {
  const e = s.indexOf("e");
  let end = e;
  while (end > 1 && s.charCodeAt(end - 1) === 48 /* 0 */) end--;
  const digits = end > 2 ? s[0] + s.slice(2, end) : s[0];
  return { digits, decpt: Number(s.slice(e + 1)) + 1 };
}

/** Digits of toFixed's "iii.fff" (or "iii"). */
function fromFixed(s: string): Digits {
  const dot = s.indexOf(".");
  const all = dot < 0 ? s : s.slice(0, dot) + s.slice(dot + 1);
  let decpt = dot < 0 ? s.length : dot;
  let start = 0;
  while (start < all.length && all.charCodeAt(start) === 48) start++;
  let end = all.length;
  while (end > start && all.charCodeAt(end - 1) === 48) end--;
  if (start === end) return ZERO;
  decpt -= start;
  return { digits: all.slice(start, end), decpt };
}

/** The exact decimal expansion of a > 0 (a BigInt), rounded half to even. */
function exactDigits(a: number, significant: boolean, n: number): Digits {
  const { mant, exp } = decompose(a);
  let s: string;
  let decpt: number;
  if (exp >= 0) {
    s = (BigInt(mant) << BigInt(exp)).toString();
    decpt = s.length;
  } else {
    // mant / 2^k = mant·5^k / 10^k
    s = (BigInt(mant) * 5n ** BigInt(-exp)).toString();
    decpt = s.length + exp;
  }
  return roundDigits(s, decpt, significant ? n : decpt + n);
}

/** Keeps the first `keep` digits of the exact expansion 0.s × 10^decpt, ties to even. */
function roundDigits(s: string, decpt: number, keep: number): Digits {
  if (keep >= s.length) return trimmed(s, decpt);
  if (keep < 0) return ZERO;
  const next = s.charCodeAt(keep);
  let up = next > 53; /* '5' */
  if (next === 53) {
    up = keep > 0 && (s.charCodeAt(keep - 1) & 1) === 1; // odd digit: '1' is 49
    for (let i = keep + 1; !up && i < s.length; i++) up = s.charCodeAt(i) !== 48;
  }
  if (!up) return keep === 0 ? ZERO : trimmed(s.slice(0, keep), decpt);
  let i = keep - 1;
  while (i >= 0 && s.charCodeAt(i) === 57 /* 9 */) i--;
  if (i < 0) return { digits: "1", decpt: decpt + 1 }; // 999.. carried into a new leading digit
  return { digits: s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) + 1), decpt };
}

function trimmed(s: string, decpt: number): Digits {
  let end = s.length;
  while (end > 1 && s.charCodeAt(end - 1) === 48) end--;
  return { digits: end === s.length ? s : s.slice(0, end), decpt };
}

const scratch = new DataView(new ArrayBuffer(8));

/** A finite a > 0 as mant·2^exp with mant an odd integer (< 2^53). */
export function decompose(a: number): { mant: number; exp: number } {
  scratch.setFloat64(0, a);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const top = biased === 0 ? hi & 0xfffff : (hi & 0xfffff) | 0x100000; // implicit leading bit
  const tz = lo !== 0 ? ctz32(lo) : 32 + ctz32(top);
  return { mant: (top * 4294967296 + lo) / 2 ** tz, exp: (biased === 0 ? -1074 : biased - 1075) + tz };
}

function ctz32(v: number): number {
  return 31 - Math.clz32(v & -v);
}
