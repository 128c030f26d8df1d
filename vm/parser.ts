// Tokens → AST: a recursive-descent parser for gilvm's Python subset that builds the
// same tree as CPython 3.11's PEG parser (Grammar/python.gram) and fails with the same
// SyntaxErrors.
//
// Positions follow pegen: a node spans from the first token its rule consumed to the
// last one that is not NEWLINE/INDENT/DEDENT, so `(a + b) * c` starts at the paren
// while the inner BinOp does not.
//
// Errors follow pegen's two passes (Parser/pegen.c, _PyPegen_run_parser):
//  1. a fast pass that only says "no" (ParseFailure) at the first token it cannot use;
//  2. on failure, the same parse again with `invalidRules` on: the checks CPython writes
//     as invalid_* grammar rules run where those rules would, and raise its specialized
//     messages ("expected ':'", "Perhaps you forgot a comma?", ...);
//  3. if none applies, "invalid syntax" at the furthest token the first pass read.
// Then tokenizer errors may take precedence (see settle()). Errors CPython raises from
// grammar actions (string literals, f-strings, forced tokens, gilvm's unsupported
// constructs) are thrown directly in either pass.
//
// F-strings are parsed as CPython 3.11 does (Parser/string_parser.c): each replacement
// field's expression is re-tokenized and parsed as "(" + text + ")", shifted to its place
// in the file.

import type * as A from "./ast.js";
import { PySyntaxError, type SyntaxErrorKind } from "./syntax_error.js";
import {
  decodeEscapes, lineText, reportedOffset, stringParts, tokenize, type Token, type TokenStream,
} from "./tokenizer.js";

/**
 * Parses a module. Throws PySyntaxError as CPython 3.11 would for the same source, and
 * for a valid program that uses a construct outside gilvm's subset, one naming it.
 */
export function parse(source: string, filename: string): A.Module {
  const found: Unsupported = { error: null };
  const module = run(tokenize(source, filename), filename, null, found, (p) => p.file());
  if (found.error) throw found.error;
  return module;
}

// Pass 1's "this does not parse"; never escapes run().
class ParseFailure {}

/** Where an f-string expression's tokens sit in the file (see fstringExpression). */
interface SubSource {
  colShift: number;
}

/**
 * The first construct outside gilvm's subset. Parsing goes on past it so that a file
 * with a real syntax error gets CPython's message; a valid file gets this one.
 */
interface Unsupported {
  error: PySyntaxError | null;
}

function run<T>(
  stream: TokenStream, filename: string, sub: SubSource | null, found: Unsupported, rule: (p: Parser) => T,
): T {
  if (stream.tokens[0].type === "ERRORTOKEN") throw stream.error!.error;
  const first = new Parser(stream, filename, sub, found, false, 0);
  let error: unknown;
  try {
    return rule(first);
  } catch (e) {
    error = e;
  }
  let far = first.far;
  if (error instanceof ParseFailure) {
    const second = new Parser(stream, filename, sub, found, true, far);
    try {
      rule(second);
    } catch (e) {
      error = e;
    }
    far = second.far;
    if (error instanceof ParseFailure) {
      const generic = first.genericError();
      // pegen reports an unexpected indent without looking further for tokenizer errors.
      if (generic.kind === "IndentationError") throw generic;
      error = generic;
    }
  }
  if (!(error instanceof PySyntaxError)) throw error;
  throw settle(stream, error, far);
}

// After a parser error CPython keeps tokenizing to the end of the file: an error the
// tokenizer raises on the way replaces the parser's, and an unclosed bracket does when
// it was opened on a line above the last token the parser read.
function settle(stream: TokenStream, error: PySyntaxError, far: number): PySyntaxError {
  const pending = stream.error;
  if (!pending || pending.error === error) return error;
  if (pending.eager) return pending.error;
  if (pending.unclosed && stream.tokens[far].lineno > pending.error.lineno) return pending.error;
  return error;
}

const KEYWORDS = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
  "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
  "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]);
// Keywords that can start an expression.
const EXPRESSION_KEYWORDS = new Set(["not", "lambda", "True", "False", "None", "await"]);
const EXPRESSION_OPS = new Set(["(", "[", "{", "-", "+", "~", "..."]);
const CONSTANT_NAMES = new Set(["True", "False", "None"]);
const SOFT_KEYWORDS = new Set(["_", "case", "match"]);

const AUGASSIGN = new Map<string, A.Operator>([
  ["+=", "Add"], ["-=", "Sub"], ["*=", "Mult"], ["@=", "MatMult"], ["/=", "Div"], ["%=", "Mod"],
  ["&=", "BitAnd"], ["|=", "BitOr"], ["^=", "BitXor"], ["<<=", "LShift"], [">>=", "RShift"],
  ["**=", "Pow"], ["//=", "FloorDiv"],
]);
const COMPARISONS = new Map<string, A.CmpOperator>([
  ["==", "Eq"], ["!=", "NotEq"], ["<", "Lt"], ["<=", "LtE"], [">", "Gt"], [">=", "GtE"],
]);
const UNARY_OPS = new Map<string, A.UnaryOperator>([["-", "USub"], ["+", "UAdd"], ["~", "Invert"]]);
const BITOR_OPS = new Map<string, A.Operator>([["|", "BitOr"]]);
const BITXOR_OPS = new Map<string, A.Operator>([["^", "BitXor"]]);
const BITAND_OPS = new Map<string, A.Operator>([["&", "BitAnd"]]);
const SHIFT_OPS = new Map<string, A.Operator>([["<<", "LShift"], [">>", "RShift"]]);
const SUM_OPS = new Map<string, A.Operator>([["+", "Add"], ["-", "Sub"]]);
const TERM_OPS = new Map<string, A.Operator>([
  ["*", "Mult"], ["/", "Div"], ["//", "FloorDiv"], ["%", "Mod"], ["@", "MatMult"],
]);

type NoPos<T> = Omit<T, keyof A.Position>;
type Targets = "store" | "del" | "for";

function isLayout(t: Token): boolean {
  return t.type === "NEWLINE" || t.type === "INDENT" || t.type === "DEDENT" || t.type === "ENDMARKER";
}

function tokenPos(t: Token): A.Position {
  return { lineno: t.lineno, col_offset: t.col, end_lineno: t.endLineno, end_col_offset: t.endCol };
}

function span(first: Token, last: Token): A.Position {
  return { lineno: first.lineno, col_offset: first.col, end_lineno: last.endLineno, end_col_offset: last.endCol };
}

function emptyArguments(): A.Arguments {
  return {
    kind: "arguments", posonlyargs: [], args: [], vararg: null,
    kwonlyargs: [], kw_defaults: [], kwarg: null, defaults: [],
  };
}

function str(value: string): A.ConstantValue {
  return { type: "str", value };
}

// What star_targets accepts (pegen checks the shape of targets while parsing them).
function isTarget(e: A.Expr, kind: Targets): boolean {
  switch (e.kind) {
    case "Name": case "Attribute": case "Subscript":
      return true;
    case "Tuple": case "List":
      return e.elts.every((x) => isTarget(x, kind));
    case "Starred":
      return kind !== "del" && e.value.kind !== "Starred" && isTarget(e.value, kind);
    default:
      return false;
  }
}

// _PyPegen_get_invalid_target: the part of a would-be target that cannot be assigned.
function invalidTarget(e: A.Expr, kind: Targets): A.Expr | null {
  switch (e.kind) {
    case "List": case "Tuple":
      for (const x of e.elts) {
        const bad = invalidTarget(x, kind);
        if (bad) return bad;
      }
      return null;
    case "Starred":
      return kind === "del" ? e : invalidTarget(e.value, kind);
    case "Compare":
      // `for a in b` parsed as an expression is a comparison: look at its left side.
      if (kind === "for") return e.ops[0] === "In" ? invalidTarget(e.left, kind) : null;
      return e;
    case "Name": case "Subscript": case "Attribute":
      return null;
    default:
      return e;
  }
}

// _PyPegen_get_expr_name
function exprName(e: A.Expr): string {
  switch (e.kind) {
    case "Attribute": return "attribute";
    case "Subscript": return "subscript";
    case "Starred": return "starred";
    case "Name": return "name";
    case "List": return "list";
    case "Tuple": return "tuple";
    case "Lambda": return "lambda";
    case "Call": return "function call";
    case "BoolOp": case "BinOp": case "UnaryOp": return "expression";
    case "GeneratorExp": return "generator expression";
    case "Yield": case "YieldFrom": return "yield expression";
    case "ListComp": return "list comprehension";
    case "SetComp": return "set comprehension";
    case "DictComp": return "dict comprehension";
    case "Dict": return "dict literal";
    case "Set": return "set display";
    case "JoinedStr": case "FormattedValue": return "f-string expression";
    case "Compare": return "comparison";
    case "IfExp": return "conditional expression";
    case "NamedExpr": return "named expression";
    case "Slice": return "slice";
    case "Constant":
      switch (e.value.type) {
        case "None": return "None";
        case "bool": return e.value.value ? "True" : "False";
        case "Ellipsis": return "ellipsis";
        default: return "literal";
      }
  }
}

function setContext(e: A.Expr, ctx: A.ExprContext): void {
  switch (e.kind) {
    case "Name": case "Attribute": case "Subscript":
      e.ctx = ctx;
      break;
    case "Starred":
      e.ctx = ctx;
      setContext(e.value, ctx);
      break;
    case "Tuple": case "List":
      e.ctx = ctx;
      for (const x of e.elts) setContext(x, ctx);
      break;
  }
}

/**
 * An f-string token being read: its text, where its body ends, and the first and last
 * tokens of the concatenation it is part of, which most of its nodes span.
 */
interface FStringCursor {
  text: string;
  /** The next character to read. */
  i: number;
  end: number;
  raw: boolean;
  token: Token;
  first: Token;
  last: Token;
}

// The pieces of a string concatenation being assembled (CPython's FstringParser).
interface StringState {
  /** Literal text not yet turned into a Constant. */
  last: string;
  parts: (A.Constant | A.FormattedValue)[];
  /** Some part was an f-string: the result is a JoinedStr. */
  fmode: boolean;
}

const BACKSLASH = 92, LBRACE = 123, RBRACE = 125, NL = 10;

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  private tok: Token;
  /** Second pass only: disjunction() outcomes by starting token (null: no parse). */
  private readonly memo: Map<number, { node: A.Expr; end: number } | null> | null;

  constructor(
    private readonly stream: TokenStream,
    private readonly filename: string,
    private readonly sub: SubSource | null,
    private readonly found: Unsupported,
    /** Second pass: run the checks for CPython's specialized error messages. */
    private invalidRules: boolean,
    /** The furthest token read, in either pass (pegen's last filled token). */
    public far: number,
  ) {
    this.tokens = stream.tokens;
    this.tok = this.tokens[0];
    this.memo = invalidRules ? new Map() : null;
  }

  // ---- tokens ----

  private next(): void {
    const t = this.tokens[++this.pos];
    if (this.pos > this.far) this.far = this.pos;
    // Reading the token where the tokenizer stopped reports its error, as in pegen.
    if (t.type === "ERRORTOKEN") throw this.stream.error!.error;
    this.tok = t;
  }

  /** The token after the current one. */
  private peek(): Token {
    const i = Math.min(this.pos + 1, this.tokens.length - 1);
    if (i > this.far) this.far = i;
    const t = this.tokens[i];
    if (t.type === "ERRORTOKEN") throw this.stream.error!.error;
    return t;
  }

  private reset(pos: number): void {
    this.pos = pos;
    this.tok = this.tokens[pos];
  }

  private at(value: string): boolean {
    return this.tok.value === value;
  }

  private eat(value: string): boolean {
    if (this.tok.value !== value) return false;
    this.next();
    return true;
  }

  private expect(value: string): void {
    if (this.tok.value !== value) throw new ParseFailure();
    this.next();
  }

  /** pegen's `&&'x'`: a token that must follow, or "expected 'x'" right there. */
  private expectForced(value: string): void {
    if (this.tok.value !== value) throw this.errorAt(this.tok, `expected '${value}'`);
    this.next();
  }

  private isName(t: Token = this.tok): boolean {
    return t.type === "NAME" && !KEYWORDS.has(t.value);
  }

  private identifier(): string {
    const t = this.tok;
    if (!this.isName(t)) throw new ParseFailure();
    this.next();
    return t.value;
  }

  private startsExpression(t: Token = this.tok): boolean {
    switch (t.type) {
      case "NAME": return !KEYWORDS.has(t.value) || EXPRESSION_KEYWORDS.has(t.value);
      case "NUMBER": case "STRING": return true;
      case "OP": return EXPRESSION_OPS.has(t.value);
      default: return false;
    }
  }

  private atStatementEnd(): boolean {
    return this.tok.type === "NEWLINE" || this.tok.value === ";";
  }

  /** The last token consumed that is not NEWLINE/INDENT/DEDENT: where a node ends. */
  private lastToken(): Token {
    let i = this.pos - 1;
    while (i > 0 && isLayout(this.tokens[i])) i--;
    return this.tokens[i];
  }

  private loc<T extends A.Position>(node: NoPos<T>, start: Token): T {
    const end = this.lastToken();
    const n = node as T;
    n.lineno = start.lineno;
    n.col_offset = start.col;
    n.end_lineno = end.endLineno;
    n.end_col_offset = end.endCol;
    return n;
  }

  /**
   * Runs a rule (a method, or an arrow function for an ad-hoc one); on ParseFailure
   * rewinds and returns null. Like pegen's alternatives, a construct whose
   * continuation fails falls back to the part that parsed (`a + )` is `a` followed by
   * junk), which decides where errors are reported.
   */
  private optional<T>(rule: (this: Parser) => T): T | null {
    const pos = this.pos;
    try {
      return rule.call(this);
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      this.reset(pos);
      return null;
    }
  }

  // ---- errors ----

  private error(
    msg: string, lineno: number, offset: number, endLineno: number, endOffset: number,
    kind: SyntaxErrorKind = "SyntaxError",
  ): PySyntaxError {
    if (this.sub) {
      // Errors inside an f-string expression are reported within "(expr)", as in 3.11.
      msg = `f-string: ${msg}`;
      offset -= this.sub.colShift;
      endOffset -= this.sub.colShift;
    }
    const text = lineText(this.stream, lineno);
    const source = this.stream.source;
    offset = reportedOffset(source, text, offset);
    endOffset = reportedOffset(source, lineText(this.stream, endLineno), endOffset);
    return new PySyntaxError(kind, msg, this.filename, lineno, offset, endLineno, endOffset, text);
  }

  /** An error on a token; layout tokens report the column where the scanner stood. */
  private errorAt(t: Token, msg: string, kind: SyntaxErrorKind = "SyntaxError"): PySyntaxError {
    if (t.type === "INDENT" || t.type === "DEDENT" || t.type === "ENDMARKER") {
      return this.error(msg, t.lineno, t.col, t.lineno, -1, kind);
    }
    return this.error(msg, t.lineno, t.col + 1, t.endLineno, t.endCol + 1, kind);
  }

  private errorRange(a: A.Position, b: A.Position, msg: string): PySyntaxError {
    return this.error(msg, a.lineno, a.col_offset + 1, b.end_lineno, b.end_col_offset + 1);
  }

  /** pegen's RAISE_SYNTAX_ERROR: at the last token read. */
  private errorAtLast(msg: string, kind: SyntaxErrorKind = "SyntaxError"): PySyntaxError {
    return this.errorAt(this.tokens[this.far], msg, kind);
  }

  /** pegen's RAISE_SYNTAX_ERROR_STARTING_FROM: from a node to the end of the last token read. */
  private errorFrom(a: A.Position, msg: string): PySyntaxError {
    const last = this.tokens[this.far];
    return this.error(msg, a.lineno, a.col_offset + 1, last.endLineno, last.endCol);
  }

  /** Records a construct outside gilvm's subset (see Unsupported) and parses on. */
  private unsupported(what: string, first: Token, last: Token = first): void {
    this.found.error ??= this.errorRange(tokenPos(first), tokenPos(last), `${what} not supported by gilvm`);
  }

  genericError(): PySyntaxError {
    const t = this.tokens[this.far];
    if (t.type === "INDENT") return this.errorAt(t, "unexpected indent", "IndentationError");
    if (t.type === "DEDENT") return this.errorAt(t, "unexpected unindent", "IndentationError");
    return this.errorAt(t, "invalid syntax");
  }

  // ---- statements ----

  file(): A.Module {
    const body: A.Stmt[] = [];
    while (this.tok.type !== "ENDMARKER") this.statement(body);
    return { kind: "Module", body };
  }

  /** The f-string replacement field rule: star_expressions over "(" + text + ")". */
  fstringInput(): A.Expr {
    return this.starExpressions();
  }

  private statement(out: A.Stmt[]): void {
    const t = this.tok;
    if (t.type === "NAME") {
      switch (t.value) {
        case "def": out.push(this.functionDef([])); return;
        case "class": out.push(this.classDef([])); return;
        case "if": out.push(this.ifStmt()); return;
        case "while": out.push(this.whileStmt()); return;
        case "for": out.push(this.forStmt()); return;
        case "try": out.push(this.tryStmt()); return;
        case "with": out.push(this.withStmt()); return;
        case "async": out.push(this.asyncStatement()); return;
        case "match":
          if (this.isMatchStatement()) {
            this.skipMatchStatement();
            return;
          }
          break;
      }
    } else if (t.value === "@") {
      out.push(this.decorated());
      return;
    }
    this.simpleStmts(out);
  }

  // async def/for/with, parsed as their plain forms once recorded as unsupported.
  private asyncStatement(decorators: A.Expr[] = []): A.Stmt {
    const t = this.tok;
    const next = this.peek();
    switch (next.value) {
      case "def":
        this.unsupported("'async' functions are", t, next);
        this.next();
        return this.functionDef(decorators);
      case "for":
        if (decorators.length > 0) break;
        this.unsupported("'async for' loops are", t, next);
        this.next();
        return this.forStmt();
      case "with":
        if (decorators.length > 0) break;
        this.unsupported("'async with' statements are", t, next);
        this.next();
        return this.withStmt();
    }
    throw new ParseFailure();
  }

  // `match` is a soft keyword: a match statement is `match subject:` ending its line.
  private isMatchStatement(): boolean {
    const back = this.pos;
    const recorded = this.found.error;
    this.next();
    const found = this.optional(() => {
      this.starExpressions();
      return this.at(":") && this.peek().type === "NEWLINE";
    });
    this.reset(back);
    this.found.error = recorded;
    return found === true;
  }

  // A match statement is recorded as unsupported and its cases skipped unparsed.
  private skipMatchStatement(): void {
    const t = this.tok;
    this.unsupported("'match' statements are", t);
    this.next();
    this.starExpressions();
    this.next();
    this.next();
    const indent: Token = this.tok;
    if (indent.type !== "INDENT") {
      if (this.invalidRules) throw this.indentationExpected("'match' statement", t);
      throw new ParseFailure();
    }
    let depth = 0;
    do {
      if (this.tok.type === "INDENT") depth++;
      else if (this.tok.type === "DEDENT") depth--;
      this.next();
    } while (depth > 0);
  }

  private simpleStmts(out: A.Stmt[]): void {
    for (;;) {
      out.push(this.simpleStmt());
      if (!this.eat(";") || this.tok.type === "NEWLINE") break;
    }
    if (this.tok.type !== "NEWLINE") throw new ParseFailure();
    this.next();
  }

  private simpleStmt(): A.Stmt {
    const t = this.tok;
    if (t.type === "NAME") {
      switch (t.value) {
        case "pass": this.next(); return this.loc<A.Pass>({ kind: "Pass" }, t);
        case "break": this.next(); return this.loc<A.Break>({ kind: "Break" }, t);
        case "continue": this.next(); return this.loc<A.Continue>({ kind: "Continue" }, t);
        case "return": {
          this.next();
          const value = this.startsExpression() || this.at("*") ? this.optional(this.starExpressions) : null;
          return this.loc<A.Return>({ kind: "Return", value }, t);
        }
        case "raise": return this.raiseStmt();
        case "global": case "nonlocal": {
          this.next();
          const names = [this.identifier()];
          while (this.eat(",")) names.push(this.identifier());
          return t.value === "global"
            ? this.loc<A.Global>({ kind: "Global", names }, t)
            : this.loc<A.Nonlocal>({ kind: "Nonlocal", names }, t);
        }
        case "del": return this.delStmt();
        case "assert": {
          this.next();
          const test = this.expression();
          const msg = this.eat(",") ? this.expression() : null;
          return this.loc<A.Assert>({ kind: "Assert", test, msg }, t);
        }
        case "import": return this.importName();
        case "from": return this.importFrom();
      }
    }
    return this.expressionStatement();
  }

  private raiseStmt(): A.Raise {
    const t = this.tok;
    this.next();
    let exc: A.Expr | null = null;
    let cause: A.Expr | null = null;
    if (this.startsExpression()) {
      exc = this.optional(this.expression);
      const back = this.pos;
      if (exc && this.eat("from")) {
        cause = this.optional(this.expression);
        if (!cause) this.reset(back);
      }
    }
    return this.loc<A.Raise>({ kind: "Raise", exc, cause }, t);
  }

  private delStmt(): A.Delete {
    const t = this.tok;
    this.next();
    const first = this.pos;
    const targets: A.Expr[] = [];
    // del_targets are primaries: `del a + b` stops at the `+`, as in pegen.
    const ok = this.optional(() => {
      do {
        if (this.atStatementEnd()) break;
        targets.push(this.primary());
      } while (this.eat(","));
      return this.atStatementEnd() && targets.length > 0 && targets.every((x) => isTarget(x, "del"));
    });
    if (!ok) {
      if (this.invalidRules) {
        this.reset(first);
        const a = this.optional(this.starExpressions);
        const bad = a && invalidTarget(a, "del");
        if (bad) throw this.errorRange(bad, bad, `cannot delete ${exprName(bad)}`);
      }
      throw new ParseFailure();
    }
    for (const x of targets) setContext(x, "Del");
    return this.loc<A.Delete>({ kind: "Delete", targets }, t);
  }

  private importName(): A.Import {
    const t = this.tok;
    this.next();
    const names = [this.dottedAsName()];
    while (this.eat(",")) names.push(this.dottedAsName());
    return this.loc<A.Import>({ kind: "Import", names }, t);
  }

  private dottedAsName(): A.Alias {
    const t = this.tok;
    const name = this.dottedName();
    const asname = this.eat("as") ? this.identifier() : null;
    return this.loc<A.Alias>({ kind: "alias", name, asname }, t);
  }

  private dottedName(): string {
    let name = this.identifier();
    while (this.eat(".")) name += "." + this.identifier();
    return name;
  }

  private importFrom(): A.ImportFrom {
    const t = this.tok;
    this.next();
    let level = 0;
    if (this.at(".") || this.at("...")) {
      this.unsupported("relative imports are", this.tok);
      while (this.at(".") || this.at("...")) {
        level += this.tok.value.length;
        this.next();
      }
    }
    const module = level > 0 && this.at("import") ? null : this.dottedName();
    this.expect("import");
    const names: A.Alias[] = [];
    if (this.at("*")) {
      const star = this.tok;
      this.next();
      names.push(this.loc<A.Alias>({ kind: "alias", name: "*", asname: null }, star));
    } else if (this.eat("(")) {
      names.push(this.importAsName());
      while (this.eat(",") && !this.at(")")) names.push(this.importAsName());
      this.expect(")");
    } else {
      names.push(this.importAsName());
      while (this.eat(",")) {
        if (this.invalidRules && this.tok.type === "NEWLINE") {
          throw this.errorAtLast("trailing comma not allowed without surrounding parentheses");
        }
        names.push(this.importAsName());
      }
    }
    return this.loc<A.ImportFrom>({ kind: "ImportFrom", module, names, level }, t);
  }

  private importAsName(): A.Alias {
    const t = this.tok;
    const name = this.identifier();
    const asname = this.eat("as") ? this.identifier() : null;
    return this.loc<A.Alias>({ kind: "alias", name, asname }, t);
  }

  // Assignments, annotated and augmented assignments, and expression statements.
  private expressionStatement(): A.Stmt {
    const startPos = this.pos;
    let stmt: A.Stmt;
    try {
      stmt = this.assignmentOrExpression();
    } catch (e) {
      if (e instanceof ParseFailure && this.invalidRules) this.invalidAssignment(startPos);
      throw e;
    }
    // pegen tries invalid_assignment on anything that is no assignment; past an
    // expression statement it can only apply when more than the line's end follows.
    if (this.invalidRules && stmt.kind === "Expr" && !this.atStatementEnd()) {
      const end = this.pos;
      this.invalidAssignment(startPos);
      this.reset(end);
    }
    return stmt;
  }

  private assignmentOrExpression(): A.Stmt {
    const start = this.tok;
    const startPos = this.pos;
    const first = this.at("yield") ? this.yieldExpr() : this.starExpressions();
    const t = this.tok;
    if (t.value === "=") return this.assignment(start, first);
    if (t.value === ":") return this.annotatedAssignment(start, startPos, first);
    const op = t.type === "OP" ? AUGASSIGN.get(t.value) : undefined;
    if (op !== undefined) {
      if (first.kind !== "Name" && first.kind !== "Attribute" && first.kind !== "Subscript") throw new ParseFailure();
      this.next();
      const value = this.at("yield") ? this.yieldExpr() : this.starExpressions();
      setContext(first, "Store");
      return this.loc<A.AugAssign>({ kind: "AugAssign", target: first, op, value }, start);
    }
    return this.loc<A.ExprStmt>({ kind: "Expr", value: first }, start);
  }

  private assignment(start: Token, first: A.Expr): A.Assign {
    const targets = [first];
    while (this.eat("=")) targets.push(this.at("yield") ? this.yieldExpr() : this.starExpressions());
    const value = targets.pop()!;
    for (const target of targets) {
      if (!isTarget(target, "store")) throw new ParseFailure();
    }
    for (const target of targets) setContext(target, "Store");
    return this.loc<A.Assign>({ kind: "Assign", targets, value }, start);
  }

  private annotatedAssignment(start: Token, startPos: number, target: A.Expr): A.AnnAssign {
    if (target.kind !== "Name" && target.kind !== "Attribute" && target.kind !== "Subscript") throw new ParseFailure();
    // A bare name is "simple"; a parenthesized one is not.
    const simple = target.kind === "Name" && this.pos === startPos + 1 ? 1 : 0;
    this.next();
    const annotation = this.expression();
    let value: A.Expr | null = null;
    if (this.eat("=")) value = this.at("yield") ? this.yieldExpr() : this.starExpressions();
    setContext(target, "Store");
    return this.loc<A.AnnAssign>({ kind: "AnnAssign", target, annotation, value, simple }, start);
  }

  // invalid_assignment, for a statement that is no valid assignment nor expression:
  // re-parses it the ways CPython's rule does, in order, and raises the first message
  // that applies.
  private invalidAssignment(startPos: number): void {
    // a=invalid_ann_assign_target ':' expression
    this.reset(startPos);
    const display = this.at("(") || this.at("[") ? this.optional(this.atom) : null;
    if (display && (display.kind === "List" || (display.kind === "Tuple" && this.tokens[startPos].value === "("))) {
      if (this.eat(":") && this.optional(this.expression)) {
        throw this.errorRange(display, display, `only single target (not ${exprName(display)}) can be annotated`);
      }
    }
    // a=star_named_expression ',' star_named_expressions* ':' expression
    // (the named-expression checks run on each element, as in pegen)
    this.reset(startPos);
    const element = this.optional(this.starNamedExpression);
    if (element && this.at(",")) {
      this.optional(() => {
        while (this.eat(",") && (this.startsExpression() || this.at("*"))) this.starNamedExpression();
        if (this.eat(":") && this.optional(this.expression)) {
          throw this.errorRange(element, element, "only single target (not tuple) can be annotated");
        }
      });
    }
    // a=expression ':' expression
    this.reset(startPos);
    const target = this.optional(this.expression);
    if (target && this.eat(":") && this.optional(this.expression)) {
      throw this.errorRange(target, target, "illegal target for annotation");
    }
    // (star_targets '=')* a=(star_expressions | yield_expr) '='
    this.reset(startPos);
    for (;;) {
      const bareYield = this.at("yield");
      const a = this.optional(() => (bareYield ? this.yieldExpr() : this.starExpressions()));
      if (!a || !this.at("=")) break;
      if (bareYield) throw this.errorRange(a, a, "assignment to yield expression not possible");
      if (!isTarget(a, "store")) {
        const bad = invalidTarget(a, "store");
        if (bad) throw this.errorRange(bad, bad, `cannot assign to ${exprName(bad)}`);
        break;
      }
      this.next();
    }
    // a=star_expressions augassign (yield_expr | star_expressions)
    this.reset(startPos);
    const aug = this.optional(this.starExpressions);
    if (aug && this.tok.type === "OP" && AUGASSIGN.has(this.tok.value)) {
      this.next();
      if (this.optional(() => (this.at("yield") ? this.yieldExpr() : this.starExpressions()))) {
        throw this.errorRange(aug, aug, `'${exprName(aug)}' is an illegal expression for augmented assignment`);
      }
    }
  }

  // ---- compound statements ----

  /**
   * A suite after a colon. `owner` names the statement in CPython's
   * "expected an indented block after ..." message.
   */
  private block(owner: string, ownerToken: Token): A.Stmt[] {
    const first = this.tok;
    if (first.type !== "NEWLINE") {
      const body: A.Stmt[] = [];
      this.simpleStmts(body);
      return body;
    }
    this.next();
    const indent: Token = this.tok;
    if (indent.type !== "INDENT") {
      if (this.invalidRules) throw this.indentationExpected(owner, ownerToken);
      throw new ParseFailure();
    }
    this.next();
    const body: A.Stmt[] = [];
    do this.statement(body);
    while (this.tok.type !== "DEDENT");
    this.next();
    return body;
  }

  private indentationExpected(owner: string, ownerToken: Token): PySyntaxError {
    const msg = `expected an indented block after ${owner} on line ${ownerToken.lineno}`;
    return this.errorAtLast(msg, "IndentationError");
  }

  /** The ':' of if/elif/while/for/with/class/except: "expected ':'" at a line end. */
  private colon(): void {
    if (this.at(":")) {
      this.next();
      return;
    }
    if (this.invalidRules && this.tok.type === "NEWLINE") throw this.errorAtLast("expected ':'");
    throw new ParseFailure();
  }

  private elseBlock(): A.Stmt[] {
    const t = this.tok;
    this.next();
    this.expectForced(":");
    return this.block("'else' statement", t);
  }

  private ifStmt(): A.If {
    const t = this.tok;
    this.next();
    const test = this.namedExpression();
    this.colon();
    const body = this.block(`'${t.value}' statement`, t);
    let orelse: A.Stmt[] = [];
    if (this.at("elif")) orelse = [this.ifStmt()];
    else if (this.at("else")) orelse = this.elseBlock();
    return this.loc<A.If>({ kind: "If", test, body, orelse }, t);
  }

  private whileStmt(): A.While {
    const t = this.tok;
    this.next();
    const test = this.namedExpression();
    this.colon();
    const body = this.block("'while' statement", t);
    const orelse = this.at("else") ? this.elseBlock() : [];
    return this.loc<A.While>({ kind: "While", test, body, orelse }, t);
  }

  private forStmt(): A.For {
    const t = this.tok;
    this.next();
    const target = this.forTarget();
    const iter = this.starExpressions();
    this.colon();
    const body = this.block("'for' statement", t);
    const orelse = this.at("else") ? this.elseBlock() : [];
    return this.loc<A.For>({ kind: "For", target, iter, body, orelse }, t);
  }

  /** `star_targets 'in'` of a for loop or comprehension (the 'in' is consumed). */
  private forTarget(): A.Expr {
    const first = this.pos;
    const target = this.optional(() => {
      const e = this.starTargets();
      return isTarget(e, "for") && this.at("in") ? e : null;
    });
    if (!target) {
      if (this.invalidRules) {
        // invalid_for_target: the target parsed as an expression.
        this.reset(first);
        const a = this.optional(this.starExpressions);
        const bad = a && invalidTarget(a, "for");
        if (bad) throw this.errorRange(bad, bad, `cannot assign to ${exprName(bad)}`);
      }
      throw new ParseFailure();
    }
    this.next();
    setContext(target, "Store");
    return target;
  }

  private tryStmt(): A.Try {
    const t = this.tok;
    this.next();
    this.expectForced(":");
    const body = this.block("'try' statement", t);
    const handlers: A.ExceptHandler[] = [];
    while (this.at("except")) handlers.push(this.exceptHandler());
    const orelse = handlers.length > 0 && this.at("else") ? this.elseBlock() : [];
    let finalbody: A.Stmt[] = [];
    if (this.at("finally")) {
      const f = this.tok;
      this.next();
      this.expectForced(":");
      finalbody = this.block("'finally' statement", f);
    }
    if (handlers.length === 0 && finalbody.length === 0) {
      if (this.invalidRules) throw this.errorAtLast("expected 'except' or 'finally' block");
      throw new ParseFailure();
    }
    return this.loc<A.Try>({ kind: "Try", body, handlers, orelse, finalbody }, t);
  }

  private exceptHandler(): A.ExceptHandler {
    const t = this.tok;
    this.next();
    if (this.at("*")) {
      this.unsupported("'except*' is", t, this.tok);
      this.next();
    }
    let type: A.Expr | null = null;
    let name: string | null = null;
    if (!this.at(":") && this.tok.type !== "NEWLINE") {
      type = this.expression();
      if (this.eat("as")) name = this.identifier();
      else if (this.invalidRules && this.at(",")) this.invalidExceptTuple(type);
    }
    this.colon();
    const body = this.block("'except' statement", t);
    return this.loc<A.ExceptHandler>({ kind: "ExceptHandler", type, name, body }, t);
  }

  // invalid_except_stmt: 'except' a=expression ',' expressions ['as' NAME] ':'
  private invalidExceptTuple(first: A.Expr): void {
    const back = this.pos;
    this.next();
    const rest = this.optional(() => {
      this.expression();
      while (this.eat(",") && this.startsExpression()) this.expression();
      if (this.eat("as")) this.identifier();
      return this.at(":");
    });
    if (rest) {
      this.next();
      throw this.errorFrom(first, "multiple exception types must be parenthesized");
    }
    this.reset(back);
  }

  private withStmt(): A.With {
    const t = this.tok;
    this.next();
    const first = this.pos;
    // `with (a as b, c):` lists items in parentheses; otherwise `(` starts an expression.
    let items = this.at("(") ? this.optional(this.parenthesizedWithItems) : null;
    try {
      if (!items) {
        items = [this.withItem()];
        while (this.eat(",")) items.push(this.withItem());
      }
      this.expect(":");
    } catch (e) {
      if (e instanceof ParseFailure && this.invalidRules) this.invalidWithStatement(first);
      throw e;
    }
    const body = this.block("'with' statement", t);
    return this.loc<A.With>({ kind: "With", items, body }, t);
  }

  // invalid_with_stmt: the items, loosely, then the end of the line: "expected ':'".
  private invalidWithStatement(first: number): void {
    const item = (): void => {
      this.expression();
      if (this.eat("as") && !isTarget(this.starTarget(), "store")) throw new ParseFailure();
    };
    this.reset(first);
    let found = this.optional(() => {
      item();
      while (this.eat(",")) item();
      return this.tok.type === "NEWLINE";
    });
    this.reset(first);
    if (!found && this.at("(")) {
      found = this.optional(() => {
        this.next();
        item();
        while (this.eat(",") && !this.at(")")) item();
        this.expect(")");
        return this.tok.type === "NEWLINE";
      });
    }
    if (found) throw this.errorAtLast("expected ':'");
  }

  private parenthesizedWithItems(): A.WithItem[] {
    this.next();
    const items = [this.withItem()];
    while (this.eat(",") && !this.at(")")) items.push(this.withItem());
    this.expect(")");
    if (!this.at(":")) throw new ParseFailure();
    return items;
  }

  private withItem(): A.WithItem {
    const context = this.expression();
    if (!this.at("as")) return { kind: "withitem", context_expr: context, optional_vars: null };
    this.next();
    const first = this.pos;
    const target = this.optional(() => {
      const e = this.starTarget();
      return isTarget(e, "store") && (this.at(",") || this.at(")") || this.at(":")) ? e : null;
    });
    if (!target) {
      if (this.invalidRules) {
        // invalid_with_item: 'as' followed by an expression that is no target.
        this.reset(first);
        const a = this.optional(this.expression);
        const bad = a && (this.at(",") || this.at(")") || this.at(":")) ? invalidTarget(a, "store") : null;
        if (bad) throw this.errorRange(bad, bad, `cannot assign to ${exprName(bad)}`);
      }
      throw new ParseFailure();
    }
    setContext(target, "Store");
    return { kind: "withitem", context_expr: context, optional_vars: target };
  }

  private decorated(): A.Stmt {
    const decorators: A.Expr[] = [];
    while (this.eat("@")) {
      decorators.push(this.namedExpression());
      if (this.tok.type !== "NEWLINE") throw new ParseFailure();
      this.next();
    }
    if (this.at("def")) return this.functionDef(decorators);
    if (this.at("class")) return this.classDef(decorators);
    if (this.at("async")) return this.asyncStatement(decorators);
    throw new ParseFailure();
  }

  private functionDef(decorator_list: A.Expr[]): A.FunctionDef {
    const t = this.tok;
    this.next();
    const name = this.identifier();
    this.expectForced("(");
    const args = this.at(")") ? emptyArguments() : this.parameters(")");
    this.expect(")");
    const returns = this.eat("->") ? this.expression() : null;
    this.expectForced(":");
    const body = this.block("function definition", t);
    return this.loc<A.FunctionDef>({ kind: "FunctionDef", name, args, body, decorator_list, returns }, t);
  }

  private classDef(decorator_list: A.Expr[]): A.ClassDef {
    const t = this.tok;
    this.next();
    const name = this.identifier();
    let bases: A.Expr[] = [];
    let keywords: A.Keyword[] = [];
    if (this.at("(")) ({ args: bases, keywords } = this.callArguments(false));
    this.colon();
    const body = this.block("class definition", t);
    return this.loc<A.ClassDef>({ kind: "ClassDef", name, bases, keywords, body, decorator_list }, t);
  }

  // Parameters of a def (closer ')') or a lambda (closer ':').
  private parameters(closer: ")" | ":"): A.Arguments {
    const lambda = closer === ":";
    const args = emptyArguments();
    let positional: A.Arg[] = [];
    let star = false;
    let slash = false;
    while (!this.at(closer)) {
      const t = this.tok;
      if (t.value === "/") {
        if (slash || star || positional.length === 0) {
          if (this.invalidRules) this.invalidSlash(slash, star, positional.length);
          throw new ParseFailure();
        }
        this.next();
        slash = true;
        args.posonlyargs = positional;
        positional = [];
      } else if (t.value === "*") {
        if (star) {
          if (this.invalidRules) throw this.errorAt(t, "* argument may appear only once");
          throw new ParseFailure();
        }
        this.next();
        star = true;
        if (this.at(",") || this.at(closer)) {
          const after = this.at(",") ? this.peek() : this.tok;
          if (after.value === closer || after.value === "**") {
            if (this.invalidRules) {
              const msg = "named arguments must follow bare *";
              throw lambda ? this.errorAtLast(msg) : this.errorAt(t, msg);
            }
            throw new ParseFailure();
          }
        } else {
          args.vararg = this.param(lambda, !lambda);
          if (this.at("=")) {
            if (this.invalidRules) throw this.errorAt(this.tok, "var-positional argument cannot have default value");
            throw new ParseFailure();
          }
        }
      } else if (t.value === "**") {
        this.next();
        args.kwarg = this.param(lambda, false);
        if (this.at("=")) {
          if (this.invalidRules) throw this.errorAt(this.tok, "var-keyword argument cannot have default value");
          throw new ParseFailure();
        }
        if (this.eat(",") && !this.at(closer)) {
          if (this.invalidRules && (this.isName() || this.at("*") || this.at("**") || this.at("/"))) {
            throw this.errorAt(this.tok, "arguments cannot follow var-keyword argument");
          }
          throw new ParseFailure();
        }
        break;
      } else {
        const p = this.param(lambda, false);
        const value = this.eat("=") ? this.expression() : null;
        if (star) {
          args.kwonlyargs.push(p);
          args.kw_defaults.push(value);
        } else {
          if (value) args.defaults.push(value);
          else if (args.defaults.length > 0) {
            if (this.invalidRules && (this.at(",") || this.at(closer))) {
              throw this.errorRange(p, p, "non-default argument follows default argument");
            }
            throw new ParseFailure();
          }
          positional.push(p);
        }
      }
      if (!this.at(closer)) this.expect(",");
    }
    args.args = positional;
    return args;
  }

  // invalid_parameters, for a misplaced '/'
  private invalidSlash(slash: boolean, star: boolean, before: number): void {
    const t = this.tok;
    if (before === 0 && !slash && !star && this.peek().value === ",") {
      throw this.errorAt(t, "at least one argument must precede /");
    }
    if (slash) throw this.errorAt(t, "/ may appear only once");
    if (star) throw this.errorAt(t, "/ must be ahead of *");
  }

  private param(lambda: boolean, starAnnotation: boolean): A.Arg {
    const t = this.tok;
    const arg = this.identifier();
    let annotation: A.Expr | null = null;
    if (!lambda && this.eat(":")) annotation = starAnnotation ? this.starExpression() : this.expression();
    return this.loc<A.Arg>({ kind: "arg", arg, annotation }, t);
  }

  // ---- expressions ----

  private starExpressions(): A.Expr {
    const start = this.tok;
    const first = this.starExpression();
    if (!this.at(",")) return first;
    const elts = [first];
    while (this.eat(",")) {
      const e = this.optional(this.starExpression);
      if (!e) break;
      elts.push(e);
    }
    return this.loc<A.Tuple>({ kind: "Tuple", elts, ctx: "Load" }, start);
  }

  private starExpression(): A.Expr {
    if (!this.at("*")) return this.expression();
    const t = this.tok;
    this.next();
    const value = this.bitwiseOr();
    return this.loc<A.Starred>({ kind: "Starred", value, ctx: "Load" }, t);
  }

  private starNamedExpression(): A.Expr {
    if (!this.at("*")) return this.namedExpression();
    const t = this.tok;
    this.next();
    const value = this.bitwiseOr();
    return this.loc<A.Starred>({ kind: "Starred", value, ctx: "Load" }, t);
  }

  /** star_targets: targets are primaries, so `for x in y` stops before `in`. */
  private starTargets(): A.Expr {
    const start = this.tok;
    const first = this.starTarget();
    if (!this.at(",")) return first;
    const elts = [first];
    while (this.eat(",")) {
      const e = this.optional(this.starTarget);
      if (!e) break;
      elts.push(e);
    }
    return this.loc<A.Tuple>({ kind: "Tuple", elts, ctx: "Load" }, start);
  }

  private starTarget(): A.Expr {
    if (!this.at("*")) return this.primary();
    const t = this.tok;
    this.next();
    const value = this.starTarget();
    return this.loc<A.Starred>({ kind: "Starred", value, ctx: "Load" }, t);
  }

  private namedExpression(): A.Expr {
    const start = this.tok;
    const startPos = this.pos;
    if (this.isName(start) && this.peek().value === ":=") {
      this.next();
      this.next();
      const value = this.expression();
      const target: A.Name = { kind: "Name", id: start.value, ctx: "Store", ...tokenPos(start) };
      return this.loc<A.NamedExpr>({ kind: "NamedExpr", target, value }, start);
    }
    const e = this.expression();
    if (this.invalidRules) this.invalidNamedExpression(e, startPos);
    return e;
  }

  // invalid_named_expression: `:=` or `=` after something that cannot take them.
  private invalidNamedExpression(e: A.Expr, startPos: number): void {
    const here = this.pos;
    if (this.at(":=")) {
      this.next();
      if (this.optional(this.expression)) {
        throw this.errorRange(e, e, `cannot use assignment expressions with ${exprName(e)}`);
      }
      this.reset(here);
      return;
    }
    if (!this.at("=")) return;
    // a=NAME '=' b=bitwise_or !('='|':=')
    const first = this.tokens[startPos];
    if (here === startPos + 1 && this.isName(first)) {
      this.next();
      const b = this.optional(this.bitwiseOr);
      if (b && !this.at("=") && !this.at(":=")) {
        throw this.errorRange(tokenPos(first), b, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
      }
      this.reset(here);
    }
    // !(list|tuple|genexp|'True'|'None'|'False') a=bitwise_or b='=' bitwise_or !('='|':=')
    if (first.value === "True" || first.value === "None" || first.value === "False") return;
    this.reset(startPos);
    if (first.value === "(" || first.value === "[") {
      const atom = this.optional(this.atom);
      this.reset(startPos);
      const atParen = atom !== null && atom.col_offset === first.col && atom.lineno === first.lineno;
      if (atom && (atom.kind === "List" || ((atom.kind === "Tuple" || atom.kind === "GeneratorExp") && atParen))) {
        this.reset(here);
        return;
      }
    }
    const a = this.optional(this.bitwiseOr);
    if (a && this.pos === here) {
      this.next();
      const b = this.optional(this.bitwiseOr);
      if (b && !this.at("=") && !this.at(":=")) {
        throw this.errorRange(a, a, `cannot assign to ${exprName(a)} here. Maybe you meant '==' instead of '='?`);
      }
    }
    this.reset(here);
  }

  private expression(): A.Expr {
    const start = this.tok;
    if (start.value === "lambda" && start.type === "NAME") return this.lambda();
    const startPos = this.pos;
    const body = this.disjunction();
    if (this.invalidRules) this.invalidExpression(body, startPos);
    if (this.tok.value !== "if") return body;
    const back = this.pos;
    try {
      this.next();
      const test = this.disjunction();
      this.expect("else");
      const orelse = this.expression();
      return this.loc<A.IfExp>({ kind: "IfExp", test, body, orelse }, start);
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      this.reset(back);
      return body;
    }
  }

  // invalid_expression and invalid_legacy_expression, after a=disjunction.
  private invalidExpression(a: A.Expr, startPos: number): void {
    const here = this.pos;
    const first = this.tokens[startPos];
    const legacy = this.isName(first) && (first.value === "print" || first.value === "exec");
    // !(NAME STRING | SOFT_KEYWORD) a=disjunction b=expression_without_invalid
    const excluded = this.isName(first)
      && (this.tokens[startPos + 1].type === "STRING" || SOFT_KEYWORDS.has(first.value));
    if (!excluded && this.startsExpression()) {
      const b = this.withoutChecks(this.expression);
      const aIsLegacy = a.kind === "Name" && (a.id === "print" || a.id === "exec");
      if (b && !aIsLegacy && this.tokens[this.pos - 1].level > 0) {
        throw this.errorRange(a, b, "invalid syntax. Perhaps you forgot a comma?");
      }
      this.reset(here);
    }
    // a=disjunction 'if' b=disjunction !('else'|':')
    if (this.at("if")) {
      this.next();
      const b = this.optional(this.disjunction);
      if (b && !this.at("else") && !this.at(":")) throw this.errorRange(a, b, "expected 'else' after 'if' expression");
      this.reset(here);
    }
    // invalid_legacy_expression: a=NAME !'(' b=star_expressions, an error for print
    // and exec. pegen tries it after any name, and reads the tokens it parses.
    if (this.isName(first)) {
      this.reset(startPos + 1);
      if (!this.at("(") && (this.startsExpression() || this.at("*"))) {
        const b = this.optional(this.starExpressions);
        if (b && legacy) {
          const name = first.value;
          const msg = `Missing parentheses in call to '${name}'. Did you mean ${name}(...)?`;
          throw this.errorRange(tokenPos(first), b, msg);
        }
      }
      this.reset(here);
    }
  }

  /** pegen's expression_without_invalid: a speculative parse without the checks. */
  private withoutChecks<T>(rule: (this: Parser) => T): T | null {
    this.invalidRules = false;
    try {
      return this.optional(rule);
    } finally {
      this.invalidRules = true;
    }
  }

  private lambda(): A.Lambda {
    const t = this.tok;
    this.next();
    const args = this.at(":") ? emptyArguments() : this.parameters(":");
    this.expect(":");
    const body = this.expression();
    return this.loc<A.Lambda>({ kind: "Lambda", args, body }, t);
  }

  private disjunction(): A.Expr {
    return this.memo ? this.memoizedDisjunction() : this.parseDisjunction();
  }

  // The second pass tries some parses again and again from the same token, as pegen
  // does; like pegen, it remembers the outcome instead of paying for each attempt,
  // whether the checks were on or off when it was found (pegen's memo ignores that too).
  private memoizedDisjunction(): A.Expr {
    const memo = this.memo!;
    const pos = this.pos;
    const known = memo.get(pos);
    if (known === null) throw new ParseFailure();
    if (known) {
      this.reset(known.end);
      return known.node;
    }
    try {
      const node = this.parseDisjunction();
      memo.set(pos, { node, end: this.pos });
      return node;
    } catch (e) {
      if (e instanceof ParseFailure) memo.set(pos, null);
      throw e;
    }
  }

  private parseDisjunction(): A.Expr {
    return this.boolOp(this.conjunction, "or", "Or");
  }

  private conjunction(): A.Expr {
    return this.boolOp(this.inversion, "and", "And");
  }

  private boolOp(operand: (this: Parser) => A.Expr, keyword: string, op: A.BoolOperator): A.Expr {
    const start = this.tok;
    const first = operand.call(this);
    const values = [first];
    while (this.tok.value === keyword) {
      const back = this.pos;
      this.next();
      const value = this.optional(operand);
      if (!value) {
        this.reset(back);
        break;
      }
      values.push(value);
    }
    if (values.length === 1) return first;
    return this.loc<A.BoolOp>({ kind: "BoolOp", op, values }, start);
  }

  private inversion(): A.Expr {
    const start = this.tok;
    if (start.value !== "not" || start.type !== "NAME") return this.comparison();
    this.next();
    const operand = this.inversion();
    return this.loc<A.UnaryOp>({ kind: "UnaryOp", op: "Not", operand }, start);
  }

  private comparison(): A.Expr {
    const start = this.tok;
    const left = this.bitwiseOr();
    const ops: A.CmpOperator[] = [];
    const comparators: A.Expr[] = [];
    for (;;) {
      const t = this.tok;
      const back = this.pos;
      let op: A.CmpOperator | undefined;
      if (t.type === "OP") {
        op = COMPARISONS.get(t.value);
        if (op === undefined) break;
        this.next();
      } else if (t.type === "NAME" && t.value === "in") {
        op = "In";
        this.next();
      } else if (t.type === "NAME" && t.value === "is") {
        this.next();
        op = this.eat("not") ? "IsNot" : "Is";
      } else if (t.type === "NAME" && t.value === "not" && this.peek().value === "in") {
        op = "NotIn";
        this.next();
        this.next();
      } else {
        break;
      }
      const right = this.optional(this.bitwiseOr);
      if (!right) {
        this.reset(back);
        break;
      }
      ops.push(op);
      comparators.push(right);
    }
    if (ops.length === 0) return left;
    return this.loc<A.Compare>({ kind: "Compare", left, ops, comparators }, start);
  }

  private bitwiseOr(): A.Expr {
    return this.binary(this.bitwiseXor, BITOR_OPS);
  }

  private bitwiseXor(): A.Expr {
    return this.binary(this.bitwiseAnd, BITXOR_OPS);
  }

  private bitwiseAnd(): A.Expr {
    return this.binary(this.shiftExpr, BITAND_OPS);
  }

  private shiftExpr(): A.Expr {
    return this.binary(this.sum, SHIFT_OPS);
  }

  private sum(): A.Expr {
    return this.binary(this.term, SUM_OPS);
  }

  private term(): A.Expr {
    return this.binary(this.factor, TERM_OPS);
  }

  /** A left-associative level: operands separated by the operators in `ops`. */
  private binary(operand: (this: Parser) => A.Expr, ops: ReadonlyMap<string, A.Operator>): A.Expr {
    const start = this.tok;
    let e = operand.call(this);
    for (;;) {
      const t = this.tok;
      const op = t.type === "OP" ? ops.get(t.value) : undefined;
      if (op === undefined) return e;
      const back = this.pos;
      this.next();
      const right = this.optional(operand);
      if (!right) {
        this.reset(back);
        return e;
      }
      e = this.loc<A.BinOp>({ kind: "BinOp", left: e, op, right }, start);
    }
  }

  private factor(): A.Expr {
    const t = this.tok;
    if (t.type === "OP") {
      const op = UNARY_OPS.get(t.value);
      if (op) {
        this.next();
        const operand = this.factor();
        return this.loc<A.UnaryOp>({ kind: "UnaryOp", op, operand }, t);
      }
    }
    return this.power();
  }

  private power(): A.Expr {
    const start = this.tok;
    if (start.value === "await" && start.type === "NAME") {
      this.unsupported("'await' expressions are", start);
      this.next();
    }
    const base = this.primary();
    if (this.tok.value !== "**") return base;
    const back = this.pos;
    this.next();
    const right = this.optional(this.factor);
    if (!right) {
      this.reset(back);
      return base;
    }
    return this.loc<A.BinOp>({ kind: "BinOp", left: base, op: "Pow", right }, start);
  }

  private primary(): A.Expr {
    const start = this.tok;
    let e = this.atom();
    for (;;) {
      const v = this.tok.value;
      if (this.invalidRules && (v === "(" || v === "[" || v === "{")) this.invalidComprehension();
      const back = this.pos;
      let next: A.Expr | null;
      try {
        next = this.trailer(e, start);
      } catch (err) {
        if (!(err instanceof ParseFailure)) throw err;
        next = null;
      }
      if (!next) {
        this.reset(back);
        return e;
      }
      e = next;
    }
  }

  /** `.name`, `(args)` or `[slices]` applied to `e`; null when none follows. */
  private trailer(e: A.Expr, start: Token): A.Expr | null {
    switch (this.tok.value) {
      case ".": {
        this.next();
        const attr = this.identifier();
        return this.loc<A.Attribute>({ kind: "Attribute", value: e, attr, ctx: "Load" }, start);
      }
      case "(": {
        const { args, keywords } = this.callArguments(true);
        return this.loc<A.Call>({ kind: "Call", func: e, args, keywords }, start);
      }
      case "[": {
        this.next();
        const slice = this.slices();
        this.expect("]");
        return this.loc<A.Subscript>({ kind: "Subscript", value: e, slice, ctx: "Load" }, start);
      }
      default:
        return null;
    }
  }

  /** `(...)` of a call or class; a call's sole argument may be a bare generator. */
  private callArguments(generator: boolean): { args: A.Expr[]; keywords: A.Keyword[] } {
    const open = this.tok;
    this.next();
    const args: A.Expr[] = [];
    const keywords: A.Keyword[] = [];
    let doubleStar = false;
    while (!this.at(")")) {
      const t = this.tok;
      if (t.value === "*") {
        if (doubleStar) {
          if (this.invalidRules) {
            throw this.errorAt(t, "iterable argument unpacking follows keyword argument unpacking");
          }
          throw new ParseFailure();
        }
        this.next();
        const value = this.expression();
        args.push(this.loc<A.Starred>({ kind: "Starred", value, ctx: "Load" }, t));
      } else if (t.value === "**") {
        this.next();
        const value = this.expression();
        keywords.push(this.loc<A.Keyword>({ kind: "keyword", arg: null, value }, t));
        doubleStar = true;
      } else if ((this.isName(t) || CONSTANT_NAMES.has(t.value)) && this.peek().value === "=") {
        keywords.push(this.keywordArgument());
      } else {
        const value = this.isName(t) && this.peek().value === ":=" ? this.namedExpression() : this.expression();
        if (this.atFor()) {
          const generators = this.comprehensions();
          if (generator && args.length === 0 && keywords.length === 0 && this.at(")")) {
            this.next();
            const gen = this.loc<A.GeneratorExp>({ kind: "GeneratorExp", elt: value, generators }, open);
            return { args: [gen], keywords };
          }
          // A first argument must be followed by a comma for CPython to say so.
          if (this.invalidRules && (args.length > 0 || keywords.length > 0 || this.at(","))) {
            const lastGen = generators[generators.length - 1];
            const end = lastGen.ifs.length > 0 ? lastGen.ifs[lastGen.ifs.length - 1] : lastGen.iter;
            throw this.errorRange(value, end, "Generator expression must be parenthesized");
          }
          throw new ParseFailure();
        }
        if (this.at("=")) {
          if (this.invalidRules) {
            const msg = 'expression cannot contain assignment, perhaps you meant "=="?';
            throw this.errorRange(value, tokenPos(this.tok), msg);
          }
          throw new ParseFailure();
        }
        if (keywords.length > 0) {
          if (this.invalidRules) {
            const unpacking = keywords.some((k) => k.arg === null);
            throw this.errorAtLast(`positional argument follows keyword argument${unpacking ? " unpacking" : ""}`);
          }
          throw new ParseFailure();
        }
        args.push(value);
      }
      if (!this.eat(",")) break;
    }
    this.expect(")");
    return { args, keywords };
  }

  private keywordArgument(): A.Keyword {
    const t = this.tok;
    if (!this.isName(t)) {
      if (this.invalidRules) throw this.errorRange(tokenPos(t), tokenPos(this.peek()), `cannot assign to ${t.value}`);
      throw new ParseFailure();
    }
    this.next();
    const eq = this.tok;
    this.next();
    const value = this.expression();
    if (this.invalidRules && this.at("for")) {
      throw this.errorRange(tokenPos(t), tokenPos(eq), "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    }
    return this.loc<A.Keyword>({ kind: "keyword", arg: t.value, value }, t);
  }

  private slices(): A.Expr {
    const start = this.tok;
    const first = this.at("*") ? this.starredExpression() : this.slice();
    if (!this.at(",")) {
      if (first.kind !== "Starred") return first;
      return this.loc<A.Tuple>({ kind: "Tuple", elts: [first], ctx: "Load" }, start);
    }
    const elts = [first];
    while (this.eat(",") && !this.at("]")) elts.push(this.at("*") ? this.starredExpression() : this.slice());
    return this.loc<A.Tuple>({ kind: "Tuple", elts, ctx: "Load" }, start);
  }

  private starredExpression(): A.Starred {
    const t = this.tok;
    this.next();
    const value = this.expression();
    return this.loc<A.Starred>({ kind: "Starred", value, ctx: "Load" }, t);
  }

  private slice(): A.Expr {
    const start = this.tok;
    let lower: A.Expr | null = null;
    if (!this.at(":")) {
      if (this.isName(start) && this.peek().value === ":=") return this.namedExpression();
      const startPos = this.pos;
      lower = this.expression();
      if (!this.at(":")) {
        if (this.invalidRules) this.invalidNamedExpression(lower, startPos);
        return lower;
      }
    }
    this.next();
    const upper = this.startsExpression() ? this.expression() : null;
    let step: A.Expr | null = null;
    if (this.eat(":") && this.startsExpression()) step = this.expression();
    return this.loc<A.Slice>({ kind: "Slice", lower, upper, step }, start);
  }

  private atom(): A.Expr {
    const t = this.tok;
    switch (t.type) {
      case "NAME":
        if (!KEYWORDS.has(t.value)) {
          this.next();
          return {
            kind: "Name", id: t.value, ctx: "Load",
            lineno: t.lineno, col_offset: t.col, end_lineno: t.endLineno, end_col_offset: t.endCol,
          };
        }
        if (t.value === "True" || t.value === "False") {
          return this.constant(t, { type: "bool", value: t.value === "True" });
        }
        if (t.value === "None") return this.constant(t, { type: "None" });
        break;
      case "NUMBER":
        return this.number();
      case "STRING":
        return this.strings();
      case "OP":
        switch (t.value) {
          case "(": return this.parenthesized();
          case "[": return this.listDisplay();
          case "{": return this.braceDisplay();
          case "...": return this.constant(t, { type: "Ellipsis" });
        }
    }
    throw new ParseFailure();
  }

  private constant(t: Token, value: A.ConstantValue): A.Constant {
    this.next();
    return {
      kind: "Constant", value, lineno: t.lineno, col_offset: t.col, end_lineno: t.endLineno, end_col_offset: t.endCol,
    };
  }

  private number(): A.Constant {
    const t = this.tok;
    const text = t.value.indexOf("_") >= 0 ? t.value.replace(/_/g, "") : t.value;
    const last = text.charCodeAt(text.length - 1) | 0x20;
    if (last === 106) {
      this.unsupported("complex literals are", t);
      return this.constant(t, { type: "float", value: Number(text.slice(0, -1)) });
    }
    const radix = text.length > 1 && text.charCodeAt(0) === 48 ? text.charCodeAt(1) | 0x20 : 0;
    const isInt = radix === 120 || radix === 111 || radix === 98 || !/[.eE]/.test(text);
    return this.constant(t, isInt ? { type: "int", value: BigInt(text) } : { type: "float", value: Number(text) });
  }

  private parenthesized(): A.Expr {
    const open = this.tok;
    if (this.invalidRules) this.invalidComprehension();
    this.next();
    if (this.eat(")")) return this.loc<A.Tuple>({ kind: "Tuple", elts: [], ctx: "Load" }, open);
    if (this.at("yield")) {
      const y = this.yieldExpr();
      this.expect(")");
      return y;
    }
    if (this.invalidRules && this.at("**")) this.invalidDoubleStarGroup();
    const first = this.starNamedExpression();
    if (this.atFor()) {
      if (first.kind === "Starred") throw new ParseFailure();
      const generators = this.comprehensions();
      this.expect(")");
      return this.loc<A.GeneratorExp>({ kind: "GeneratorExp", elt: first, generators }, open);
    }
    if (this.at(",")) {
      const elts = [first];
      while (this.eat(",") && !this.at(")")) elts.push(this.starNamedExpression());
      this.expect(")");
      return this.loc<A.Tuple>({ kind: "Tuple", elts, ctx: "Load" }, open);
    }
    this.expect(")");
    if (first.kind === "Starred") {
      if (this.invalidRules) throw this.errorRange(first, first, "cannot use starred expression here");
      throw new ParseFailure();
    }
    return first;
  }

  // invalid_group: '(' a='**' expression ')'
  private invalidDoubleStarGroup(): void {
    const stars = this.tok;
    const back = this.pos;
    this.next();
    if (this.optional(this.expression) && this.at(")")) {
      throw this.errorAt(stars, "cannot use double starred expression here");
    }
    this.reset(back);
  }

  // invalid_comprehension and invalid_dict_comprehension, at an opening bracket: pegen
  // tries them on every bracket that opens an atom or follows a primary (its `primary
  // genexp` rule), so they also surface the errors inside such brackets.
  private invalidComprehension(): void {
    const open = this.tok.value;
    const back = this.pos;
    const comprehension = (): boolean => this.atFor() && this.optional(this.comprehensions) !== null;
    this.next();
    // ('[' | '(' | '{') a=starred_expression for_if_clauses
    if (this.at("*")) {
      const a = this.optional(this.starredExpression);
      if (a && comprehension()) throw this.errorRange(a, a, "iterable unpacking cannot be used in comprehension");
      this.reset(back + 1);
    }
    if (open === "{" && this.at("**")) {
      // '{' a='**' bitwise_or for_if_clauses '}'
      const stars = this.tok;
      this.next();
      if (this.optional(this.bitwiseOr) && comprehension() && this.at("}")) {
        throw this.errorAt(stars, "dict unpacking cannot be used in dict comprehension");
      }
      this.reset(back + 1);
    }
    if (open !== "(") {
      // ('[' | '{') a=star_named_expression ',' [b=star_named_expressions] for_if_clauses
      const a = this.optional(this.starNamedExpression);
      if (a && this.at(",")) {
        let end = tokenPos(this.tok);
        this.next();
        while (!this.atFor() && (this.startsExpression() || this.at("*"))) {
          const b = this.optional(this.starNamedExpression);
          if (!b) break;
          end = b;
          if (!this.eat(",")) break;
        }
        if (comprehension()) {
          throw this.errorRange(a, end, "did you forget parentheses around the comprehension target?");
        }
      }
    }
    this.reset(back);
  }

  private listDisplay(): A.Expr {
    const open = this.tok;
    if (this.invalidRules) this.invalidComprehension();
    this.next();
    if (this.eat("]")) return this.loc<A.List>({ kind: "List", elts: [], ctx: "Load" }, open);
    const first = this.starNamedExpression();
    if (this.atFor()) {
      if (first.kind === "Starred") throw new ParseFailure();
      const generators = this.comprehensions();
      this.expect("]");
      return this.loc<A.ListComp>({ kind: "ListComp", elt: first, generators }, open);
    }
    const elts = this.displayRest(first, "]");
    return this.loc<A.List>({ kind: "List", elts, ctx: "Load" }, open);
  }

  /** The elements after the first of a list or set display, and its closer. */
  private displayRest(first: A.Expr, closer: string): A.Expr[] {
    const elts = [first];
    while (this.eat(",") && !this.at(closer)) elts.push(this.starNamedExpression());
    this.expect(closer);
    return elts;
  }

  private braceDisplay(): A.Expr {
    const open = this.tok;
    if (this.invalidRules) this.invalidComprehension();
    this.next();
    if (this.eat("}")) return this.loc<A.Dict>({ kind: "Dict", keys: [], values: [] }, open);
    if (this.eat("**")) return this.dictRest(open, [null], [this.bitwiseOr()]);
    const walrus = this.isName() && this.peek().value === ":=";
    const first = this.starNamedExpression();
    if (this.at(":") && !walrus && first.kind !== "Starred") {
      const colon = this.tok;
      this.next();
      const value = this.dictValue(colon);
      if (this.atFor()) {
        const generators = this.comprehensions();
        this.expect("}");
        return this.loc<A.DictComp>({ kind: "DictComp", key: first, value, generators }, open);
      }
      return this.dictRest(open, [first], [value]);
    }
    if (this.atFor()) {
      if (first.kind === "Starred") throw new ParseFailure();
      const generators = this.comprehensions();
      this.expect("}");
      return this.loc<A.SetComp>({ kind: "SetComp", elt: first, generators }, open);
    }
    const elts = this.displayRest(first, "}");
    return this.loc<A.Set>({ kind: "Set", elts }, open);
  }

  private dictRest(open: Token, keys: (A.Expr | null)[], values: A.Expr[]): A.Dict {
    while (this.eat(",") && !this.at("}")) {
      if (this.eat("**")) {
        keys.push(null);
        values.push(this.bitwiseOr());
        continue;
      }
      const key = this.expression();
      if (!this.at(":")) {
        if (this.invalidRules) {
          throw this.error("':' expected after dictionary key", key.lineno, key.end_col_offset, key.end_lineno, 0);
        }
        throw new ParseFailure();
      }
      const colon = this.tok;
      this.next();
      keys.push(key);
      values.push(this.dictValue(colon));
    }
    this.expect("}");
    return this.loc<A.Dict>({ kind: "Dict", keys, values }, open);
  }

  private dictValue(colon: Token): A.Expr {
    if (this.invalidRules) {
      if (this.at("*")) {
        const star = this.tok;
        const back = this.pos;
        this.next();
        if (this.optional(this.bitwiseOr)) {
          throw this.errorFrom(tokenPos(star), "cannot use a starred expression in a dictionary value");
        }
        this.reset(back);
      } else if (this.at("}") || this.at(",")) {
        throw this.errorAt(colon, "expression expected after dictionary key and ':'");
      }
    }
    return this.expression();
  }

  /** A comprehension's first `for` (or gilvm's unsupported `async for`) is next. */
  private atFor(): boolean {
    return this.at("for") || (this.at("async") && this.peek().value === "for");
  }

  private comprehensions(): A.Comprehension[] {
    const generators: A.Comprehension[] = [];
    do {
      if (this.at("async")) {
        this.unsupported("'async for' comprehensions are", this.tok, this.peek());
        this.next();
      }
      this.next();
      const target = this.forTarget();
      const iter = this.disjunction();
      const ifs: A.Expr[] = [];
      while (this.eat("if")) ifs.push(this.disjunction());
      generators.push({ kind: "comprehension", target, iter, ifs, is_async: 0 });
    } while (this.atFor());
    return generators;
  }

  private yieldExpr(): A.Expr {
    const t = this.tok;
    this.next();
    if (this.eat("from")) {
      const value = this.expression();
      return this.loc<A.YieldFrom>({ kind: "YieldFrom", value }, t);
    }
    const value = this.startsExpression() || this.at("*") ? this.optional(this.starExpressions) : null;
    return this.loc<A.Yield>({ kind: "Yield", value }, t);
  }

  // ---- string literals ----

  private strings(): A.Expr {
    const tokens = [this.tok];
    this.next();
    while (this.tok.type === "STRING") {
      tokens.push(this.tok);
      this.next();
    }
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    const state: StringState = { last: "", parts: [], fmode: false };
    const bytes = stringParts(first.value).bytes;
    for (const t of tokens) {
      const p = stringParts(t.value);
      if (p.bytes !== bytes) throw this.errorAtLast("cannot mix bytes and nonbytes literals");
      if (bytes) {
        this.unsupported("bytes literals are", t);
      } else if (p.fstring) {
        state.fmode = true;
        this.fstring(state, { text: t.value, i: p.bodyStart, end: p.bodyEnd, raw: p.raw, token: t, first, last }, 0);
      } else {
        state.last += p.raw ? t.value.slice(p.bodyStart, p.bodyEnd) : this.decode(t.value, p.bodyStart, p.bodyEnd);
      }
    }
    return this.finishString(state, first, last);
  }

  private decode(s: string, start: number, end: number): string {
    return decodeEscapes(s, start, end, (msg) => {
      throw this.errorAtLast(msg);
    });
  }

  // _PyPegen_FstringParser_Finish: a Constant, or a JoinedStr once an f-string took part.
  private finishString(state: StringState, first: Token, last: Token): A.Constant | A.JoinedStr {
    if (!state.fmode) return { kind: "Constant", value: str(state.last), ...span(first, last) };
    this.flushLiteral(state, first, last);
    return { kind: "JoinedStr", values: state.parts, ...span(first, last) };
  }

  private flushLiteral(state: StringState, first: Token, last: Token): void {
    if (state.last === "") return;
    state.parts.push({ kind: "Constant", value: str(state.last), ...span(first, last) });
    state.last = "";
  }

  /**
   * An f-string body from f.i to its end (or, nested in a format spec, to the spec's
   * closing brace). Literal text accumulates in state.last; each replacement field
   * becomes a FormattedValue.
   */
  private fstring(state: StringState, f: FStringCursor, level: number): void {
    const s = f.text;
    for (;;) {
      const literalStart = f.i;
      let k = f.i;
      let doubled = false;
      while (k < f.end) {
        let ch = s.charCodeAt(k++);
        if (!f.raw && ch === BACKSLASH && k < f.end) {
          ch = s.charCodeAt(k++);
          // The braces of \N{...} are not replacement fields.
          if (ch === 78) {
            if (k < f.end && s.charCodeAt(k++) === LBRACE) {
              while (k < f.end && s.charCodeAt(k++) !== RBRACE) {
                // skip the character name
              }
            }
            continue;
          }
        }
        if (ch === LBRACE || ch === RBRACE) {
          // Doubled braces are literal, but only outside format specs.
          if (level === 0) {
            if (k < f.end && s.charCodeAt(k) === ch) {
              doubled = true;
              break;
            }
            if (ch === RBRACE) throw this.errorAtLast("f-string: single '}' is not allowed");
          }
          k--;
          break;
        }
      }
      if (k > literalStart) state.last += f.raw ? s.slice(literalStart, k) : this.decode(s, literalStart, k);
      if (doubled) {
        f.i = k + 1;
        continue;
      }
      f.i = k;
      if (k >= f.end || s.charCodeAt(k) === RBRACE) break;
      this.replacementField(state, f, level);
    }
    if (level > 0 && (f.i >= f.end || s.charCodeAt(f.i) !== RBRACE)) {
      throw this.errorAtLast("f-string: expecting '}'");
    }
  }

  // fstring_find_expr: `{expr[=][!c][:spec]}` starting at the '{' at f.i.
  private replacementField(state: StringState, f: FStringCursor, level: number): void {
    if (level >= 2) throw this.errorAtLast("f-string: expressions nested too deeply");
    const s = f.text;
    const brace = f.i++;
    const exprStart = f.i;
    const stack: number[] = [];
    let quote = 0;
    let triple = false;
    for (; f.i < f.end; f.i++) {
      const ch = s.charCodeAt(f.i);
      if (ch === BACKSLASH) throw this.errorAtLast("f-string expression part cannot include a backslash");
      if (quote) {
        if (ch === quote) {
          if (!triple) quote = 0;
          else if (f.i + 2 < f.end && s.charCodeAt(f.i + 1) === ch && s.charCodeAt(f.i + 2) === ch) {
            f.i += 2;
            quote = 0;
          }
        }
        continue;
      }
      const c = s[f.i];
      if (c === "'" || c === '"') {
        triple = f.i + 2 < f.end && s.charCodeAt(f.i + 1) === ch && s.charCodeAt(f.i + 2) === ch;
        if (triple) f.i += 2;
        quote = ch;
      } else if (c === "[" || c === "(" || c === "{") {
        if (stack.length >= 200) throw this.errorAtLast("f-string: too many nested parenthesis");
        stack.push(ch);
      } else if (c === "#") {
        throw this.errorAtLast("f-string expression part cannot include '#'");
      } else if (stack.length === 0 && "!:}=<>".includes(c)) {
        // `!=`, `==`, `<=`, `>=` and lone `<`/`>` are operators, not the end.
        if (f.i + 1 < f.end && c !== ":" && c !== "}" && s.charCodeAt(f.i + 1) === 61) {
          f.i++;
          continue;
        }
        if (c === "<" || c === ">") continue;
        break;
      } else if (c === "]" || c === "}" || c === ")") {
        if (stack.length === 0) throw this.errorAtLast(`f-string: unmatched '${c}'`);
        const open = String.fromCharCode(stack.pop()!);
        if (c !== { "(": ")", "[": "]", "{": "}" }[open]) {
          const msg = `f-string: closing parenthesis '${c}' does not match opening parenthesis '${open}'`;
          throw this.errorAtLast(msg);
        }
      }
    }
    const exprEnd = f.i;
    if (quote) throw this.errorAtLast("f-string: unterminated string");
    if (stack.length > 0) {
      throw this.errorAtLast(`f-string: unmatched '${String.fromCharCode(stack[stack.length - 1])}'`);
    }
    if (f.i >= f.end) throw this.errorAtLast("f-string: expecting '}'");
    const value = this.fstringExpression(s, brace, exprStart, exprEnd, f.token);
    let exprText: string | null = null;
    if (s[f.i] === "=") {
      // `{x=}` puts its own text (and the spaces after '=') before the value.
      f.i++;
      while (" \t\n\r\v\f".includes(s[f.i])) f.i++;
      if (f.i >= f.end) throw this.errorAtLast("f-string: expecting '}'");
      exprText = s.slice(exprStart, f.i);
    }
    let conversion: A.Conversion = -1;
    if (s[f.i] === "!") {
      if (++f.i >= f.end) throw this.errorAtLast("f-string: expecting '}'");
      const c = s[f.i++];
      if (c !== "s" && c !== "r" && c !== "a") {
        throw this.errorAtLast("f-string: invalid conversion character: expected 's', 'r', or 'a'");
      }
      conversion = c.charCodeAt(0) as A.Conversion;
    }
    let formatSpec: A.JoinedStr | null = null;
    if (f.i < f.end && s[f.i] === ":") {
      if (++f.i >= f.end) throw this.errorAtLast("f-string: expecting '}'");
      const spec: StringState = { last: "", parts: [], fmode: true };
      this.fstring(spec, f, level + 1);
      // A spec is positioned on its own token, unlike the rest of the tree.
      formatSpec = this.finishString(spec, f.token, f.token) as A.JoinedStr;
    }
    if (f.i >= f.end || s.charCodeAt(f.i) !== RBRACE) throw this.errorAtLast("f-string: expecting '}'");
    f.i++;
    if (exprText !== null && formatSpec === null && conversion === -1) conversion = 114;
    if (exprText !== null) state.last += exprText;
    this.flushLiteral(state, f.first, f.last);
    state.parts.push({ kind: "FormattedValue", value, conversion, format_spec: formatSpec, ...span(f.first, f.last) });
  }

  // fstring_compile_expr: parse "(" + expression text + ")" where the text lies in the file.
  private fstringExpression(s: string, brace: number, exprStart: number, exprEnd: number, t: Token): A.Expr {
    let k = exprStart;
    while (k < exprEnd && " \t\n\f".includes(s[k])) k++;
    if (k === exprEnd) {
      const c = s[exprEnd];
      const msg = c === "}" ? "f-string: empty expression not allowed" : `f-string: expression required before '${c}'`;
      throw this.errorAtLast(msg);
    }
    // fstring_find_expr_location: the line of the '{' and, unless a newline follows
    // the brace, its column.
    let lines = 0;
    for (let i = 0; i < brace; i++) if (s.charCodeAt(i) === NL) lines++;
    let newlineAfterBrace = true;
    for (let i = brace + 1; i < s.length && s[i] !== "}" && s[i] !== "\n"; i++) {
      if (s[i] !== " " && s[i] !== "\t" && s[i] !== "\f") {
        newlineAfterBrace = false;
        break;
      }
    }
    let cols = 0;
    if (!newlineAfterBrace) {
      let lineStart = brace;
      while (lineStart > 0 && s.charCodeAt(lineStart) !== NL) lineStart--;
      cols = codePoints(s, lineStart, brace) - (s.charCodeAt(lineStart) === NL ? 1 : 0);
    }
    const colShift = lines === 0 ? t.col + cols : cols;
    const source = `(${s.slice(exprStart, exprEnd)})`;
    const stream = tokenize(source, this.filename, { firstLine: t.lineno + lines, firstLineCol: colShift });
    return run(stream, this.filename, { colShift }, this.found, (p) => p.fstringInput());
  }
}

function codePoints(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}
