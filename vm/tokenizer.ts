// Source text → tokens, a hand-written scanner over char codes modelled on CPython 3.11's
// Parser/tokenizer.c: the same token kinds (keywords are NAMEs, every operator is an OP,
// a whole string literal, f-strings included, is one STRING), the same INDENT/DEDENT
// rules (tabs to multiples of 8, checked against a tab size of 1 to catch ambiguous
// mixes) and the same error messages and positions.
//
// Errors do not throw here. CPython tokenizes lazily and its parser decides which error
// wins (see TokenizerError), so the scanner stops at the first error and ends the token
// list with an ERRORTOKEN that carries it.
//
// Also here: decoding the contents of string literals (escapes), which the parser
// applies to STRING tokens and to the literal parts of f-strings.

import { PySyntaxError, type SyntaxErrorKind } from "./syntax_error.js";

export type TokenType =
  | "NAME" | "NUMBER" | "STRING" | "OP"
  | "NEWLINE" | "INDENT" | "DEDENT" | "ENDMARKER" | "ERRORTOKEN";

export interface Token {
  type: TokenType;
  /** The source text (a string token keeps prefix and quotes); "" for layout tokens. */
  value: string;
  lineno: number;
  /**
   * 0-based column in code points. INDENT, DEDENT, ENDMARKER and ERRORTOKEN have no text
   * of their own: their column is where CPython's scanner stood, which CPython reports
   * as the 1-based offset of an error on them (see Parser.errorAt).
   */
  col: number;
  endLineno: number;
  endCol: number;
  /** Brackets open after this token (CPython's token level). */
  level: number;
}

export interface TokenizerError {
  error: PySyntaxError;
  /**
   * CPython raises it while scanning ahead for errors after the parser failed, so it
   * replaces a parser error found earlier in the file. The others (indentation, line
   * continuation, end of input) are only reported when the parser reaches them.
   */
  eager: boolean;
  /** End of input inside brackets: "'(' was never closed". */
  unclosed: boolean;
}

export interface TokenStream {
  /** The source as scanned: newlines normalized to \n, ending with one. */
  source: string;
  /** lineStarts[i] is the index in source where line firstLine + i begins. */
  lineStarts: number[];
  firstLine: number;
  /** Ends with ENDMARKER, or with an ERRORTOKEN carrying `error`. */
  tokens: Token[];
  error: TokenizerError | null;
}

export interface TokenizeOptions {
  /** Line number of the first line (an f-string expression starts inside a file). */
  firstLine?: number;
  /** Columns added to the positions of tokens on the first line. */
  firstLineCol?: number;
}

/** Tokenizes a whole module. Never throws: errors end the token list (see TokenStream). */
export function tokenize(source: string, filename: string, options: TokenizeOptions = {}): TokenStream {
  return new Scanner(normalize(source), filename, options.firstLine ?? 1, options.firstLineCol ?? 0).run();
}

// CPython reads files with universal newlines, drops a UTF-8 BOM and ends the last line.
function normalize(source: string): string {
  let s = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  if (s.indexOf("\r") >= 0) s = s.replace(/\r\n?/g, "\n");
  if (s.length > 0 && s.charCodeAt(s.length - 1) !== NL) s += "\n";
  return s;
}

const NL = 10, TAB = 9, FF = 12, SPACE = 32, HASH = 35, BACKSLASH = 92;
const QUOTE = 39, DQUOTE = 34, DOT = 46, UNDERSCORE = 95;
const MAX_INDENT = 100, MAX_PAREN_LEVEL = 200;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === UNDERSCORE || c >= 128;
}

function isIdentChar(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

const XID_START = /[\p{XID_Start}_]/u;
const XID_CONTINUE = /\p{XID_Continue}/u;
// Python's str.isprintable() is false for these categories (the space excepted).
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function isPrintable(ch: string): boolean {
  return ch === " " || !NON_PRINTABLE.test(ch);
}

function closer(open: number): number {
  return open === 40 ? 41 : open + 2;
}

function hex4(cp: number): string {
  return cp.toString(16).toUpperCase().padStart(4, "0");
}

// Thrown inside the scanner only, caught by run() and turned into the final ERRORTOKEN.
class Stop {
  constructor(readonly error: PySyntaxError, readonly eager: boolean, readonly unclosed = false) {}
}

// Operators of two and three characters, keyed by their text; every other ASCII
// punctuation character is a one-character OP (as PyToken_OneChar does).
const TWO_CHAR_OPS = new Set([
  "!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=", ":=",
  "<<", "<=", "<>", "==", ">=", ">>", "@=", "^=", "|=",
]);
const THREE_CHAR_OPS = new Set(["**=", "//=", "<<=", ">>="]);

class Scanner {
  private readonly tokens: Token[] = [];
  readonly lineStarts: number[] = [0];
  private readonly astral: boolean;
  private pos = 0;
  private line: number;
  private lineStart = 0;
  private atBol = true;
  /** Start of a comment on the current line: CPython's NEWLINE token begins there. */
  private commentStart = -1;
  private readonly indents = [0];
  private readonly altIndents = [0];
  private readonly parens: number[] = [];
  private readonly parenLines: number[] = [];
  private readonly parenCols: number[] = [];

  constructor(
    readonly source: string,
    private readonly filename: string,
    readonly firstLine: number,
    private readonly colShift: number,
  ) {
    this.line = firstLine;
    // Columns count code points; only sources with astral characters need counting.
    this.astral = /[\uD800-\uDBFF]/.test(source);
  }

  run(): TokenStream {
    let error: TokenizerError | null = null;
    try {
      this.scan();
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      error = { error: e.error, eager: e.eager, unclosed: e.unclosed };
      const t = e.error;
      const col = Math.max(t.offset - 1, 0);
      this.tokens.push({
        type: "ERRORTOKEN", value: "", lineno: t.lineno, col, endLineno: t.lineno, endCol: col,
        level: this.parens.length,
      });
    }
    return { source: this.source, lineStarts: this.lineStarts, firstLine: this.firstLine, tokens: this.tokens, error };
  }

  // ---- positions ----

  private code(i: number): number {
    return i < this.source.length ? this.source.charCodeAt(i) : -1;
  }

  /** Code points between the start of the line that begins at lineStart and index i. */
  private colAt(lineStart: number, i: number): number {
    if (!this.astral) return i - lineStart;
    let n = 0;
    for (let k = lineStart; k < i; k++) {
      const c = this.source.charCodeAt(k);
      if (c < 0xdc00 || c > 0xdfff) n++;
    }
    return n;
  }

  private col(i: number): number {
    return this.colAt(this.lineStart, i);
  }

  private newline(afterNl: number): void {
    this.line++;
    this.lineStart = afterNl;
    this.lineStarts.push(afterNl);
  }

  private push(type: TokenType, start: number, end: number, lineno = this.line, startCol = this.col(start)): void {
    const shift = lineno === this.firstLine ? this.colShift : 0;
    const endShift = this.line === this.firstLine ? this.colShift : 0;
    this.tokens.push({
      type, value: this.source.slice(start, end), lineno, col: startCol + shift,
      endLineno: this.line, endCol: this.col(end) + endShift, level: this.parens.length,
    });
  }

  /** A layout token: it has no text, only the position CPython's scanner stood at. */
  private pushLayout(type: TokenType, lineno: number, col: number): void {
    this.tokens.push({ type, value: "", lineno, col, endLineno: lineno, endCol: col, level: 0 });
  }

  /** An error CPython's tokenizer raises itself: its columns count characters. */
  private error(msg: string, offset: number, endOffset = offset, lineno = this.line): PySyntaxError {
    const text = lineText(this, lineno);
    return new PySyntaxError("SyntaxError", msg, this.filename, lineno, offset, lineno, endOffset, text);
  }

  /** An error CPython's parser raises for the tokenizer: its columns count bytes. */
  private reportedError(
    msg: string, offset: number, endOffset: number, lineno = this.line, kind: SyntaxErrorKind = "SyntaxError",
  ): PySyntaxError {
    const text = lineText(this, lineno);
    const reported = (o: number): number => reportedOffset(this.source, text, o);
    return new PySyntaxError(kind, msg, this.filename, lineno, reported(offset), lineno, reported(endOffset), text);
  }

  /** Ends the scan on an indentation error, which CPython reports only when read. */
  private indentationError(kind: SyntaxErrorKind, msg: string, offset: number, endOffset: number): never {
    throw new Stop(this.reportedError(msg, offset, endOffset, this.line, kind), false);
  }

  /** CPython's syntaxerror(): reported at the scanner's position, found while scanning. */
  private fail(msg: string, at = this.pos): never {
    const offset = this.col(at);
    throw new Stop(this.error(msg, offset), true);
  }

  // ---- the main loop (tok_get) ----

  private scan(): void {
    const src = this.source;
    const n = src.length;
    let blank = false;
    for (;;) {
      if (this.atBol) {
        this.atBol = false;
        blank = this.indentation();
      }
      let c = this.code(this.pos);
      while (c === SPACE || c === TAB || c === FF) c = this.code(++this.pos);
      const start = this.pos;
      if (c === HASH) {
        this.commentStart = start;
        while (this.pos < n && src.charCodeAt(this.pos) !== NL) this.pos++;
        c = this.code(this.pos);
      }
      if (c < 0) return this.endOfInput();
      if (c === NL) {
        if (!blank && this.parens.length === 0) {
          const nlCol = this.col(this.pos);
          const tokCol = this.commentStart >= 0 ? this.col(this.commentStart) : nlCol;
          const shift = this.line === this.firstLine ? this.colShift : 0;
          this.tokens.push({
            type: "NEWLINE", value: "", lineno: this.line, col: tokCol + shift,
            endLineno: this.line, endCol: nlCol + shift, level: 0,
          });
        }
        this.commentStart = -1;
        this.newline(++this.pos);
        this.atBol = true;
        continue;
      }
      if (isIdentStart(c)) {
        this.nameOrString(start);
      } else if (isDigit(c) || (c === DOT && isDigit(this.code(start + 1)))) {
        this.number(start);
      } else if (c === QUOTE || c === DQUOTE) {
        this.string(start, start);
      } else if (c === BACKSLASH) {
        this.continuation(start, false);
      } else {
        this.operator(start, c);
      }
    }
  }

  /** Measures a new line's indentation and emits INDENT/DEDENTs; true for a blank line. */
  private indentation(): boolean {
    let col = 0;
    let alt = 0;
    // Indentation split by a backslash counts up to the first backslash (3.11).
    let contCol = 0;
    let c = this.code(this.pos);
    for (;; c = this.code(this.pos)) {
      if (c === SPACE) {
        col++;
        alt++;
      } else if (c === TAB) {
        col = (Math.floor(col / 8) + 1) * 8;
        alt++;
      } else if (c === FF) {
        col = alt = 0;
      } else if (c === BACKSLASH) {
        if (contCol === 0) contCol = col;
        this.continuation(this.pos, true);
        continue;
      } else {
        break;
      }
      this.pos++;
    }
    if (contCol !== 0) col = alt = contCol;
    // Lines holding only whitespace or a comment do not count.
    if (c === HASH || c === NL) return true;
    if (this.parens.length > 0) return false;
    // At the end of a file CPython's scanner stands at column 0 of the last line.
    const atEnd = c < 0;
    const lineno = atEnd ? this.lastLine() : this.line;
    const here = atEnd ? 0 : this.col(this.pos);
    let top = this.indents.length - 1;
    if (col === this.indents[top]) {
      if (alt !== this.altIndents[top]) this.tabError();
    } else if (col > this.indents[top]) {
      if (top + 1 >= MAX_INDENT) {
        this.indentationError("IndentationError", "too many levels of indentation", 1, 0);
      }
      if (alt <= this.altIndents[top]) this.tabError();
      this.indents.push(col);
      this.altIndents.push(alt);
      this.pushLayout("INDENT", lineno, here);
    } else {
      let depth = top;
      while (depth > 0 && col < this.indents[depth]) depth--;
      if (col !== this.indents[depth]) {
        // Reported past the end of the line, where CPython's scanner stood.
        const len = [...lineText(this, this.line)].length;
        this.indentationError("IndentationError", "unindent does not match any outer indentation level", len, -1);
      }
      if (alt !== this.altIndents[depth]) this.tabError();
      for (; top > depth; top--) {
        this.indents.pop();
        this.altIndents.pop();
        this.pushLayout("DEDENT", lineno, here);
      }
    }
    return false;
  }

  private tabError(): never {
    this.indentationError("TabError", "inconsistent use of tabs and spaces in indentation", 1, 0);
  }

  /** The last line of the source (the one holding its final newline). */
  private lastLine(): number {
    return this.lineStarts.length > 1 ? this.line - 1 : this.line;
  }

  private lastLineLength(): number {
    const k = this.lineStarts.length;
    return k > 1 ? this.colAt(this.lineStarts[k - 2], this.source.length) : 0;
  }

  private endOfInput(): void {
    if (this.parens.length > 0) this.unclosed();
    this.pushLayout("ENDMARKER", this.lastLine(), 0);
  }

  private unclosed(): never {
    const depth = this.parens.length;
    const lineno = this.parenLines[depth - 1];
    const col = this.parenCols[depth - 1];
    const msg = `'${String.fromCharCode(this.parens[depth - 1])}' was never closed`;
    throw new Stop(this.reportedError(msg, col + 1, 0, lineno), false, true);
  }

  // ---- names and string prefixes ----

  private nameOrString(start: number): void {
    // The legal prefixes: any case of b, r, u, f, br, rb, fr, rf.
    let b = false, r = false, u = false, f = false;
    let c = this.code(this.pos);
    for (;;) {
      const lower = c | 0x20;
      if (!(b || u || f) && lower === 98) b = true;
      else if (!(b || u || r || f) && lower === 117) u = true;
      else if (!(r || u) && lower === 114) r = true;
      else if (!(f || b || u) && lower === 102) f = true;
      else break;
      c = this.code(++this.pos);
      if (c === QUOTE || c === DQUOTE) return this.string(start, this.pos);
    }
    let ascii = true;
    while (isIdentChar(c)) {
      if (c >= 128) ascii = false;
      c = this.code(++this.pos);
    }
    if (!ascii) this.verifyIdentifier(start);
    this.push("NAME", start, this.pos);
    if (!ascii) {
      const t = this.tokens[this.tokens.length - 1];
      t.value = t.value.normalize("NFKC");
    }
  }

  private verifyIdentifier(start: number): void {
    const text = this.source.slice(start, this.pos);
    let i = 0;
    for (const ch of text) {
      const ok = i === 0 ? XID_START.test(ch) : XID_CONTINUE.test(ch);
      if (!ok) {
        const cp = ch.codePointAt(0)!;
        const at = start + i + ch.length;
        const hex = hex4(cp);
        const msg = isPrintable(ch) ? `invalid character '${ch}' (U+${hex})` : `invalid non-printable character U+${hex}`;
        this.fail(msg, at);
      }
      i += ch.length;
    }
  }

  // ---- numbers (the exact control flow of tok_get, for the same error positions) ----

  private nextc(): number {
    const c = this.code(this.pos);
    if (c >= 0) this.pos++;
    return c;
  }

  private backup(c: number): void {
    if (c >= 0) this.pos--;
  }

  private number(start: number): void {
    let c = this.nextc();
    if (c === DOT) {
      c = this.nextc();
      c = this.fraction(c);
    } else if (c === 48) {
      c = this.nextc();
      const lower = c | 0x20;
      if (lower === 120) {
        c = this.radixDigits(this.nextc(), isHexDigit, "hexadecimal");
        this.endOfNumber(c, "hexadecimal");
      } else if (lower === 111) {
        c = this.radixDigits(this.nextc(), (d) => d >= 48 && d <= 55, "octal");
        this.endOfNumber(c, "octal");
      } else if (lower === 98) {
        c = this.radixDigits(this.nextc(), (d) => d === 48 || d === 49, "binary");
        this.endOfNumber(c, "binary");
      } else {
        c = this.zeroPrefixed(start, c);
      }
    } else {
      c = this.decimalTail();
      c = c === DOT ? this.fraction(this.nextc()) : this.exponentAndSuffix(c);
    }
    this.backup(c);
    this.push("NUMBER", start, this.pos);
  }

  // Digits of a 0x/0o/0b literal, '_' allowed between them; returns the char after.
  private radixDigits(c: number, ok: (c: number) => boolean, kind: string): number {
    do {
      if (c === UNDERSCORE) c = this.nextc();
      if (!ok(c)) {
        if (kind !== "hexadecimal" && isDigit(c)) this.invalidDigit(c, kind);
        this.backup(c);
        this.fail(`invalid ${kind} literal`);
      }
      do c = this.nextc(); while (ok(c));
    } while (c === UNDERSCORE);
    if (kind !== "hexadecimal" && isDigit(c)) this.invalidDigit(c, kind);
    return c;
  }

  private invalidDigit(c: number, kind: string): never {
    this.fail(`invalid digit '${String.fromCharCode(c)}' in ${kind} literal`);
  }

  // After a leading 0: more zeros, a float, or the old octal form CPython rejects.
  private zeroPrefixed(start: number, c: number): number {
    for (;;) {
      if (c === UNDERSCORE) {
        c = this.nextc();
        if (!isDigit(c)) {
          this.backup(c);
          this.fail("invalid decimal literal");
        }
      }
      if (c !== 48) break;
      c = this.nextc();
    }
    const zerosEnd = this.pos;
    let nonzero = false;
    if (isDigit(c)) {
      nonzero = true;
      c = this.decimalTail();
    }
    if (c === DOT) return this.fraction(this.nextc());
    if (c === 101 || c === 69 || c === 106 || c === 74) return this.exponentAndSuffix(c);
    if (nonzero) {
      this.backup(c);
      const msg = "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers";
      // syntaxerror_known_range takes byte columns.
      throw new Stop(this.reportedError(msg, this.col(start) + 1, this.col(zerosEnd)), true);
    }
    this.endOfNumber(c, "decimal");
    return c;
  }

  // Digits with single '_' separators; returns the first char after them.
  private decimalTail(): number {
    let c: number;
    for (;;) {
      do c = this.nextc(); while (isDigit(c));
      if (c !== UNDERSCORE) return c;
      c = this.nextc();
      if (!isDigit(c)) {
        this.backup(c);
        this.fail("invalid decimal literal");
      }
    }
  }

  private fraction(c: number): number {
    return this.exponentAndSuffix(isDigit(c) ? this.decimalTail() : c);
  }

  private exponentAndSuffix(c: number): number {
    if (c === 101 || c === 69) {
      const e = c;
      c = this.nextc();
      if (c === 43 || c === 45) {
        c = this.nextc();
        if (!isDigit(c)) {
          this.backup(c);
          this.fail("invalid decimal literal");
        }
      } else if (!isDigit(c)) {
        this.backup(c);
        this.endOfNumber(e, "decimal");
        // 'e' starts the next token (as in `1else`): the number ends before it.
        return e;
      }
      c = this.decimalTail();
    }
    if (c === 106 || c === 74) {
      c = this.nextc();
      this.endOfNumber(c, "imaginary");
      return c;
    }
    this.endOfNumber(c, "decimal");
    return c;
  }

  // verify_end_of_number: a letter right after a number is an error, except the start
  // of a keyword that can follow a number in valid code (`1if x else 2`).
  private endOfNumber(c: number, kind: string): void {
    const p = this.pos;
    let keyword = false;
    if (c === 97) keyword = this.lookahead(p, "nd");
    else if (c === 101) keyword = this.lookahead(p, "lse");
    else if (c === 102) keyword = this.lookahead(p, "or");
    else if (c === 105) {
      const c2 = this.code(p);
      keyword = c2 === 102 || c2 === 110 || c2 === 115;
    } else if (c === 111) keyword = this.lookahead(p, "r");
    else if (c === 110) keyword = this.lookahead(p, "ot");
    // Only ASCII letters count here: CPython 3.11 lets `1é` through to its parser.
    if (!keyword && isIdentChar(c) && c < 128) {
      this.backup(c);
      this.fail(`invalid ${kind} literal`);
    }
  }

  private lookahead(p: number, rest: string): boolean {
    for (let i = 0; i < rest.length; i++) if (this.code(p + i) !== rest.charCodeAt(i)) return false;
    return !isIdentChar(this.code(p + rest.length));
  }

  // ---- strings ----

  /** A string literal whose prefix starts at `start` and whose opening quote is at `q`. */
  private string(start: number, q: number): void {
    const src = this.source;
    const quote = src.charCodeAt(q);
    const firstLine = this.line;
    const firstLineStart = this.lineStart;
    let p = q + 1;
    let quoteSize = 1;
    let endQuotes = 0;
    if (src.charCodeAt(p) === quote) {
      if (src.charCodeAt(p + 1) === quote) {
        quoteSize = 3;
        p += 2;
      } else {
        endQuotes = 1;
        p++;
      }
    }
    while (endQuotes !== quoteSize) {
      const c = this.code(p++);
      if (c < 0 || (quoteSize === 1 && c === NL)) {
        // Reported at the opening of the literal, with the line where the scan stopped.
        const detected = c < 0 ? this.line - 1 : this.line;
        const msg = quoteSize === 3
          ? `unterminated triple-quoted string literal (detected at line ${detected})`
          : `unterminated string literal (detected at line ${detected})`;
        const offset = this.colAt(firstLineStart, start) + 1;
        throw new Stop(this.error(msg, offset, offset, firstLine), true);
      }
      if (c === quote) {
        endQuotes++;
        continue;
      }
      endQuotes = 0;
      if (c === NL) this.newline(p);
      else if (c === BACKSLASH) {
        if (src.charCodeAt(p) === NL) this.newline(p + 1);
        p++;
      }
    }
    this.pos = p;
    this.push("STRING", start, p, firstLine, this.colAt(firstLineStart, start));
  }

  // ---- the rest ----

  /** A backslash at `start`; `atLineStart` when it comes before a line's first token. */
  private continuation(start: number, atLineStart: boolean): void {
    this.pos = start + 1;
    if (this.code(this.pos) !== NL) {
      this.pos++;
      const offset = this.col(this.pos);
      throw new Stop(this.reportedError("unexpected character after line continuation character", offset, 0), false);
    }
    this.pos++;
    this.newline(this.pos);
    if (this.pos >= this.source.length) {
      if (this.parens.length > 0) this.unclosed();
      // CPython's file reader stands at column 0 when the backslash comes before the
      // line's first token, and past the end of the line otherwise.
      const offset = atLineStart ? 0 : this.lastLineLength();
      throw new Stop(this.reportedError("unexpected EOF while parsing", offset, -1, this.line - 1), false);
    }
  }

  private operator(start: number, c: number): void {
    const src = this.source;
    if (c === DOT) {
      const dots = src.charCodeAt(start + 1) === DOT && src.charCodeAt(start + 2) === DOT ? 3 : 1;
      this.pos = start + dots;
      return this.push("OP", start, this.pos);
    }
    if (c === 40 || c === 91 || c === 123) {
      this.pos = start + 1;
      if (this.parens.length >= MAX_PAREN_LEVEL) this.fail("too many nested parentheses");
      this.parens.push(c);
      this.parenLines.push(this.line);
      this.parenCols.push(this.col(start));
      return this.push("OP", start, this.pos);
    }
    if (c === 41 || c === 93 || c === 125) {
      this.pos = start + 1;
      const close = String.fromCharCode(c);
      if (this.parens.length === 0) this.fail(`unmatched '${close}'`);
      const open = this.parens.pop()!;
      const openLine = this.parenLines.pop()!;
      this.parenCols.pop();
      if (c !== closer(open)) {
        const opening = String.fromCharCode(open);
        const where = openLine !== this.line ? ` on line ${openLine}` : "";
        this.fail(`closing parenthesis '${close}' does not match opening parenthesis '${opening}'${where}`);
      }
      return this.push("OP", start, this.pos);
    }
    const three = src.slice(start, start + 3);
    if (THREE_CHAR_OPS.has(three)) {
      this.pos = start + 3;
    } else if (TWO_CHAR_OPS.has(three.slice(0, 2))) {
      this.pos = start + 2;
    } else {
      this.pos = start + 1;
      if (c < SPACE || c === 127) this.fail(`invalid non-printable character U+${hex4(c)}`);
    }
    this.push("OP", start, this.pos);
  }
}

/**
 * The column CPython 3.11 reports for an error its parser raises at 1-based column
 * `offset` of `line`: it counts UTF-8 bytes there, unless the file declares its
 * encoding (PEP 263). Errors its tokenizer raises count characters.
 */
export function reportedOffset(source: string, line: string, offset: number): number {
  if (offset <= 1 || declaresEncoding(source)) return offset;
  let bytes = 0;
  let chars = 0;
  for (const ch of line) {
    if (chars === offset - 1) break;
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    chars++;
  }
  return bytes + (offset - 1 - chars) + 1;
}

const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=]/;

function declaresEncoding(source: string): boolean {
  const nl = source.indexOf("\n");
  if (CODING_COOKIE.test(source.slice(0, nl < 0 ? source.length : nl))) return true;
  const nl2 = source.indexOf("\n", nl + 1);
  return nl >= 0 && CODING_COOKIE.test(source.slice(nl + 1, nl2 < 0 ? source.length : nl2));
}

/** The text of line `lineno`, with its newline; it may lie past where the scan stopped. */
export function lineText(stream: Pick<TokenStream, "source" | "lineStarts" | "firstLine">, lineno: number): string {
  const { source, lineStarts } = stream;
  const i = lineno - stream.firstLine;
  let start = lineStarts[Math.min(i, lineStarts.length - 1)] ?? 0;
  for (let k = lineStarts.length - 1; k < i; k++) {
    const nl = source.indexOf("\n", start);
    if (nl < 0) return "";
    start = nl + 1;
  }
  const nl = source.indexOf("\n", start);
  return source.slice(start, nl < 0 ? source.length : nl + 1);
}

// ---- string literal contents ----

/** Prefix letters, quote length and body bounds of a STRING token's text. */
export interface StringParts {
  raw: boolean;
  bytes: boolean;
  fstring: boolean;
  /** The literal started with u/U (CPython records it as Constant.kind "u"). */
  unicode: boolean;
  /** Index of the body's first character in the token text, and one past its last. */
  bodyStart: number;
  bodyEnd: number;
}

export function stringParts(text: string): StringParts {
  let i = 0;
  let raw = false, bytes = false, fstring = false, unicode = false;
  for (;; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (c === 114) raw = true;
    else if (c === 98) bytes = true;
    else if (c === 102) fstring = true;
    else if (c === 117) unicode = true;
    else break;
  }
  const q = text.charCodeAt(i);
  const quoteSize = text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q && text.length - i >= 6 ? 3 : 1;
  return { raw, bytes, fstring, unicode, bodyStart: i + quoteSize, bodyEnd: text.length - quoteSize };
}

/**
 * Decodes the backslash escapes of s[start, end) as CPython's unicode_escape codec does.
 * Unknown escapes keep their backslash. `fail` receives CPython's message for a bad one
 * (positions count bytes the way CPython's decoder sees them: one per ASCII character,
 * ten per other character, which it rewrites as \UXXXXXXXX first).
 */
export function decodeEscapes(s: string, start: number, end: number, fail: (msg: string) => never): string {
  let i = s.indexOf("\\", start);
  if (i < 0 || i >= end) return s.slice(start, end);
  let out = s.slice(start, i);
  const bad = (from: number, to: number, what: string): never => {
    const a = bytePos(s, start, from);
    const b = bytePos(s, start, to) - 1;
    const where = a === b ? `byte 0x5c in position ${a}` : `bytes in position ${a}-${b}`;
    return fail(`(unicode error) 'unicodeescape' codec can't decode ${where}: ${what}`);
  };
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c !== BACKSLASH) {
      const next = s.indexOf("\\", i);
      const stop = next < 0 || next > end ? end : next;
      out += s.slice(i, stop);
      i = stop;
      continue;
    }
    if (i + 1 >= end) {
      // A trailing backslash (an f-string's literal part before `\{`) stays as it is.
      out += "\\";
      break;
    }
    const e = s.charCodeAt(i + 1);
    const from = i;
    i += 2;
    switch (e) {
      case NL: break;
      case BACKSLASH: out += "\\"; break;
      case QUOTE: out += "'"; break;
      case DQUOTE: out += '"'; break;
      case 97: out += "\x07"; break;
      case 98: out += "\b"; break;
      case 102: out += "\f"; break;
      case 110: out += "\n"; break;
      case 114: out += "\r"; break;
      case 116: out += "\t"; break;
      case 118: out += "\v"; break;
      case 120: case 117: case 85: {
        const count = e === 120 ? 2 : e === 117 ? 4 : 8;
        let cp = 0;
        for (let k = 0; k < count; k++, i++) {
          const d = i < end ? s.charCodeAt(i) : -1;
          if (!isHexDigit(d)) {
            return bad(from, i, `truncated \\${e === 120 ? "xXX" : e === 117 ? "uXXXX" : "UXXXXXXXX"} escape`);
          }
          cp = cp * 16 + parseInt(String.fromCharCode(d), 16);
        }
        if (cp > 0x10ffff) return bad(from, i, "illegal Unicode character");
        out += String.fromCodePoint(cp);
        break;
      }
      case 78: {
        const malformed = "malformed \\N character escape";
        if (i >= end) return bad(from, end, malformed);
        if (s.charCodeAt(i) !== 123) return bad(from, i, malformed);
        let close = i + 1;
        while (close < end && s.charCodeAt(close) !== 125) close++;
        if (close >= end) return bad(from, end, malformed);
        if (close === i + 1) return bad(from, close, malformed);
        const cp = NAMED_CHARS.get(s.slice(i + 1, close).toUpperCase());
        i = close + 1;
        if (cp === undefined) {
          return bad(from, i, "unknown Unicode character name (gilvm knows a table of common names only)");
        }
        out += String.fromCodePoint(cp);
        break;
      }
      default:
        if (e >= 48 && e <= 55) {
          let v = e - 48;
          for (let k = 0; k < 2 && i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 55; k++, i++) {
            v = v * 8 + s.charCodeAt(i) - 48;
          }
          out += String.fromCharCode(v);
        } else {
          // An unknown escape keeps its backslash (CPython only warns).
          i = from + 1;
          out += "\\";
        }
    }
  }
  return out;
}

function bytePos(s: string, start: number, i: number): number {
  let n = 0;
  for (let k = start; k < i; k++) {
    const c = s.charCodeAt(k);
    if (c < 128) n++;
    else if (c < 0xdc00 || c > 0xdfff) n += 10;
  }
  return n;
}

// \N{...} names gilvm knows: ASCII letters and digits, Greek letters and common symbols.
const NAMED_CHARS: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  for (let i = 0; i < 26; i++) {
    const letter = String.fromCharCode(65 + i);
    m.set(`LATIN CAPITAL LETTER ${letter}`, 65 + i);
    m.set(`LATIN SMALL LETTER ${letter}`, 97 + i);
  }
  const digits = ["ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"];
  digits.forEach((d, i) => m.set(`DIGIT ${d}`, 48 + i));
  const greek = [
    "ALPHA", "BETA", "GAMMA", "DELTA", "EPSILON", "ZETA", "ETA", "THETA", "IOTA", "KAPPA", "LAMDA", "MU",
    "NU", "XI", "OMICRON", "PI", "RHO", "", "SIGMA", "TAU", "UPSILON", "PHI", "CHI", "PSI", "OMEGA",
  ];
  greek.forEach((g, i) => {
    if (g === "") return;
    m.set(`GREEK CAPITAL LETTER ${g}`, 0x391 + i);
    m.set(`GREEK SMALL LETTER ${g}`, 0x3b1 + i);
  });
  m.set("GREEK SMALL LETTER FINAL SIGMA", 0x3c2);
  const symbols: [string, number][] = [
    ["SPACE", 0x20], ["NO-BREAK SPACE", 0xa0], ["CENT SIGN", 0xa2], ["POUND SIGN", 0xa3], ["YEN SIGN", 0xa5],
    ["SECTION SIGN", 0xa7], ["COPYRIGHT SIGN", 0xa9], ["REGISTERED SIGN", 0xae], ["DEGREE SIGN", 0xb0],
    ["PLUS-MINUS SIGN", 0xb1], ["MICRO SIGN", 0xb5], ["PILCROW SIGN", 0xb6], ["MIDDLE DOT", 0xb7],
    ["LEFT-POINTING DOUBLE ANGLE QUOTATION MARK", 0xab], ["RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK", 0xbb],
    ["VULGAR FRACTION ONE QUARTER", 0xbc], ["VULGAR FRACTION ONE HALF", 0xbd], ["VULGAR FRACTION THREE QUARTERS", 0xbe],
    ["INVERTED EXCLAMATION MARK", 0xa1], ["INVERTED QUESTION MARK", 0xbf], ["MULTIPLICATION SIGN", 0xd7],
    ["DIVISION SIGN", 0xf7], ["LATIN SMALL LETTER SHARP S", 0xdf], ["LATIN SMALL LETTER A WITH GRAVE", 0xe0],
    ["LATIN SMALL LETTER A WITH DIAERESIS", 0xe4], ["LATIN SMALL LETTER C WITH CEDILLA", 0xe7],
    ["LATIN SMALL LETTER E WITH GRAVE", 0xe8], ["LATIN SMALL LETTER E WITH ACUTE", 0xe9],
    ["LATIN CAPITAL LETTER E WITH ACUTE", 0xc9], ["LATIN SMALL LETTER N WITH TILDE", 0xf1],
    ["LATIN SMALL LETTER O WITH DIAERESIS", 0xf6], ["LATIN SMALL LETTER U WITH DIAERESIS", 0xfc],
    ["ZERO WIDTH SPACE", 0x200b], ["EN DASH", 0x2013], ["EM DASH", 0x2014], ["LEFT SINGLE QUOTATION MARK", 0x2018],
    ["RIGHT SINGLE QUOTATION MARK", 0x2019], ["LEFT DOUBLE QUOTATION MARK", 0x201c],
    ["RIGHT DOUBLE QUOTATION MARK", 0x201d], ["DAGGER", 0x2020], ["BULLET", 0x2022], ["HORIZONTAL ELLIPSIS", 0x2026],
    ["PER MILLE SIGN", 0x2030], ["PRIME", 0x2032], ["EURO SIGN", 0x20ac], ["TRADE MARK SIGN", 0x2122],
    ["LEFTWARDS ARROW", 0x2190], ["UPWARDS ARROW", 0x2191], ["RIGHTWARDS ARROW", 0x2192], ["DOWNWARDS ARROW", 0x2193],
    ["LEFT RIGHT ARROW", 0x2194], ["RIGHTWARDS DOUBLE ARROW", 0x21d2], ["FOR ALL", 0x2200],
    ["PARTIAL DIFFERENTIAL", 0x2202], ["THERE EXISTS", 0x2203], ["EMPTY SET", 0x2205], ["ELEMENT OF", 0x2208],
    ["N-ARY SUMMATION", 0x2211], ["SQUARE ROOT", 0x221a], ["INFINITY", 0x221e], ["LOGICAL AND", 0x2227],
    ["LOGICAL OR", 0x2228], ["INTERSECTION", 0x2229], ["UNION", 0x222a], ["INTEGRAL", 0x222b],
    ["ALMOST EQUAL TO", 0x2248], ["NOT EQUAL TO", 0x2260], ["IDENTICAL TO", 0x2261],
    ["LESS-THAN OR EQUAL TO", 0x2264], ["GREATER-THAN OR EQUAL TO", 0x2265], ["HOURGLASS WITH FLOWING SAND", 0x23f3],
    ["BOX DRAWINGS LIGHT HORIZONTAL", 0x2500], ["BOX DRAWINGS LIGHT VERTICAL", 0x2502],
    ["BOX DRAWINGS LIGHT DOWN AND RIGHT", 0x250c], ["BOX DRAWINGS LIGHT DOWN AND LEFT", 0x2510],
    ["BOX DRAWINGS LIGHT UP AND RIGHT", 0x2514], ["BOX DRAWINGS LIGHT UP AND LEFT", 0x2518],
    ["BOX DRAWINGS LIGHT VERTICAL AND RIGHT", 0x251c], ["BOX DRAWINGS LIGHT VERTICAL AND LEFT", 0x2524],
    ["BOX DRAWINGS LIGHT DOWN AND HORIZONTAL", 0x252c], ["BOX DRAWINGS LIGHT UP AND HORIZONTAL", 0x2534],
    ["BOX DRAWINGS LIGHT VERTICAL AND HORIZONTAL", 0x253c], ["BOX DRAWINGS DOUBLE HORIZONTAL", 0x2550],
    ["BOX DRAWINGS DOUBLE VERTICAL", 0x2551], ["FULL BLOCK", 0x2588], ["LIGHT SHADE", 0x2591],
    ["MEDIUM SHADE", 0x2592], ["DARK SHADE", 0x2593], ["BLACK SQUARE", 0x25a0], ["WHITE SQUARE", 0x25a1],
    ["BLACK UP-POINTING TRIANGLE", 0x25b2], ["BLACK RIGHT-POINTING TRIANGLE", 0x25b6],
    ["BLACK DOWN-POINTING TRIANGLE", 0x25bc], ["BLACK LEFT-POINTING TRIANGLE", 0x25c0], ["WHITE CIRCLE", 0x25cb],
    ["BLACK CIRCLE", 0x25cf], ["SNOWMAN", 0x2603], ["BLACK STAR", 0x2605], ["WHITE STAR", 0x2606],
    ["BLACK SPADE SUIT", 0x2660], ["BLACK CLUB SUIT", 0x2663], ["BLACK HEART SUIT", 0x2665],
    ["BLACK DIAMOND SUIT", 0x2666], ["WARNING SIGN", 0x26a0], ["CHECK MARK", 0x2713], ["HEAVY CHECK MARK", 0x2714],
    ["BALLOT X", 0x2717], ["HEAVY BALLOT X", 0x2718], ["ZERO WIDTH NO-BREAK SPACE", 0xfeff],
    ["REPLACEMENT CHARACTER", 0xfffd], ["PARTY POPPER", 0x1f389], ["SNAKE", 0x1f40d], ["THUMBS UP SIGN", 0x1f44d],
    ["FIRE", 0x1f525], ["GRINNING FACE", 0x1f600], ["ROCKET", 0x1f680],
  ];
  for (const [name, cp] of symbols) m.set(name, cp);
  return m;
})();

/** The names decodeEscapes accepts in \N{...} (for tests). */
export function namedCharacters(): ReadonlyMap<string, number> {
  return NAMED_CHARS;
}
