/**
 * Robustness of the front end: random text and mutated real programs go through the
 * tokenizer, the parser and the compiler in-process. Whatever the input, the verdict must be
 * "compiled" or a clean PySyntaxError (which must also print): any other exception is a crash
 * of gilvm's front end, and so is taking more than a moment.
 *
 * Mutations work on the token spans of a real program (delete, duplicate, swap, replace or
 * insert a token) and on its lines (delete, duplicate, re-indent), so that most inputs are
 * nearly valid Python and reach deep into the parser, where random bytes would stop at once.
 */
import { tokenize } from "../tokenizer.js";
import { parse } from "../parser.js";
import { compile } from "../compiler.js";
import { PySyntaxError, formatSyntaxError } from "../syntax_error.js";
import type { Prng } from "./prng.js";

export type FrontendVerdict =
  | { kind: "compiled"; ms: number }
  | { kind: "syntax-error"; error: PySyntaxError; printed: string; ms: number }
  | { kind: "crash"; stage: "tokenize" | "parse" | "compile" | "print"; error: string; ms: number };

/** A front-end run slower than this on a small input counts as a hang. */
export const SLOW_MS = 2000;

export function checkFrontend(source: string, filename = "fuzz.py"): FrontendVerdict {
  const t0 = performance.now();
  const ms = () => performance.now() - t0;
  let stage: "tokenize" | "parse" | "compile" | "print" = "tokenize";
  try {
    tokenize(source, filename);
    stage = "parse";
    const module = parse(source, filename);
    stage = "compile";
    compile(module, filename, source);
    return { kind: "compiled", ms: ms() };
  } catch (e) {
    if (e instanceof PySyntaxError) {
      stage = "print";
      try {
        return { kind: "syntax-error", error: e, printed: formatSyntaxError(e), ms: ms() };
      } catch (printError) {
        return { kind: "crash", stage, error: describe(printError), ms: ms() };
      }
    }
    return { kind: "crash", stage, error: describe(e), ms: ms() };
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}\n${(e.stack ?? "").split("\n").slice(1, 6).join("\n")}`;
  return String(e);
}

const KEYWORDS = [
  "def", "class", "if", "elif", "else", "while", "for", "in", "try", "except", "finally", "with", "as", "return",
  "yield", "lambda", "global", "nonlocal", "import", "from", "pass", "break", "continue", "raise", "del", "assert",
  "not", "and", "or", "is", "None", "True", "False", "async", "await", "match", "case", "print", "self", "x",
];
const OPERATORS = [
  "(", ")", "[", "]", "{", "}", ":", ",", ";", ".", "=", "==", "+", "-", "*", "**", "/", "//", "%", "@", "<", ">",
  "<=", ">=", "!=", "->", ":=", "+=", "|", "&", "^", "~", "<<", ">>", "...", "\\", "!", "$", "?", "`",
];
const FRAGMENTS = [
  "'", '"', "'''", '"""', "f'", 'f"{', "}", "rb'", "0x", "1e", "1_", "0o8", "1.2.3", "#", "\n", "\n    ", "\t", " ",
  "\r", "\r\n", "\f", "\v", "\0", "\ufeff", "é", "日本", "😀", "\ud800", "\udc00", "\u00a0", "\u200b", "{x!r:>{w}}", "\\N{", "\\x",
];

/** Random text built from Python's vocabulary and troublesome characters. */
export function randomSource(rng: Prng): string {
  const parts: string[] = [];
  const n = rng.int(0, 60);
  for (let i = 0; i < n; i++) {
    const kind = rng.weighted([[4, 0], [4, 1], [3, 2], [2, 3], [1, 4]] as const);
    switch (kind) {
      case 0: parts.push(rng.pick(KEYWORDS)); break;
      case 1: parts.push(rng.pick(OPERATORS)); break;
      case 2: parts.push(rng.pick(FRAGMENTS)); break;
      case 3: parts.push(String(rng.int(0, 10 ** rng.int(1, 9)))); break;
      case 4: parts.push(String.fromCharCode(rng.int(0, 0xffff))); break;
    }
    if (rng.chance(0.6)) parts.push(rng.pick([" ", " ", "\n", ""]));
  }
  return parts.join("");
}

/** Random bytes read as text the way a file would be: UTF-8, malformed sequences replaced. */
export function randomBytesSource(rng: Prng): string {
  const bytes = new Uint8Array(rng.int(0, 300));
  for (let i = 0; i < bytes.length; i++) bytes[i] = rng.chance(0.7) ? rng.int(0x20, 0x7e) : rng.int(0, 255);
  return new TextDecoder("utf-8").decode(bytes);
}

interface Span {
  start: number;
  end: number;
  text: string;
}

/** The source spans of a program's tokens that have text (not INDENT/DEDENT/NEWLINE). */
function tokenSpans(source: string): { text: string; spans: Span[] } {
  const stream = tokenize(source, "fuzz.py");
  const text = stream.source;
  const spans: Span[] = [];
  // columns count code points: convert them to UTF-16 offsets line by line
  const offsetOf = (lineno: number, col: number): number => {
    const i = lineno - stream.firstLine;
    const start = i < stream.lineStarts.length ? stream.lineStarts[i] : text.length;
    let off = start;
    for (let c = 0; c < col && off < text.length; c++) off += text.codePointAt(off)! > 0xffff ? 2 : 1;
    return off;
  };
  for (const t of stream.tokens) {
    if (t.value === "" || t.type === "ERRORTOKEN") continue;
    const start = offsetOf(t.lineno, t.col);
    const end = offsetOf(t.endLineno, t.endCol);
    if (end > start) spans.push({ start, end, text: text.slice(start, end) });
  }
  return { text, spans };
}

/** One random edit of `source`: on its tokens, or on its lines. */
function mutateOnce(rng: Prng, source: string): string {
  const { text, spans } = tokenSpans(source);
  const lines = text.split("\n");
  const op = rng.weighted([
    [spans.length ? 5 : 0, "delete"], [spans.length ? 3 : 0, "duplicate"], [spans.length > 1 ? 3 : 0, "swap"],
    [spans.length ? 3 : 0, "replace"], [3, "insert"], [2, "deleteLine"], [2, "duplicateLine"], [2, "indent"],
  ] as const);
  const at = spans.length ? rng.int(0, spans.length - 1) : 0;
  const s = spans[at];
  switch (op) {
    case "delete":
      return text.slice(0, s.start) + text.slice(s.end);
    case "duplicate":
      return text.slice(0, s.end) + rng.pick([" ", ""]) + s.text + text.slice(s.end);
    case "swap": {
      const a = spans[Math.min(at, spans.length - 2)];
      const b = spans[Math.min(at, spans.length - 2) + 1];
      return text.slice(0, a.start) + b.text + text.slice(a.end, b.start) + a.text + text.slice(b.end);
    }
    case "replace": {
      const other = rng.chance(0.5) ? rng.pick(spans).text : rng.pick([...KEYWORDS, ...OPERATORS, ...FRAGMENTS]);
      return text.slice(0, s.start) + other + text.slice(s.end);
    }
    case "insert": {
      const pos = spans.length ? (rng.chance(0.5) ? s.start : s.end) : rng.int(0, text.length);
      const what = rng.pick([...KEYWORDS, ...OPERATORS, ...FRAGMENTS]);
      return text.slice(0, pos) + (rng.chance(0.5) ? ` ${what} ` : what) + text.slice(pos);
    }
    case "deleteLine": {
      lines.splice(rng.int(0, lines.length - 1), 1);
      return lines.join("\n");
    }
    case "duplicateLine": {
      const i = rng.int(0, lines.length - 1);
      lines.splice(i, 0, lines[i]);
      return lines.join("\n");
    }
    case "indent": {
      const i = rng.int(0, lines.length - 1);
      lines[i] = rng.chance(0.5) ? rng.pick(["    ", "\t", " ", "        "]) + lines[i] : lines[i].replace(/^\s{1,4}/, "");
      return lines.join("\n");
    }
  }
}

/** A real program with one to three random edits. */
export function mutate(rng: Prng, source: string): string {
  let out = source;
  for (let i = rng.int(1, 3); i > 0; i--) out = mutateOnce(rng, out);
  return out;
}
