/**
 * printf-style `str % args`, as CPython 3.11's PyUnicode_Format (Objects/unicodeobject.c):
 *
 *     %[(key)][flags][width][.precision][length]type    flags: - + space # 0;  * takes an argument
 *
 * with conversions s r a d i u o x X e E f F g G c and %%. The interpreter describes each
 * argument as a FmtArg (its kind, numeric value, str() and repr()); this module does the rest,
 * with CPython's error types and messages. Lengths and indices count code points.
 */
import { PyError } from "./py_error.js";
import { DTSF_ALT, doubleToString, type FloatStyle } from "./float_repr.js";
import { floatToInt, intToFloat, intToStr } from "./int_math.js";
import { codePointLength, codePointPrefix } from "./format_spec.js";

/** One operand of `%`. */
export interface FmtArg {
  /** "int" covers bool (with str() "True"); "other" is anything that is not a number or a str. */
  kind: "int" | "float" | "str" | "other";
  int?: bigint;
  float?: number;
  str(): string;
  repr(): string;
  /** Python's type name, for error messages: 'int', 'bool', 'list', 'NoneType'... */
  typeName: string;
  /**
   * Present when the right operand is a mapping in CPython's sense (any type with __getitem__
   * other than tuple and str: dict, but also list): it enables `%(key)s`, and a mapping that is
   * never consumed raises no "not all arguments converted".
   */
  getItem?(key: string): FmtArg;
}

const F_LJUST = 1;
const F_SIGN = 2;
const F_BLANK = 4;
const F_ALT = 8;
const F_ZERO = 16;

const SSIZE_MAX = 9223372036854775807;
const INT_MAX = 2147483647;

/**
 * fmt % args. A tuple right operand is `args` with isTuple; any other value is a single
 * element array with isTuple false.
 */
export function percentFormat(fmt: string, args: FmtArg[], isTuple: boolean): string {
  return new Formatter(fmt, args, isTuple).run();
}

class Formatter {
  private out = "";
  private pos = 0;
  /** CPython's argidx/arglen: a lone (non-tuple) argument is arglen -1, argidx -2 until used. */
  private argIndex: number;
  private argCount: number;
  private current: FmtArg;
  private readonly dict: FmtArg | undefined;

  constructor(
    private readonly fmt: string,
    private readonly args: FmtArg[],
    isTuple: boolean,
  ) {
    this.argIndex = isTuple ? 0 : -2;
    this.argCount = isTuple ? args.length : -1;
    this.current = args[0];
    this.dict = !isTuple && args[0].getItem ? args[0] : undefined;
  }

  run(): string {
    const fmt = this.fmt;
    while (this.pos < fmt.length) {
      const next = fmt.indexOf("%", this.pos);
      if (next < 0) {
        this.out += fmt.slice(this.pos);
        break;
      }
      this.out += fmt.slice(this.pos, next);
      this.pos = next + 1;
      this.conversion();
    }
    if (this.argIndex < this.argCount && !this.dict) throw notAllConverted();
    return this.out;
  }

  private nextArg(): FmtArg {
    if (this.argIndex < this.argCount) {
      this.argIndex++;
      return this.argCount < 0 ? this.current : this.args[this.argIndex - 1];
    }
    throw new PyError("TypeError", "not enough arguments for format string");
  }

  /** The code point at pos, advancing past it; undefined at the end ("incomplete format"). */
  private read(): string | undefined {
    if (this.pos >= this.fmt.length) return undefined;
    const c = this.fmt.codePointAt(this.pos)!;
    const ch = c > 0xffff ? this.fmt.slice(this.pos, this.pos + 2) : this.fmt[this.pos];
    this.pos += ch.length;
    return ch;
  }

  /** One %-conversion; pos is just past the '%'. */
  private conversion(): void {
    const fmt = this.fmt;
    if (fmt[this.pos] === "%") {
      this.pos++;
      this.out += "%";
      return;
    }
    if (fmt[this.pos] === "(") this.mappingKey();

    let flags = 0;
    let ch = this.read();
    for (;; ch = this.read()) {
      if (ch === "-") flags |= F_LJUST;
      else if (ch === "+") flags |= F_SIGN;
      else if (ch === " ") flags |= F_BLANK;
      else if (ch === "#") flags |= F_ALT;
      else if (ch === "0") flags |= F_ZERO;
      else break;
    }

    let width = -1;
    if (ch === "*") {
      width = this.starArgument();
      if (width < 0) {
        flags |= F_LJUST;
        width = -width;
      }
      ch = this.read();
    } else if (ch !== undefined && isDigit(ch)) {
      width = 0;
      for (; ch !== undefined && isDigit(ch); ch = this.read()) {
        const d = ch.charCodeAt(0) - 48;
        if (width > (SSIZE_MAX - d) / 10) throw new PyError("ValueError", "width too big");
        width = width * 10 + d;
      }
    }

    let precision = -1;
    if (ch === ".") {
      precision = 0;
      ch = this.read();
      if (ch === "*") {
        precision = Math.max(0, this.starArgument());
        ch = this.read();
      } else {
        for (; ch !== undefined && isDigit(ch); ch = this.read()) {
          const d = ch.charCodeAt(0) - 48;
          if (precision > (INT_MAX - d) / 10) throw new PyError("ValueError", "precision too big");
          precision = precision * 10 + d;
        }
      }
    }
    if (ch === "h" || ch === "l" || ch === "L") ch = this.read(); // C length modifiers: ignored
    if (ch === undefined) throw new PyError("ValueError", "incomplete format");

    const arg = this.nextArg(); // taken before the type is checked, as CPython does
    const [text, numeric] = convert(arg, ch, flags, precision, fmt, this.pos - ch.length);
    this.out += output(text, ch, flags, width, precision, numeric);
    if (this.dict && this.argIndex < this.argCount) throw notAllConverted();
  }

  /** `%(key)`: the argument becomes dict[key]; the key may contain balanced parentheses. */
  private mappingKey(): void {
    if (!this.dict) throw new PyError("TypeError", "format requires a mapping");
    const fmt = this.fmt;
    const start = ++this.pos;
    let depth = 1;
    while (depth > 0 && this.pos < fmt.length) {
      const c = fmt[this.pos++];
      if (c === ")") depth--;
      else if (c === "(") depth++;
    }
    if (depth > 0) throw new PyError("ValueError", "incomplete format key");
    this.current = this.dict.getItem!(fmt.slice(start, this.pos - 1));
    this.argCount = -1;
    this.argIndex = -2;
  }

  /** A `*` width or precision: the next argument, which must be an int. */
  private starArgument(): number {
    const arg = this.nextArg();
    if (arg.kind !== "int") throw new PyError("TypeError", "* wants int");
    const v = arg.int!;
    if (v > BigInt(SSIZE_MAX) || v < -BigInt(SSIZE_MAX) - 1n) {
      throw new PyError("OverflowError", "Python int too large to convert to C ssize_t");
    }
    return Number(v);
  }
}

function notAllConverted(): PyError {
  return new PyError("TypeError", "not all arguments converted during string formatting");
}

function isDigit(ch: string): boolean {
  return ch >= "0" && ch <= "9";
}

/**
 * The converted text of one argument, and whether it is numeric (signs and '0' padding apply).
 * `at` is where `ch` sits in `fmt`, for the error message.
 */
function convert(arg: FmtArg, ch: string, flags: number, precision: number, fmt: string, at: number): [string, boolean] {
  switch (ch) {
    case "s":
      return [arg.str(), false];
    case "r":
      return [arg.repr(), false];
    case "a":
      return [asciiEscaped(arg.repr()), false];
    case "d": case "i": case "u": case "o": case "x": case "X":
      return [formatLong(integerOf(arg, ch), ch, (flags & F_ALT) !== 0, precision), true];
    case "e": case "E": case "f": case "F": case "g": case "G": {
      const x = realOf(arg);
      return [doubleToString(x, ch as FloatStyle, precision < 0 ? 6 : precision, flags & F_ALT ? DTSF_ALT : 0), true];
    }
    case "c":
      return [charOf(arg), false];
  }
  const c = ch.codePointAt(0)!;
  const shown = c >= 31 && c <= 126 ? ch : "?";
  const index = codePointLength(fmt.slice(0, at));
  throw new PyError("ValueError", `unsupported format character '${shown}' (0x${c.toString(16)}) at index ${index}`);
}

/** mainformatlong's conversions: floats truncate for d/i/u; o/x/X want a true integer. */
function integerOf(arg: FmtArg, ch: string): bigint {
  if (arg.kind === "int") return arg.int!;
  if (arg.kind === "float") {
    if (ch === "d" || ch === "i" || ch === "u") return floatToInt(arg.float!);
    throw new PyError("TypeError", `%${ch} format: an integer is required, not ${arg.typeName}`);
  }
  const wanted = ch === "o" || ch === "x" || ch === "X" ? "an integer" : "a real number";
  throw new PyError("TypeError", `%${ch} format: ${wanted} is required, not ${arg.typeName}`);
}

function realOf(arg: FmtArg): number {
  if (arg.kind === "float") return arg.float!;
  if (arg.kind === "int") return intToFloat(arg.int!);
  throw new PyError("TypeError", `must be real number, not ${arg.typeName}`);
}

function charOf(arg: FmtArg): string {
  if (arg.kind === "str") {
    const s = arg.str();
    if (codePointLength(s) === 1) return s;
  } else if (arg.kind === "int") {
    const v = arg.int!;
    if (v < 0n || v > 0x10ffffn) throw new PyError("OverflowError", "%c arg not in range(0x110000)");
    return String.fromCodePoint(Number(v));
  }
  throw new PyError("TypeError", "%c requires int or char");
}

/** _PyUnicode_FormatLong: sign, "0x"/"0o" only with '#', digits zero-padded to the precision. */
function formatLong(v: bigint, ch: string, alt: boolean, precision: number): string {
  const magnitude = v < 0n ? -v : v;
  let digits: string;
  let prefix = "";
  switch (ch) {
    case "o":
      digits = magnitude.toString(8);
      if (alt) prefix = "0o";
      break;
    case "x":
      digits = magnitude.toString(16);
      if (alt) prefix = "0x";
      break;
    case "X":
      digits = magnitude.toString(16).toUpperCase();
      if (alt) prefix = "0X";
      break;
    default:
      digits = intToStr(magnitude, 10);
  }
  if (precision > digits.length) digits = "0".repeat(precision - digits.length) + digits;
  return (v < 0n ? "-" : "") + prefix + digits;
}

/**
 * unicode_format_arg_output: truncation of s/r/a to the precision, the sign (a '+' or ' '
 * flag for numbers), the '#' prefix, and padding — zeros go between sign/prefix and digits.
 */
function output(text: string, ch: string, flags: number, width: number, precision: number, numeric: boolean): string {
  let len = codePointLength(text);
  if ((width === -1 || width <= len) && (precision === -1 || precision >= len) && !(flags & (F_SIGN | F_BLANK))) {
    return text;
  }
  if ((ch === "s" || ch === "r" || ch === "a") && precision >= 0 && len > precision) {
    text = codePointPrefix(text, precision);
    len = precision;
  }
  const fill = numeric && flags & F_ZERO ? "0" : " ";
  let start = 0;
  let sign = "";
  if (numeric) {
    if (text[0] === "-" || text[0] === "+") {
      sign = text[0];
      len--;
      start = 1;
    } else if (flags & F_SIGN) sign = "+";
    else if (flags & F_BLANK) sign = " ";
  }
  if (width < len) width = len;
  if (sign !== "" && width > len) width--;
  const prefixed = (flags & F_ALT) !== 0 && (ch === "x" || ch === "X" || ch === "o");
  let prefix = "";
  if (prefixed) {
    prefix = text.slice(start, start + 2);
    start += 2;
    width = Math.max(0, width - 2);
    len -= 2;
  }
  const body = text.slice(start);
  const left = width > len && !(flags & F_LJUST) ? fill.repeat(width - len) : "";
  const right = width > len && flags & F_LJUST ? " ".repeat(width - len) : "";
  // zero fill goes after the sign and prefix, space fill before them
  return fill === "0" ? sign + prefix + left + body + right : left + sign + prefix + body + right;
}

/** ascii(): a repr with every non-ASCII character escaped (\xhh, \uhhhh, \Uhhhhhhhh). */
export function asciiEscaped(repr: string): string {
  let out = "";
  for (const ch of repr) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out += ch;
    else if (c <= 0xff) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c <= 0xffff) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += "\\U" + c.toString(16).padStart(8, "0");
  }
  return out;
}
