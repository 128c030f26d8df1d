/**
 * The format-spec mini-language that format(), str.format and f-strings share, for int, bool,
 * float and str, as CPython 3.11's Python/formatter_unicode.c implements it:
 *
 *     [[fill]align][sign][z][#][0][width][grouping][.precision][type]
 *
 * A number is laid out as  [lpad][sign][prefix][spad | zero-padded grouped digits][tail][rpad]
 * where the tail is the decimal point and what follows (fraction, exponent, '%'). Widths count
 * code points. Errors carry CPython's exact ValueError messages, including the type name
 * ('int', 'bool', 'float', 'str') where CPython names it.
 */
import { PyError } from "./py_error.js";
import { DTSF_ADD_DOT_0, DTSF_ALT, DTSF_NO_NEG_0, doubleToString, floatRepr, type FloatStyle } from "./float_repr.js";
import { intToFloat, intToStr } from "./int_math.js";

interface Spec {
  fill: string;
  /** '<', '>', '^', '=' */
  align: string;
  /** '+', '-', ' ' or "" */
  sign: string;
  noNeg0: boolean;
  alt: boolean;
  /** -1 when absent */
  width: number;
  /** ',' or '_' or "" */
  separator: string;
  /** 3, or 4 for '_' with b/o/x/X */
  groupSize: number;
  /** -1 when absent */
  precision: number;
  /** one code point, "" for none */
  type: string;
}

const SSIZE_MAX = 9223372036854775807;
const INT_MAX = 2147483647;

/** format(v, spec) for an int (and for a bool with a non-empty spec: typeName 'bool'). */
export function formatInt(v: bigint, spec: string, typeName = "int"): string {
  if (spec === "") return intToStr(v, 10);
  const s = parseSpec(spec, typeName, ">", "d");
  switch (s.type) {
    case "b": case "c": case "d": case "o": case "x": case "X": case "n":
      return formatIntegral(v, s);
    case "e": case "E": case "f": case "F": case "g": case "G": case "%":
      return formatReal(intToFloat(v), s);
  }
  throw unknownType(s.type, typeName);
}

/** format(b, spec) for a bool: str(b) for an empty spec, else int's formatting of 1 or 0. */
export function formatBool(b: boolean, spec: string): string {
  if (spec === "") return b ? "True" : "False";
  return formatInt(b ? 1n : 0n, spec, "bool");
}

/** format(x, spec) for a float. */
export function formatFloat(x: number, spec: string): string {
  if (spec === "") return floatRepr(x);
  const s = parseSpec(spec, "float", ">", "");
  switch (s.type) {
    case "": case "e": case "E": case "f": case "F": case "g": case "G": case "n": case "%":
      return formatReal(x, s);
  }
  throw unknownType(s.type, "float");
}

/** format(s, spec) for a str. */
export function formatStr(str: string, spec: string): string {
  if (spec === "") return str;
  const s = parseSpec(spec, "str", "<", "s");
  if (s.type !== "s") throw unknownType(s.type, "str");
  if (s.sign === " ") throw new PyError("ValueError", "Space not allowed in string format specifier");
  if (s.sign !== "") throw new PyError("ValueError", "Sign not allowed in string format specifier");
  if (s.noNeg0) {
    throw new PyError("ValueError", "Negative zero coercion (z) not allowed in string format specifier");
  }
  if (s.alt) throw new PyError("ValueError", "Alternate form (#) not allowed in string format specifier");
  if (s.align === "=") throw new PyError("ValueError", "'=' alignment not allowed in string format specifier");
  let text = str;
  let len = codePointLength(str);
  if (s.precision >= 0 && len > s.precision) {
    text = codePointPrefix(str, s.precision);
    len = s.precision;
  }
  return pad(text, len, s.width, s.align, s.fill);
}

// ---- parsing ------------------------------------------------------------------------------

function isAlign(c: string | undefined): boolean {
  return c === "<" || c === ">" || c === "=" || c === "^";
}

/** parse_internal_render_format_spec */
function parseSpec(spec: string, typeName: string, defaultAlign: string, defaultType: string): Spec {
  const s: Spec = {
    fill: " ", align: defaultAlign, sign: "", noNeg0: false, alt: false,
    width: -1, separator: "", groupSize: 3, precision: -1, type: defaultType,
  };
  let i = 0;
  // the fill is one code point, possibly a surrogate pair
  const fillEnd = spec.length > 1 && isSurrogatePair(spec, 0) ? 2 : 1;
  let fillGiven = false;
  let alignGiven = false;
  if (spec.length > fillEnd && isAlign(spec[fillEnd])) {
    s.fill = spec.slice(0, fillEnd);
    s.align = spec[fillEnd];
    fillGiven = alignGiven = true;
    i = fillEnd + 1;
  } else if (isAlign(spec[0])) {
    s.align = spec[0];
    alignGiven = true;
    i = 1;
  }
  if (spec[i] === "+" || spec[i] === "-" || spec[i] === " ") s.sign = spec[i++];
  if (spec[i] === "z") {
    s.noNeg0 = true;
    i++;
  }
  if (spec[i] === "#") {
    s.alt = true;
    i++;
  }
  if (!fillGiven && spec[i] === "0") {
    // a leading 0 means zero padding after the sign, unless an alignment was given
    s.fill = "0";
    if (!alignGiven && defaultAlign === ">") s.align = "=";
    i++;
  }
  let start = i;
  i = skipDigits(spec, i);
  if (i > start) s.width = readCount(spec, start, i);
  if (spec[i] === ",") {
    s.separator = ",";
    i++;
  }
  if (spec[i] === "_") {
    if (s.separator !== "") throw new PyError("ValueError", "Cannot specify both ',' and '_'.");
    s.separator = "_";
    i++;
  }
  if (spec[i] === "," && s.separator === "_") throw new PyError("ValueError", "Cannot specify both ',' and '_'.");
  if (spec[i] === ".") {
    start = ++i;
    i = skipDigits(spec, i);
    if (i === start) throw new PyError("ValueError", "Format specifier missing precision");
    s.precision = readCount(spec, start, i);
  }
  const rest = spec.length - i;
  if (rest > 1 && !(rest === 2 && isSurrogatePair(spec, i))) {
    throw new PyError("ValueError", `Invalid format specifier '${spec}' for object of type '${typeName}'`);
  }
  if (rest > 0) s.type = spec.slice(i);
  if (s.separator !== "") checkSeparator(s);
  return s;
}

function checkSeparator(s: Spec): void {
  switch (s.type) {
    case "d": case "e": case "f": case "g": case "E": case "G": case "%": case "F": case "":
      return;
    case "b": case "o": case "x": case "X":
      if (s.separator === "_") {
        s.groupSize = 4; // PEP 515: every four digits in bin/oct/hex
        return;
      }
  }
  throw new PyError("ValueError", `Cannot specify '${s.separator}' with ${quotedCode(s.type)}.`);
}

function skipDigits(spec: string, i: number): number {
  while (i < spec.length && spec.charCodeAt(i) >= 48 && spec.charCodeAt(i) <= 57) i++;
  return i;
}

function readCount(spec: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = spec.charCodeAt(i) - 48;
    if (n > (SSIZE_MAX - d) / 10) throw new PyError("ValueError", "Too many decimal digits in format string");
    n = n * 10 + d;
  }
  return n;
}

function isSurrogatePair(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
}

/** 'x' for printable ASCII, else '\x1f' as CPython's "%c or \\x%x" fallbacks write it. */
function quotedCode(type: string): string {
  const c = type.codePointAt(0)!;
  return c > 32 && c < 128 ? `'${type}'` : `'\\x${c.toString(16)}'`;
}

function unknownType(type: string, typeName: string): PyError {
  return new PyError("ValueError", `Unknown format code ${quotedCode(type)} for object of type '${typeName}'`);
}

// ---- numbers ------------------------------------------------------------------------------

/** format_long_internal: b c d o x X n */
function formatIntegral(v: bigint, s: Spec): string {
  if (s.precision !== -1) throw new PyError("ValueError", "Precision not allowed in integer format specifier");
  if (s.noNeg0) {
    throw new PyError("ValueError", "Negative zero coercion (z) not allowed in integer format specifier");
  }
  if (s.type === "c") {
    if (s.sign !== "") throw new PyError("ValueError", "Sign not allowed with integer format specifier 'c'");
    if (s.alt) throw new PyError("ValueError", "Alternate form (#) not allowed with integer format specifier 'c'");
    if (v < -(2n ** 63n) || v >= 2n ** 63n) {
      throw new PyError("OverflowError", "Python int too large to convert to C long");
    }
    if (v < 0n || v > 0x10ffffn) throw new PyError("OverflowError", "%c arg not in range(0x110000)");
    // a character is not digits: no grouping, only padding
    return layoutNumber(s, false, "", "", String.fromCodePoint(Number(v)));
  }
  const negative = v < 0n;
  const magnitude = negative ? -v : v;
  let digits: string;
  let prefix = "";
  switch (s.type) {
    case "b":
      digits = magnitude.toString(2);
      if (s.alt) prefix = "0b";
      break;
    case "o":
      digits = magnitude.toString(8);
      if (s.alt) prefix = "0o";
      break;
    case "x":
      digits = magnitude.toString(16);
      if (s.alt) prefix = "0x";
      break;
    case "X":
      digits = magnitude.toString(16).toUpperCase();
      if (s.alt) prefix = "0X";
      break;
    default: // d, n ('n' groups by the locale, and CPython's is "C": no grouping)
      digits = intToStr(magnitude, 10);
  }
  return layoutNumber(s, negative, prefix, digits, "");
}

/** format_float_internal: '' e E f F g G n % (ints arrive converted). */
function formatReal(x: number, s: Spec): string {
  if (s.precision > INT_MAX) throw new PyError("ValueError", "precision too big");
  let flags = (s.alt ? DTSF_ALT : 0) | (s.noNeg0 ? DTSF_NO_NEG_0 : 0);
  let style: FloatStyle;
  let precision = s.precision;
  let percent = false;
  switch (s.type) {
    case "":
      // like repr without a precision; with one, like 'g' but never without a digit after the point
      flags |= DTSF_ADD_DOT_0;
      style = precision < 0 ? "r" : "g";
      if (precision < 0) precision = 0;
      break;
    case "%":
      style = "f";
      x *= 100;
      percent = true;
      break;
    case "n":
      style = "g";
      break;
    default:
      style = s.type as FloatStyle;
  }
  if (precision < 0) precision = 6;
  let body = doubleToString(x, style, precision, flags);
  if (percent) body += "%";
  if (s.width === -1 && s.separator === "" && s.sign !== "+" && s.sign !== " ") return body;
  const negative = body.charCodeAt(0) === 45; /* - */
  if (negative) body = body.slice(1);
  let end = 0;
  while (end < body.length && body.charCodeAt(end) >= 48 && body.charCodeAt(end) <= 57) end++;
  return layoutNumber(s, negative, "", body.slice(0, end), body.slice(end));
}

/** calc_number_widths + fill_number. `tail` is ASCII except for the 'c' type's one character. */
function layoutNumber(s: Spec, negative: boolean, prefix: string, digits: string, tail: string): string {
  const sign = negative ? "-" : s.sign === "+" ? "+" : s.sign === " " ? " " : "";
  const tailLength = codePointLength(tail);
  const fixed = sign.length + prefix.length + tailLength;
  // zero padding ('0' fill with '=') is made of digits, so the separators run through it
  const minWidth = s.fill === "0" && s.align === "=" ? s.width - fixed : 0;
  const grouped = digits === "" ? "" : groupDigits(digits, minWidth, s.separator, s.groupSize);
  const padding = s.width - (fixed + grouped.length);
  if (padding <= 0) return sign + prefix + grouped + tail;
  const fill = s.fill.repeat(padding);
  switch (s.align) {
    case "<":
      return sign + prefix + grouped + tail + fill;
    case "^": {
      const left = padding >> 1;
      return s.fill.repeat(left) + sign + prefix + grouped + tail + s.fill.repeat(padding - left);
    }
    case "=":
      return sign + prefix + fill + grouped + tail;
    default:
      return fill + sign + prefix + grouped + tail;
  }
}

/**
 * _PyUnicode_InsertThousandsGrouping: separators every `size` digits from the right; zeros
 * are added on the left (separated too) until `minWidth` characters are reached.
 */
function groupDigits(digits: string, minWidth: number, separator: string, size: number): string {
  if (separator === "") return minWidth > digits.length ? "0".repeat(minWidth - digits.length) + digits : digits;
  const groups: string[] = [];
  let remaining = digits.length;
  let min = Math.max(0, minWidth);
  for (;;) {
    const len = Math.min(size, Math.max(remaining, min, 1));
    const chars = Math.min(remaining, len);
    groups.push("0".repeat(len - chars) + digits.slice(remaining - chars, remaining));
    remaining -= chars;
    min -= len;
    if (remaining <= 0 && min <= 0) break;
    min -= separator.length;
  }
  return groups.reverse().join(separator);
}

// ---- text ---------------------------------------------------------------------------------

function pad(text: string, len: number, width: number, align: string, fill: string): string {
  const padding = width - len;
  if (padding <= 0) return text;
  switch (align) {
    case ">":
      return fill.repeat(padding) + text;
    case "^": {
      const left = padding >> 1;
      return fill.repeat(left) + text + fill.repeat(padding - left);
    }
    default:
      return text + fill.repeat(padding);
  }
}

/** Length in code points (a surrogate pair is one character, as in Python). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    if (isSurrogatePair(s, i)) {
      n--;
      i++;
    }
  }
  return n;
}

/** The first n code points of s. */
export function codePointPrefix(s: string, n: number): string {
  let i = 0;
  for (let k = 0; k < n && i < s.length; k++) i += isSurrogatePair(s, i) ? 2 : 1;
  return s.slice(0, i);
}
