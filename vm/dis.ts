/**
 * The disassembler: prints a code object, then every code object nested in its constants,
 * in the text layout of CPython 3.11's `dis.dis` (Lib/dis.py: `_disassemble_bytes` and
 * `Instruction._disassemble`), so listings can be read side by side with `python3 -m dis`:
 *
 *   line  marker  offset  opname (20 wide)  arg (5 wide)  (meaning)
 *     3           >>  12  LOAD_FAST             0        (x)
 *
 * Offsets are instruction index × 2, as CPython's 2-byte wordcode; jump arguments are gilvm's
 * absolute instruction indexes, explained as `(to OFFSET)`. Code objects are shown at the fake
 * address 0x0000 so that listings are stable from run to run.
 */
import type { CodeSpec, ConstValue } from "./code_spec.js";
import {
  CMP_SYMBOLS, MF_CLOSURE, MF_DEFAULTS, MF_KWDEFAULTS, NB_SYMBOLS, OPS, Op,
} from "./opcodes.js";

const OPNAME_WIDTH = 20;
const OPARG_WIDTH = 5;

/** The whole listing: `code`, then each nested code object after a `Disassembly of …:` header. */
export function disassemble(code: CodeSpec): string {
  const out: string[] = [];
  disassembleRecursive(code, out);
  return out.join("\n") + "\n";
}

function disassembleRecursive(code: CodeSpec, out: string[]): void {
  disassembleOne(code, out);
  for (const c of code.consts) {
    if (c.type !== "code") continue;
    out.push("", `Disassembly of ${codeRepr(c.value)}:`);
    disassembleRecursive(c.value, out);
  }
}

function disassembleOne(code: CodeSpec, out: string[]): void {
  const maxLine = code.lines.reduce((m, l) => Math.max(m, l), 0);
  const lineWidth = maxLine >= 1000 ? String(maxLine).length : 3;
  const maxOffset = (code.code.length - 1) * 2;
  const offsetWidth = maxOffset >= 10000 ? String(maxOffset).length : 4;
  const targets = new Set<number>();
  for (const word of code.code) {
    if (OPS[word & 0xff].arg === "jump") targets.add(word >>> 8);
  }
  code.code.forEach((word, i) => {
    const startsLine = i === 0 || code.lines[i] !== code.lines[i - 1];
    if (startsLine && i > 0) out.push("");
    const fields = [
      startsLine ? String(code.lines[i]).padStart(lineWidth) : " ".repeat(lineWidth),
      "   ", // CPython's "current instruction" marker column
      targets.has(i) ? ">>" : "  ",
      String(i * 2).padStart(offsetWidth),
      ...instruction(code, word),
    ];
    out.push(fields.join(" ").trimEnd());
  });
}

/** The opname, argument and meaning columns. */
function instruction(code: CodeSpec, word: number): string[] {
  const { opname, arg, meaning } = describeInstruction(code, word);
  if (arg === null) return [opname];
  const fields = [opname.padEnd(OPNAME_WIDTH), String(arg).padStart(OPARG_WIDTH)];
  if (meaning !== "") fields.push(`(${meaning})`);
  return fields;
}

/** An instruction word of `code`: its opname, argument (null if it takes none) and meaning. */
export function describeInstruction(code: CodeSpec, word: number): { opname: string; arg: number | null; meaning: string } {
  const op: Op = word & 0xff;
  const arg = word >>> 8;
  const info = OPS[op];
  return { opname: info.name, arg: info.arg === "none" ? null : arg, meaning: argMeaning(code, op, arg) };
}

function argMeaning(code: CodeSpec, op: Op, arg: number): string {
  switch (OPS[op].arg) {
    case "const":
      return constRepr(code.consts[arg]);
    case "name":
      return code.names[arg];
    case "local":
      return code.varnames[arg];
    case "deref":
      return [...code.varnames, ...code.cellvars, ...code.freevars][arg];
    case "jump":
      return `to ${arg * 2}`;
    case "binop":
      return NB_SYMBOLS[arg];
    case "compare":
      return CMP_SYMBOLS[arg];
    case "is":
      return arg ? "is not" : "is";
    case "contains":
      return arg ? "not in" : "in";
    case "format": {
      const parts = [["", "str", "repr", "ascii"][arg & 3]];
      if (arg & 4) parts.push("with format");
      return parts.filter((p) => p !== "").join(", ");
    }
    case "count":
      return op === Op.MAKE_FUNCTION ? makeFunctionFlags(arg) : "";
    case "none":
      return "";
  }
}

function makeFunctionFlags(flags: number): string {
  const names: [number, string][] = [[MF_DEFAULTS, "defaults"], [MF_KWDEFAULTS, "kwdefaults"], [MF_CLOSURE, "closure"]];
  return names.filter(([bit]) => flags & bit).map(([, name]) => name).join(", ");
}

function codeRepr(code: CodeSpec): string {
  return `<code object ${code.name} at 0x0000, file "${code.filename}", line ${code.firstlineno}>`;
}

/** Python's repr() of a constant. */
function constRepr(c: ConstValue): string {
  switch (c.type) {
    case "int":
      return c.value.toString();
    case "float":
      return floatRepr(c.value);
    case "str":
      return strRepr(c.value);
    case "bool":
      return c.value ? "True" : "False";
    case "None":
      return "None";
    case "Ellipsis":
      return "Ellipsis";
    case "tuple":
      return c.value.length === 1 ? `(${constRepr(c.value[0])},)` : `(${c.value.map(constRepr).join(", ")})`;
    case "code":
      return codeRepr(c.value);
  }
}

/** repr(float): the shortest round-tripping digits, exponent form outside 1e-4 ≤ |x| < 1e16. */
function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mantissa, expText] = Math.abs(x).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const frac = digits.slice(exp + 1);
  return `${sign}${whole}.${frac === "" ? "0" : frac}`;
}

/** repr(str): single quotes unless the text has one and no double quote. */
function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}
