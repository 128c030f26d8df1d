/**
 * Python int semantics on JavaScript bigint, with CPython 3.11's exception types and messages:
 * floor division and modulo, powers (and three-argument pow), true division correctly rounded
 * to a float, conversions between int, float and text (str/bin/oct/hex, int(str, base)),
 * shifts, round(int, n), isqrt and gcd. Pure functions: the VM converts heap ints to bigint.
 *
 * Also here, because int() and float() read text the same way: the step that maps Unicode
 * digits and spaces to ASCII (`asciiNumeral`) and the str repr their error messages quote.
 */
import { PyError } from "./py_error.js";

/** CPython 3.11's default `sys.get_int_max_str_digits()`: decimal conversions beyond it fail. */
export const MAX_STR_DIGITS = 4300;
const TEN_POW_MAX_DIGITS = 10n ** BigInt(MAX_STR_DIGITS);

// ---- arithmetic -------------------------------------------------------------------------

/** a // b */
export function floorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new PyError("ZeroDivisionError", "integer division or modulo by zero");
  const q = a / b;
  // bigint division truncates toward zero; Python floors, which differs for inexact negative quotients
  return (a < 0n) !== (b < 0n) && q * b !== a ? q - 1n : q;
}

/** a % b: the result takes the divisor's sign. */
export function floorMod(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new PyError("ZeroDivisionError", "integer modulo by zero");
  const r = a % b;
  return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
}

/** divmod(a, b) */
export function intDivmod(a: bigint, b: bigint): [bigint, bigint] {
  if (b === 0n) throw new PyError("ZeroDivisionError", "integer division or modulo by zero");
  const q = floorDiv(a, b);
  return [q, a - q * b];
}

/**
 * a ** b for b >= 0. A negative exponent gives a float in Python: the caller converts both
 * operands with intToFloat and uses floatPow, as CPython's long_pow hands over to float_pow.
 */
export function intPow(a: bigint, b: bigint): bigint {
  if (b < 0n) throw new RangeError("intPow: negative exponent belongs to floatPow");
  if (a === 0n || a === 1n) return b === 0n ? 1n : a;
  if (a === -1n) return b & 1n ? -1n : 1n;
  return withinBigIntLimits(() => a ** b);
}

/** pow(a, b, m), including 3.8+'s modular inverse for b < 0. */
export function intPowMod(a: bigint, b: bigint, m: bigint): bigint {
  if (m === 0n) throw new PyError("ValueError", "pow() 3rd argument cannot be 0");
  const negativeModulus = m < 0n;
  if (negativeModulus) m = -m;
  if (m === 1n) return 0n;
  let base = floorMod(a, m);
  if (b < 0n) {
    base = modInverse(base, m);
    b = -b;
  }
  let result = 1n;
  while (b > 0n) {
    if (b & 1n) result = (result * base) % m;
    base = (base * base) % m;
    b >>= 1n;
  }
  // CPython computes modulo |m| and then moves a nonzero result into (m, 0]
  return negativeModulus && result !== 0n ? result - m : result;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new PyError("ValueError", "base is not invertible for the given modulus");
  return floorMod(oldS, m);
}

/** a << n */
export function shiftLeft(a: bigint, n: bigint): bigint {
  if (n < 0n) throw new PyError("ValueError", "negative shift count");
  if (a === 0n) return 0n;
  return withinBigIntLimits(() => a << n);
}

/** a >> n (floors, like Python, for negative a) */
export function shiftRight(a: bigint, n: bigint): bigint {
  if (n < 0n) throw new PyError("ValueError", "negative shift count");
  if (n > BigInt(intBitLength(a))) return a < 0n ? -1n : 0n;
  return a >> n;
}

/** CPython raises MemoryError where V8 refuses a BigInt over its size limit. */
function withinBigIntLimits(compute: () => bigint): bigint {
  try {
    return compute();
  } catch (e) {
    if (e instanceof RangeError) throw new PyError("MemoryError", "");
    throw e;
  }
}

/** int.bit_length(): bits of |a|. */
export function intBitLength(a: bigint): number {
  if (a < 0n) a = -a;
  if (a < 4294967296n) return 32 - Math.clz32(Number(a));
  const hex = a.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(Number.parseInt(hex[0], 16)));
}

/** math.isqrt(n) */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new PyError("ValueError", "isqrt() argument must be nonnegative");
  if (n < 4503599627370496n) {
    // below 2^52 the double square root is within one of the answer
    let r = BigInt(Math.floor(Math.sqrt(Number(n))));
    while (r * r > n) r--;
    while ((r + 1n) * (r + 1n) <= n) r++;
    return r;
  }
  // Newton's iteration from above converges monotonically to the floor
  let x = 1n << BigInt((intBitLength(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** math.gcd(*values): non-negative; gcd() is 0. */
export function gcd(...values: bigint[]): bigint {
  let g = 0n;
  for (let v of values) {
    if (v < 0n) v = -v;
    let a = g;
    while (v !== 0n) [a, v] = [v, a % v];
    g = a;
  }
  return g;
}

/** round(a, ndigits) for an int: ndigits >= 0 leaves it, below that rounds half to even. */
export function intRound(a: bigint, ndigits: bigint): bigint {
  if (ndigits >= 0n) return a;
  // a power of ten 100 times beyond |a| rounds it to 0: skip computing a huge one
  if (-ndigits > BigInt(Math.ceil(intBitLength(a) * Math.LOG10E * Math.LN2) + 1)) return 0n;
  const unit = 10n ** -ndigits;
  let q = floorDiv(a, unit);
  const twice = 2n * (a - q * unit);
  if (twice > unit || (twice === unit && q & 1n)) q += 1n;
  return q * unit;
}

// ---- int <-> float ----------------------------------------------------------------------

/** float(a): correctly rounded (bigint → number conversion rounds half to even). */
export function intToFloat(a: bigint): number {
  const x = Number(a);
  if (x === Infinity || x === -Infinity) throw new PyError("OverflowError", "int too large to convert to float");
  return x;
}

/** int(x) for a float: truncates toward zero. */
export function floatToInt(x: number): bigint {
  if (x !== x) throw new PyError("ValueError", "cannot convert float NaN to integer");
  if (x === Infinity || x === -Infinity) throw new PyError("OverflowError", "cannot convert float infinity to integer");
  return BigInt(Math.trunc(x));
}

/**
 * a / b, correctly rounded like CPython's long_true_divide: the quotient is computed with two
 * bits beyond the 53 kept (fewer kept for subnormal results) plus a sticky remainder, then
 * rounded half to even by hand.
 */
export function intTrueDiv(a: bigint, b: bigint): number {
  if (b === 0n) throw new PyError("ZeroDivisionError", "division by zero");
  const negative = (a < 0n) !== (b < 0n);
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  if (a === 0n) return negative ? -0 : 0;
  if (a <= 9007199254740992n && b <= 9007199254740992n) return (negative ? -1 : 1) * (Number(a) / Number(b));
  const diff = intBitLength(a) - intBitLength(b); // a/b lies in [2^(diff-1), 2^(diff+1))
  if (diff > 1025) throw new PyError("OverflowError", "integer division result too large for a float");
  if (diff < -1077) return negative ? -0 : 0; // below half the smallest subnormal
  // q = floor(a / 2^lsb / b) has at least 55 bits, or its lsb is 2^-1076 for subnormal results
  const lsb = Math.max(diff - 55, -1076);
  const [num, den] = lsb < 0 ? [a << BigInt(-lsb), b] : [a, b << BigInt(lsb)];
  const q = num / den;
  const inexact = q * den !== num;
  const drop = Math.max(intBitLength(q) - 53, -1074 - lsb);
  let mant = q >> BigInt(drop);
  const rest = q - (mant << BigInt(drop));
  const half = 1n << BigInt(drop - 1);
  if (rest > half || (rest === half && (inexact || mant & 1n))) mant += 1n;
  const x = ldexp(Number(mant), lsb + drop);
  if (x === Infinity) throw new PyError("OverflowError", "integer division result too large for a float");
  return negative ? -x : x;
}

/** m·2^e where the exact result is a double (or overflows): scales in exact power-of-two steps. */
export function ldexp(m: number, e: number): number {
  while (e > 1023) {
    m *= pow2(1023);
    e -= 1023;
  }
  // toward tiny results, the last multiplication is the only one that may meet subnormals
  while (e < -1022) {
    const step = Math.max(e + 1022, -1022);
    m *= pow2(step);
    e -= step;
  }
  return m * pow2(e);
}

const bits = new DataView(new ArrayBuffer(8));

/** 2^e for -1022 <= e <= 1023, built from its bit pattern (Math.pow need not be exact). */
function pow2(e: number): number {
  bits.setUint32(0, (e + 1023) << 20);
  bits.setUint32(4, 0);
  return bits.getFloat64(0);
}

// ---- int <-> text -----------------------------------------------------------------------

/** str(a) (base 10) and bin/oct/hex (with `prefix`: "-0x1f"). */
export function intToStr(a: bigint, base: 2 | 8 | 10 | 16, prefix = false): string {
  if (base === 10) {
    if (a >= TEN_POW_MAX_DIGITS || a <= -TEN_POW_MAX_DIGITS) {
      throw new PyError(
        "ValueError",
        `Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`,
      );
    }
    return a.toString();
  }
  if (!prefix) return a.toString(base);
  const marker = base === 2 ? "0b" : base === 8 ? "0o" : "0x";
  return a < 0n ? "-" + marker + (-a).toString(base) : marker + a.toString(base);
}

/** int(s, base), with CPython's PyLong_FromString rules. */
export function parseInt(s: string, base: number): bigint {
  if ((base !== 0 && base < 2) || base > 36) {
    throw new PyError("ValueError", "int() base must be >= 2 and <= 36, or 0");
  }
  const t = asciiNumeral(s);
  const invalid = () =>
    new PyError("ValueError", `invalid literal for int() with base ${base}: ${truncateCodePoints(reprStr(s), 200)}`);
  let i = 0;
  while (isAsciiSpace(t.charCodeAt(i))) i++;
  let negative = false;
  if (t[i] === "+" || t[i] === "-") negative = t[i++] === "-";
  let radix = base;
  let mustBeZero = false; // base 0 rejects "0123": old C-style octal
  if (radix === 0) {
    if (t[i] !== "0") radix = 10;
    else {
      const marker = t.charCodeAt(i + 1) | 0x20; // lower case
      radix = marker === 0x78 /* x */ ? 16 : marker === 0x6f /* o */ ? 8 : marker === 0x62 /* b */ ? 2 : 10;
      mustBeZero = radix === 10;
    }
  }
  if (t[i] === "0" && radix !== 10) {
    const marker = t.charCodeAt(i + 1) | 0x20;
    if ((radix === 16 && marker === 0x78) || (radix === 8 && marker === 0x6f) || (radix === 2 && marker === 0x62)) {
      i += 2;
      if (t[i] === "_") i++; // one underscore may follow the prefix
    }
  }
  if (t[i] === "_") throw invalid();
  let digits = "";
  let prevUnderscore = false;
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 95 /* _ */) {
      if (prevUnderscore) throw invalid();
      prevUnderscore = true;
      continue;
    }
    if (digitValue(c) >= radix) break;
    prevUnderscore = false;
    digits += t[i];
  }
  if (prevUnderscore || digits.length === 0) throw invalid();
  if ((radix & (radix - 1)) !== 0 && digits.length > MAX_STR_DIGITS) {
    throw new PyError(
      "ValueError",
      `Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits.length} digits; use sys.set_int_max_str_digits() to increase the limit`,
    );
  }
  const value = digitsToBigInt(digits, radix);
  if (mustBeZero && value !== 0n) throw invalid();
  while (isAsciiSpace(t.charCodeAt(i))) i++;
  if (i !== t.length) throw invalid();
  return negative ? -value : value;
}

function digitsToBigInt(digits: string, radix: number): bigint {
  switch (radix) {
    case 10:
      return BigInt(digits);
    case 16:
      return BigInt("0x" + digits);
    case 8:
      return BigInt("0o" + digits);
    case 2:
      return BigInt("0b" + digits);
  }
  // other bases: chunks small enough that radix^chunk stays an exact double
  const chunk = Math.floor(52 / Math.log2(radix));
  let value = 0n;
  for (let i = 0; i < digits.length; i += chunk) {
    const part = digits.slice(i, i + chunk);
    value = value * BigInt(radix) ** BigInt(part.length) + BigInt(Number.parseInt(part, radix));
  }
  return value;
}

/** 0-9, a-z, A-Z as 0..35; anything else 99 (never a digit). */
function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 122) return lower - 87;
  return 99;
}

/** C isspace in CPython's parsers: space, \t, \n, \v, \f, \r. */
export function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** str.isspace() for one code point. */
export function isPyWhitespace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

const DECIMAL_DIGIT = /\p{Nd}/u;

/**
 * CPython's _PyUnicode_TransformDecimalAndSpaceToASCII, run before int() and float() parse:
 * Unicode whitespace becomes ' ', Unicode decimal digits ('٣', '３') become ASCII digits, and
 * any other non-ASCII character ends the text with '?', which no parser accepts.
 */
export function asciiNumeral(s: string): string {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) < 127) i++;
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (const ch of s.slice(i)) {
    const c = ch.codePointAt(0)!;
    if (c < 127) out += ch;
    else if (isPyWhitespace(c)) out += " ";
    else {
      const d = decimalValue(ch);
      if (d < 0) return out + "?";
      out += String.fromCharCode(48 + d);
    }
  }
  return out;
}

/**
 * The value of a Unicode decimal digit, -1 for other characters. Unicode encodes every decimal
 * digit set as ten consecutive code points 0..9, and adjacent sets (the mathematical digits)
 * stay aligned, so the value is the distance to the start of the run, modulo 10.
 */
function decimalValue(ch: string): number {
  if (!DECIMAL_DIGIT.test(ch)) return -1;
  const c = ch.codePointAt(0)!;
  let start = c;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (c - start) % 10;
}

const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** repr() of a str, as CPython writes it (quotes, escapes, printable Unicode kept). */
export function reprStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (c === 9) out += "\\t";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c < 32 || c === 0x7f) out += "\\x" + hex(c, 2);
    else if (c < 0x7f) out += ch;
    else if (c === 0x20 || !NOT_PRINTABLE.test(ch)) out += ch;
    else if (c <= 0xff) out += "\\x" + hex(c, 2);
    else if (c <= 0xffff) out += "\\u" + hex(c, 4);
    else out += "\\U" + hex(c, 8);
  }
  return out + quote;
}

/** The first n code points of s (what CPython's "%.200R" keeps of a repr). */
export function truncateCodePoints(s: string, n: number): string {
  if (s.length <= n) return s;
  return Array.from(s).slice(0, n).join("");
}

function hex(c: number, width: number): string {
  return c.toString(16).padStart(width, "0");
}
