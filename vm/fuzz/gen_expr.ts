/**
 * Random, typed Python expressions. `gen(ty, depth)` writes an expression that evaluates to a
 * value of type `ty` (or raises: some choices, such as an index that may be out of range, a
 * divisor that may be zero, an int() of a str that may not be a number, raise on purpose, as
 * CPython's exception messages are part of what is compared).
 *
 * Every compound expression is parenthesized, so types follow the structure; chains of
 * arithmetic and comparisons without parentheses are generated on purpose to test precedence.
 * Each expression carries a bound on its size (see gen_context.ts) and is replaced by a small
 * literal when that bound passes the limit.
 */
import {
  BOOL, FLOAT, INT, NONE, STR, LIMITS, allFields, allMethods, dictOf, hasDunder, listOf, setOf,
  tupleOf, tyEq, type ClassInfo, type FuncInfo, type GenContext, type Ty, type Var,
} from "./gen_context.js";
import { floatLiteral, intLiteral, smallInt, strLiteral, strSource, wordLiteral } from "./py_literal.js";

export interface Expr {
  t: string;
  /** Size bound: bits of an int, length of a str or container, 0 when it does not apply. */
  n: number;
}

const e = (t: string, n = 0): Expr => ({ t, n });

/** Element types a generated container may hold. */
const ELEM_TYS: Ty[] = [INT, INT, INT, STR, STR, FLOAT, BOOL, tupleOf(INT, STR)];
const TUPLE_SHAPES: Ty[] = [tupleOf(INT, INT), tupleOf(INT, STR), tupleOf(STR, INT), tupleOf(INT, FLOAT), tupleOf(STR, STR), tupleOf(INT, INT, INT)];
const DICT_TYS: Ty[] = [dictOf(STR, INT), dictOf(INT, STR), dictOf(STR, STR), dictOf(STR, listOf(INT)), dictOf(INT, INT)];

function maxOf(ty: Ty): number {
  switch (ty.k) {
    case "int": return LIMITS.intBits;
    case "str": return LIMITS.strLen;
    case "list": case "tuple": case "dict": case "set": return LIMITS.listLen;
    default: return Infinity;
  }
}

/** A bound on the length of str(x) for a value of this type and size. */
function strLenOf(ty: Ty, n: number): number {
  switch (ty.k) {
    case "int": return Math.ceil(n * 0.31) + 2;
    case "float": return 24;
    case "str": return n + 2;
    case "bool": case "none": return 5;
    case "list": case "set": case "tuple": case "dict": return 4 + n * 50;
    case "inst": return 80;
  }
}

export class ExprGen {
  /** Flat mode: no growable variable as a value (see gen_context.ts). */
  flat = false;

  constructor(readonly ctx: GenContext) {}

  private get rng() {
    return this.ctx.rng;
  }

  /**
   * Whether to take a choice that may raise: less often outside try blocks, since an
   * exception ends the case and leaves the rest of it untested.
   */
  risk(p: number): boolean {
    return this.rng.chance(this.ctx.tryDepth > 0 ? p : p * 0.3);
  }

  /** Runs `f` in flat mode. */
  flatly<T>(f: () => T): T {
    const saved = this.flat;
    this.flat = true;
    try {
      return f();
    } finally {
      this.flat = saved;
    }
  }

  gen(ty: Ty, depth: number, max = maxOf(ty)): Expr {
    const x = this.genUnbounded(ty, depth, max);
    return x.n <= max ? x : this.literal(ty, max);
  }

  /** An element of a container: ints and strs kept small. */
  elem(ty: Ty, depth: number): Expr {
    const max = ty.k === "int" ? LIMITS.elemBits : ty.k === "str" ? LIMITS.elemStrLen : ty.k === "list" ? 12 : maxOf(ty);
    return this.gen(ty, depth, max);
  }

  /** A random type for a value to compute and print. */
  anyTy(allowSets = false): Ty {
    const r = this.rng;
    const classes = this.ctx.scope.visibleClasses().filter((c) => !c.isException);
    const choices: [number, () => Ty][] = [
      [30, () => INT], [12, () => FLOAT], [20, () => STR], [8, () => BOOL], [1, () => NONE],
      [10, () => listOf(r.pick(ELEM_TYS))], [4, () => r.pick(TUPLE_SHAPES)], [5, () => r.pick(DICT_TYS)],
    ];
    if (allowSets) choices.push([3, () => setOf(r.pick([INT, STR]))]);
    if (classes.length > 0) choices.push([6, () => ({ k: "inst", cls: r.pick(classes) })]);
    return r.weighted(choices)();
  }

  /** An expression fit to print: sets come sorted, as their order is CPython's own. */
  printable(depth: number): Expr {
    const ty = this.anyTy(true);
    const x = this.gen(ty, depth);
    return ty.k === "set" ? e(`sorted(${x.t})`, x.n) : x;
  }

  // ---- leaves -------------------------------------------------------------------------------

  literal(ty: Ty, max = maxOf(ty)): Expr {
    const r = this.rng;
    switch (ty.k) {
      case "int": {
        const lit = r.chance(0.25) ? smallInt(r, -20, 20) : intLiteral(r, Math.min(max, 200));
        return lit.n <= max ? lit : smallInt(r, -9, 99);
      }
      case "float": return floatLiteral(r);
      case "str": {
        const lit = r.chance(0.4) ? wordLiteral(r) : strLiteral(r, Math.max(1, Math.min(12, max)));
        return lit.n <= max ? lit : e('""', 0);
      }
      case "bool": return e(r.pick(["True", "False"]));
      case "none": return e("None");
      case "list": {
        const k = r.int(0, Math.min(5, max));
        return e(`[${Array.from({ length: k }, () => this.literal(ty.of, this.elemMax(ty.of)).t).join(", ")}]`, k);
      }
      case "tuple": {
        const items = ty.of.map((t) => this.literal(t, this.elemMax(t)).t);
        return e(items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`, items.length);
      }
      case "dict": {
        const k = r.int(0, Math.min(4, max));
        const items = Array.from({ length: k }, () => `${this.literal(ty.key, 8).t}: ${this.literal(ty.val, this.elemMax(ty.val)).t}`);
        return e(`{${items.join(", ")}}`, k);
      }
      case "set": {
        const k = r.int(0, Math.min(5, max));
        if (k === 0) return e("set()", 0);
        return e(`{${Array.from({ length: k }, () => this.literal(ty.of, this.elemMax(ty.of)).t).join(", ")}}`, k);
      }
      case "inst": return this.construct(ty.cls, 0);
    }
  }

  private elemMax(ty: Ty): number {
    return ty.k === "int" ? LIMITS.elemBits : ty.k === "str" ? LIMITS.elemStrLen : 5;
  }

  /** Variables of `ty` usable as a value here. */
  private usableVars(ty: Ty): Var[] {
    return this.ctx.varsOf(ty, (v) => !this.flat || v.small || v.ty.k === "float" || v.ty.k === "bool" || v.ty.k === "none");
    // (instances are left out of flat mode too: `x = x + x` on fields would double them)
  }

  leaf(ty: Ty, max = maxOf(ty)): Expr {
    const vars = this.usableVars(ty).filter((v) => v.n <= max);
    if (vars.length > 0 && this.rng.chance(0.65)) {
      const v = this.rng.pick(vars);
      return e(v.name, v.n);
    }
    return this.literal(ty, max);
  }

  // ---- dispatch -----------------------------------------------------------------------------

  private genUnbounded(ty: Ty, depth: number, max: number): Expr {
    if (depth <= 0 || this.rng.chance(0.2)) return this.leaf(ty, max);
    switch (ty.k) {
      case "int": return this.intExpr(depth, max);
      case "float": return this.floatExpr(depth);
      case "str": return this.strExpr(depth, max);
      case "bool": return this.boolExpr(depth);
      case "none": return this.noneExpr(depth);
      case "list": return this.listExpr(ty.of, depth, max);
      case "tuple": return this.tupleExpr(ty, depth);
      case "dict": return this.dictExpr(ty, depth);
      case "set": return this.setExpr(ty.of, depth);
      case "inst": return this.instExpr(ty.cls, depth);
    }
  }

  /** Tries productions in weighted random order until one applies (returns non-null). */
  private choose(prods: [number, () => Expr | null][], fallback: () => Expr): Expr {
    let left = prods.slice();
    while (left.length > 0) {
      const pick = this.rng.weighted(left.map((p, i) => [p[0], i] as const));
      const got = left[pick][1]();
      if (got) return got;
      left = left.filter((_, i) => i !== pick);
    }
    return fallback();
  }

  // ---- int ----------------------------------------------------------------------------------

  private intExpr(d: number, max: number): Expr {
    const r = this.rng;
    return this.choose([
      [14, () => this.intArith(d, max)],
      [2, () => this.arithChain(d)],
      [4, () => {
        const a = this.gen(INT, d - 1, max);
        return e(r.pick([`(-${a.t})`, `(+${a.t})`, `(~${a.t})`, `abs(${a.t})`]), a.n + 1);
      }],
      [4, () => e(`len(${this.sized(d - 1).t})`, 16)],
      [3, () => this.intConversion(d)],
      [2, () => {
        const f = this.gen(FLOAT, d - 1);
        return r.chance(0.5) ? e(`round(${f.t})`, 1030) : e(`math.${r.pick(["floor", "ceil"])}(${f.t})`, 1030);
      }],
      [3, () => this.aggregate(INT, d)],
      [1, () => {
        const s = this.gen(STR, d - 1);
        return e(!this.risk(0.2) ? `ord((${s.t} or 'a')[${r.int(-1, 0)}])` : `ord(${s.t})`, 22);
      }],
      [2, () => this.conditional(INT, d, max)],
      [4, () => this.elementOf(INT, d)],
      [3, () => this.strSearch(d)],
      [1, () => {
        const lst = this.gen(listOf(INT), d - 1);
        return e(`${this.parenAtom(lst.t)}.${(this.risk(0.3) ? "index" : "count")}(${this.elem(INT, d - 1).t})`, 16);
      }],
      [4, () => this.callReturning(INT, d)],
      [4, () => this.fromInstance(INT, d)],
      [1, () => {
        // no floats: hash(nan) is its address in CPython 3.10+ (numericEdges hashes floats that are not nan)
        const x = r.weighted<() => Expr>([[3, () => this.gen(INT, d - 1)], [2, () => this.gen(tupleOf(INT, INT), d - 1)], [1, () => this.gen(BOOL, d - 1)]])();
        return e(`hash(${x.t})`, 64);
      }],
      [1, () => e(`divmod(${this.gen(INT, d - 1, max).t}, ${this.divisor(d - 1).t})[${r.int(0, 1)}]`, max)],
      [1, () => {
        const m = this.divisor(d - 1);
        const exp = r.chance(0.15) ? "-1" : String(r.int(0, 60));
        return e(`pow(${this.gen(INT, d - 1).t}, ${exp}, ${m.t})`, m.n);
      }],
      [1, () => e(`(${this.gen(BOOL, d - 1).t} ${r.pick(["+", "*", "-"])} ${this.gen(BOOL, d - 1).t})`, 4)],
      [1, () => {
        const k = smallInt(r, 0, 12).t;
        return e(r.pick([
          `sum(i * i for i in range(${k}))`,
          `len([i for i in range(${k}) if i % 3])`,
          `sum(1 for ch in ${this.gen(STR, d - 1).t} if ch.isdigit())`,
        ]), 32);
      }],
      [1, () => {
        const f = this.gen(FLOAT, d - 1);
        return e(`int(${f.t})`, 1030);
      }],
      [1, () => r.chance(0.5)
        ? e(`math.gcd(${this.gen(INT, d - 1, max).t}, ${this.gen(INT, d - 1, max).t})`, max)
        : e(`math.isqrt(abs(${this.gen(INT, d - 1, max).t}))`, max)],
    ], () => this.leaf(INT, max));
  }

  private intArith(d: number, max: number): Expr {
    const r = this.rng;
    const op = r.weighted([[5, "+"], [5, "-"], [4, "*"], [3, "//"], [3, "%"], [2, "&"], [2, "|"], [2, "^"], [2, "<<"], [2, ">>"], [2, "**"]] as const);
    const a = this.gen(INT, d - 1, max);
    switch (op) {
      case "+": case "-": {
        const b = this.gen(INT, d - 1, max);
        return e(`(${a.t} ${op} ${b.t})`, Math.max(a.n, b.n) + 1);
      }
      case "*": {
        const b = this.gen(INT, d - 1, max);
        return e(`(${a.t} * ${b.t})`, a.n + b.n);
      }
      case "//": case "%": {
        const b = this.divisor(d - 1);
        return e(`(${a.t} ${op} ${b.t})`, op === "//" ? a.n : b.n);
      }
      case "&": case "|": case "^": {
        const b = this.gen(INT, d - 1, max);
        return e(`(${a.t} ${op} ${b.t})`, Math.max(a.n, b.n));
      }
      case "<<": {
        const k = this.risk(0.04) ? -r.int(1, 3) : r.int(0, 90);
        return e(`(${a.t} << ${k < 0 ? `(${k})` : k})`, a.n + Math.max(0, k));
      }
      case ">>": {
        const k = this.risk(0.04) ? -1 : r.int(0, 130);
        return e(`(${a.t} >> ${k < 0 ? `(${k})` : k})`, a.n);
      }
      case "**": {
        const base = this.gen(INT, d - 1, 200);
        const k = r.int(0, Math.max(0, Math.min(40, Math.floor(max / Math.max(1, base.n)))));
        return e(`(${base.t} ** ${k})`, base.n * Math.max(1, k));
      }
    }
  }

  /** `a + b * c - d`: several operators and no parentheses, so precedence decides. */
  private arithChain(d: number): Expr {
    const r = this.rng;
    const k = r.int(3, 5);
    let t = this.gen(INT, d - 1, 64).t;
    let n = 64;
    for (let i = 1; i < k; i++) {
      // no << here: it binds looser than + and *, so its count could be a whole product
      const op = r.pick(["+", "-", "*", "+", "-", "&", "|", "^", "%", "//"]);
      const rhs = op === "%" || op === "//" ? String(r.int(1, 97)) : this.gen(INT, 0, 64).t;
      t += ` ${op} ${rhs}`;
      n += op === "*" ? 64 : 1;
    }
    return e(`(${t})`, n);
  }

  /** A right operand for // and %: mostly not zero, sometimes zero on purpose. */
  private divisor(d: number): Expr {
    const r = this.rng;
    return r.weighted<() => Expr>([
      [6, () => { const v = r.int(1, 30) * (r.chance(0.3) ? -1 : 1); return e(v < 0 ? `(${v})` : String(v), 6); }],
      [2, () => { const x = this.gen(INT, d, LIMITS.elemBits); return e(`(${x.t} or ${r.int(1, 9)})`, x.n); }],
      [1, () => this.intLiteralBig()],
      [this.risk(0.5) ? 1 : 0, () => this.gen(INT, d, LIMITS.elemBits)],
    ])();
  }

  private intLiteralBig(): Expr {
    const lit = intLiteral(this.rng, LIMITS.elemBits);
    return lit.t === "0" ? e("7", 3) : lit;
  }

  private intConversion(d: number): Expr {
    const r = this.rng;
    const numeric = [
      "'42'", "' -17 '", "'+8'", "'1_000'", "'0'", "'007'", "'12345678901234567890'", "'\\t99\\n'",
      "'3.5'", "'abc'", "''", "'1e3'", "'٣'", "'１２'", "'-0'", "'1__0'", "'_1'",
    ];
    return r.weighted<() => Expr>([
      [4, () => e(`int(${r.pick(this.risk(0.5) ? numeric : numeric.slice(0, 8))})`, 70)],
      [2, () => {
        const [text, base] = r.pick([["'ff'", 16], ["'0xff'", 16], ["'0o17'", 0], ["'z'", 36], ["'101'", 2], ["'777'", 8], ["'12'", 3], ["'0b11'", 0], ["'-1F'", 16], ["'9'", 8]] as const);
        return e(`int(${text}, ${base})`, 40);
      }],
      [2, () => e(`int(${this.gen(BOOL, d - 1).t})`, 2)],
      [1, () => { const s = this.gen(STR, d - 1); return e(`int(${s.t})`, Math.ceil(s.n * 3.4) + 1); }],
      [2, () => { const x = this.gen(INT, d - 1); return e(`int(str(${x.t}))`, x.n); }],
    ])();
  }

  // ---- float --------------------------------------------------------------------------------

  private floatExpr(d: number): Expr {
    const r = this.rng;
    const num = (): Expr => (r.chance(0.6) ? this.gen(FLOAT, d - 1) : this.gen(INT, d - 1, 300));
    return this.choose([
      [12, () => {
        const op = r.pick(["+", "-", "*", "/", "/", "//", "%"]);
        const a = this.gen(FLOAT, d - 1);
        const b = op === "//" || op === "%" || op === "/" ? this.floatDivisor(d - 1) : num();
        return r.chance(0.5) ? e(`(${a.t} ${op} ${b.t})`) : e(`(${b.t} ${op} ${a.t})`);
      }],
      [4, () => e(`(${this.gen(INT, d - 1, 600).t} / ${this.divisor(d - 1).t})`)],
      [3, () => {
        const k = r.int(-4, 9);
        return e(`(${this.gen(FLOAT, d - 1).t} ** ${k < 0 ? `(${k})` : k})`);
      }],
      [2, () => e(`(${this.gen(INT, d - 1, 64).t} ** (${-r.int(1, 6)}))`)],
      [1, () => e(`(abs(${this.gen(FLOAT, d - 1).t}) ** ${r.pick(["0.5", "1.5", "0.25", "2.0"])})`)],
      [3, () => e(r.pick([`(-${this.gen(FLOAT, d - 1).t})`, `abs(${this.gen(FLOAT, d - 1).t})`]))],
      [3, () => e(`float(${this.gen(INT, d - 1, 1100).t})`)],
      [3, () => e(`float(${r.pick(["'1.5'", "' -2.5e3 '", "'inf'", "'-Infinity'", "'nan'", "'1_000.5'", "'0x10'", "'1e500'", "'.5'", "'5.'", "'1e-400'", "'abc'", "'  7  '", "'+0.0'", "'-0'"])})`)],
      [3, () => {
        const k = r.int(-3, 8);
        return e(`round(${this.gen(FLOAT, d - 1).t}, ${k < 0 ? `(${k})` : k})`);
      }],
      [3, () => {
        const f = this.gen(FLOAT, d - 1).t;
        return e(r.pick([`math.sqrt(abs(${f}))`, `math.log(abs(${f}) + 1)`, `math.exp(${r.int(-20, 20)} / ${r.int(1, 7)})`, `math.sin(${f})`, `math.cos(${f})`, "math.pi", "math.e"]));
      }],
      [2, () => this.aggregate(FLOAT, d)],
      [1, () => this.conditional(FLOAT, d, Infinity)],
      [2, () => this.elementOf(FLOAT, d)],
      [2, () => this.callReturning(FLOAT, d)],
      [2, () => this.fromInstance(FLOAT, d)],
      [1, () => e(`(${this.gen(INT, d - 1, 64).t} * 1.0)`)],
    ], () => this.leaf(FLOAT));
  }

  private floatDivisor(d: number): Expr {
    const r = this.rng;
    if (this.risk(0.1)) return this.gen(FLOAT, d);
    if (r.chance(0.5)) return e(r.pick(["0.5", "3.0", "(-2.5)", "7", "1e-3", "(-3)", "1e10", "0.1"]));
    const x = this.gen(FLOAT, d);
    return e(`(${x.t} or 1.5)`);
  }

  // ---- str ----------------------------------------------------------------------------------

  private strExpr(d: number, max: number): Expr {
    const r = this.rng;
    const sub = () => this.gen(STR, d - 1, max);
    return this.choose([
      [8, () => { const a = sub(), b = sub(); return e(`(${a.t} + ${b.t})`, a.n + b.n); }],
      [3, () => {
        const a = this.gen(STR, d - 1, 40);
        const k = r.int(-1, 4);
        return e(`(${a.t} * ${k < 0 ? `(${k})` : k})`, a.n * Math.max(0, k));
      }],
      [6, () => { const a = sub(); return e(`${this.parenAtom(a.t)}[${this.sliceText()}]`, a.n); }],
      [3, () => {
        const a = this.leaf(STR, max);
        const i = smallInt(r, -4, 4).t;
        if (this.risk(0.2)) return e(`${this.parenAtom(a.t)}[${i}]`, 1);
        // padded so that the index is always in range
        return e(`(${a.t} + '${"?".repeat(4)}')[${r.int(-4, 3)}]`, 1);
      }],
      [6, () => {
        const ty = this.anyTy();
        const x = this.gen(ty, d - 1);
        return e(`${r.pick(["str", "repr"])}(${x.t})`, strLenOf(ty, x.n) + 2);
      }],
      [8, () => this.fstring(d)],
      [4, () => this.percentFormat(d)],
      [3, () => this.strFormatMethod(d)],
      [10, () => this.strMethod(d, max)],
      [3, () => {
        const sep = this.gen(STR, 0, 4);
        if (r.chance(0.5)) {
          const parts = this.gen(listOf(STR), d - 1);
          return e(`${this.parenAtom(sep.t)}.join(${parts.t})`, parts.n * (LIMITS.elemStrLen + sep.n));
        }
        const parts = this.gen(listOf(INT), d - 1);
        return e(`${this.parenAtom(sep.t)}.join(map(str, ${parts.t}))`, parts.n * (45 + sep.n));
      }],
      [2, () => {
        const cp = r.weighted([[6, () => r.int(32, 126)], [2, () => r.int(160, 0x2fff)], [1, () => r.int(0x1f300, 0x1f64f)], [1, () => r.pick([0x110000, -1, 0x10ffff, 10, 0])]] as const)();
        return e(`chr(${cp < 0 ? `(${cp})` : cp})`, 1);
      }],
      [3, () => { const x = this.gen(INT, d - 1); return e(`${r.pick(["hex", "bin"])}(${x.t})`, x.n + 4); }],
      [3, () => this.formatBuiltin(d)],
      [2, () => this.conditional(STR, d, max)],
      [4, () => this.elementOf(STR, d)],
      [2, () => {
        const ty = this.anyTy();
        return e(`type(${this.gen(ty, d - 1).t}).__name__`, 10);
      }],
      [3, () => this.callReturning(STR, d)],
      [3, () => this.fromInstance(STR, d)],
    ], () => this.leaf(STR, max));
  }

  /** Wraps `t` in parentheses unless it is already an atom a method or index may follow. */
  private parenAtom(t: string): string {
    return /^[A-Za-z_][A-Za-z_0-9]*$/.test(t) || /^\(.*\)$/.test(t) && balanced(t.slice(1, -1)) ? t : `(${t})`;
  }

  private sliceText(): string {
    const r = this.rng;
    const part = () => (r.chance(0.35) ? "" : String(r.int(-7, 7)));
    const step = r.weighted([[6, ""], [3, String(r.chance(0.5) ? -1 : 2)], [1, String(r.int(-3, 3))]] as const);
    return step === "" ? `${part()}:${part()}` : `${part()}:${part()}:${step}`;
  }

  private fstring(d: number): Expr {
    const r = this.rng;
    const q = r.pick(['"', "'"]);
    let body = "";
    let n = 0;
    const k = r.int(1, 3);
    for (let i = 0; i < k; i++) {
      if (r.chance(0.6)) body += r.pick(["", "x=", " | ", "-", ": ", "[", "]", "{{", "}}", "é"]);
      const ty = this.anyTy();
      let x = this.gen(ty, Math.min(d - 1, 2));
      // the expression sits inside the f-string's quotes: re-quote its own strs with the other kind
      // 3.11 forbids the f-string's own quote, backslashes and '#' inside a replacement field
      const unfit = (t: string) => t.includes(q) || t.includes("\\") || t.includes("#") || t.includes("{") || t.includes("}");
      if (unfit(x.t)) x = this.literal(ty.k === "str" ? STR : INT, 40);
      if (unfit(x.t)) x = e(String(r.int(0, 99)), 8);
      const spec = this.formatSpec(ty);
      const conv = ty.k !== "int" && ty.k !== "float" && r.chance(0.25) ? r.pick(["!r", "!s"]) : "";
      let field = x.t.startsWith("{") ? ` ${x.t}` : x.t;
      if (field.includes(":") || field.includes("!")) field = `(${field})`;
      if (spec !== "" && conv === "" && r.chance(0.15)) {
        body += `{${field}:>{${r.int(0, 12)}}}`;
      } else {
        body += `{${field}${conv}${spec === "" || conv !== "" ? "" : ":" + spec}}`;
      }
      n += strLenOf(ty, x.n) + 40;
    }
    return e(`f${q}${body}${q}`, n);
  }

  /** A format spec that suits values of `ty` (sometimes one that does not, on purpose). */
  formatSpec(ty: Ty): string {
    const r = this.rng;
    if (r.chance(0.3)) return "";
    const intSpecs = ["d", ">8", "<6", "^9", "08d", ",", "_", "x", "#x", "X", "#o", "b", "#b", "+d", " d", "*>7", ".2f", "e", "%", "_x", "010,", "c", "n", "=+8"];
    const floatSpecs = [".2f", ".3e", "g", ".10g", ".0f", "%", ">10.3f", "+.1f", ",.2f", "08.3f", "#.0f", "E", "G", ".1%", "^12", "_.3f", "=+12.4f", ".15g", ".17g", "", ".0e", "f", "n", "010.1f"];
    const strSpecs = [">10", "<6", "^7", "*^9", ".3", "-<8", "10.2", "s", "=^5", ">1", "x<3"];
    switch (ty.k) {
      case "int": return r.pick(this.risk(0.05) ? strSpecs : intSpecs);
      case "float": return r.pick(this.risk(0.05) ? ["d", "x"] : floatSpecs);
      case "str": return r.pick(this.risk(0.05) ? ["d", ".2f"] : strSpecs);
      case "bool": return r.pick(["", "d", ">6", "^5"]);
      default: return "";
    }
  }

  private formatBuiltin(d: number): Expr {
    const ty = this.rng.pick([INT, INT, FLOAT, FLOAT, STR]);
    const x = this.gen(ty, d - 1);
    return e(`format(${x.t}, ${strSource(this.rng, this.formatSpec(ty))})`, strLenOf(ty, x.n) + 40);
  }

  private percentFormat(d: number): Expr {
    const r = this.rng;
    const k = r.int(1, 3);
    const parts: string[] = [];
    const args: string[] = [];
    let n = 0;
    for (let i = 0; i < k; i++) {
      const [conv, ty] = r.pick([["%s", this.anyTy()], ["%r", STR], ["%d", INT], ["%i", INT], ["%5d", INT], ["%-6d", INT], ["%x", INT], ["%05.1f", FLOAT], ["%.3f", FLOAT], ["%f", FLOAT], ["%10s", STR], ["%-4s", INT], ["%d", FLOAT], ["%.2s", STR], ["%+d", INT]] as [string, Ty][]);
      const x = this.gen(ty, Math.min(d - 1, 2));
      parts.push(r.pick(["", " ", "-", "=", "%%"]) + conv);
      args.push(x.t);
      n += strLenOf(ty, x.n) + 12;
    }
    const fmt = strSource(r, parts.join(""));
    if (k === 1 && r.chance(0.5) && !args[0].startsWith("(")) return e(`(${fmt} % ${args[0]})`, n);
    return e(`(${fmt} % (${args.join(", ")},))`, n);
  }

  private strFormatMethod(d: number): Expr {
    const r = this.rng;
    const a = this.gen(this.anyTy(), Math.min(d - 1, 2));
    const b = this.gen(this.anyTy(), Math.min(d - 1, 2));
    const tmpl = r.pick(["'{} and {}'", "'{1}{0}{1}'", "'<{0!r}>'", "'{:>12}|{}'", "'{x}-{y}'", "'{0}'", "'{{}} {}'"]);
    const args = tmpl.includes("{x}") ? `x=${a.t}, y=${b.t}` : `${a.t}, ${b.t}`;
    return e(`${tmpl}.format(${args})`, strLenOf(STR, 200));
  }

  private strMethod(d: number, max: number): Expr {
    const r = this.rng;
    const s = this.gen(STR, d - 1, Math.min(max, 200));
    const recv = this.parenAtom(s.t);
    const w = () => this.gen(STR, 0, 6).t;
    const width = () => String(r.int(-2, 24));
    const m = r.pick([
      ["upper()", s.n * 3], ["lower()", s.n * 3], ["title()", s.n * 3], ["capitalize()", s.n * 3], ["swapcase()", s.n * 3],
      ["casefold()", s.n * 3], ["strip()", s.n], [`strip(${w()})`, s.n], ["lstrip()", s.n], [`rstrip(${w()})`, s.n],
      [`replace(${w()}, ${w()})`, s.n * 7 + 6], [`replace(${w()}, ${w()}, ${r.int(-1, 3)})`, s.n * 7 + 6],
      [`center(${width()})`, s.n + 24], [`center(${width()}, ${strSource(r, r.pick(["*", "-", "é", "ab"]))})`, s.n + 24],
      [`ljust(${width()})`, s.n + 24], [`rjust(${width()}, '.')`, s.n + 24], [`zfill(${width()})`, s.n + 24],
      [`expandtabs(${r.int(0, 8)})`, s.n * 8], [`removeprefix(${w()})`, s.n], [`removesuffix(${w()})`, s.n],
    ] as [string, number][]);
    return e(`${recv}.${m[0]}`, m[1]);
  }

  private strSearch(d: number): Expr {
    const r = this.rng;
    const s = this.parenAtom(this.gen(STR, d - 1).t);
    const sub = this.gen(STR, 0, 4).t;
    const range = r.chance(0.3) ? `, ${r.int(-5, 5)}` + (r.chance(0.5) ? `, ${r.int(-5, 9)}` : "") : "";
    return e(`${s}.${(this.risk(0.3) ? r.pick(["index", "rindex"]) : r.pick(["find", "rfind", "count"]))}(${sub}${range})`, 16);
  }

  // ---- bool ---------------------------------------------------------------------------------

  private boolExpr(d: number): Expr {
    const r = this.rng;
    return this.choose([
      [10, () => this.comparison(d)],
      [5, () => this.membership(d)],
      [3, () => e(`(not ${this.gen(BOOL, d - 1).t})`)],
      [4, () => e(`(${this.gen(BOOL, d - 1).t} ${r.pick(["and", "or"])} ${this.gen(BOOL, d - 1).t})`)],
      [3, () => {
        const ty = this.anyTy();
        const classes = ["int", "float", "str", "list", "tuple", "dict", "bool", "(int, float)", "(str, list)", "object"];
        const user = this.ctx.scope.visibleClasses().map((c) => c.name);
        return e(`isinstance(${this.gen(ty, d - 1).t}, ${r.pick([...classes, ...user])})`);
      }],
      [4, () => {
        const s = this.parenAtom(this.gen(STR, d - 1).t);
        const m = r.pick(["isdigit()", "isalpha()", "isspace()", "isupper()", "islower()", "isalnum()", "isdecimal()", "isnumeric()", "istitle()", "isidentifier()", "isprintable()", "isascii()",
          `startswith(${this.gen(STR, 0, 4).t})`, `endswith(${this.gen(STR, 0, 4).t})`, `startswith((${this.gen(STR, 0, 3).t}, ${this.gen(STR, 0, 3).t}))`, `endswith(${this.gen(STR, 0, 3).t}, ${r.int(-3, 3)})`]);
        return e(`${s}.${m}`);
      }],
      [3, () => e(`bool(${this.gen(this.anyTy(true), d - 1).t})`)],
      [2, () => {
        const k = smallInt(r, 0, 8).t;
        return e(r.pick([`any(i > ${r.int(0, 5)} for i in range(${k}))`, `all(${this.gen(listOf(BOOL), d - 1).t})`, `any(${this.gen(listOf(INT), d - 1).t})`, `all(ch.isalpha() for ch in ${this.gen(STR, d - 1).t})`]));
      }],
      [1, () => {
        // `is` with a literal draws a SyntaxWarning from CPython: compare the type instead
        const x = this.gen(this.anyTy(), d - 1).t;
        return e(/^[A-Za-z_]\w*$/.test(x) ? `(${x} is None)` : `(type(${x}) is type(None))`);
      }],
      [2, () => this.conditional(BOOL, d, Infinity)],
      [2, () => {
        const a = this.gen(setOf(INT), d - 1), b = this.gen(setOf(INT), d - 1);
        return e(`(${a.t} ${r.pick(["<=", "<", ">=", ">", "==", "!="])} ${b.t})`);
      }],
      [2, () => this.callReturning(BOOL, d)],
      [2, () => this.fromInstance(BOOL, d)],
      [1, () => this.elementOf(BOOL, d)],
    ], () => this.leaf(BOOL));
  }

  private comparison(d: number): Expr {
    const r = this.rng;
    const ops = ["<", "<=", ">", ">=", "==", "!="];
    const kind = r.weighted([[6, "num"], [3, "str"], [2, "seq"], [1, "mixed"], [1, "inst"]] as const);
    let operand: () => Expr;
    switch (kind) {
      case "num": operand = () => (r.chance(0.6) ? this.gen(INT, d - 1) : this.gen(FLOAT, d - 1)); break;
      case "str": operand = () => this.gen(STR, d - 1); break;
      case "seq": {
        const ty = r.pick([listOf(INT), tupleOf(INT, STR), listOf(STR), tupleOf(INT, INT)]);
        operand = () => this.gen(ty, d - 1);
        break;
      }
      case "mixed": {
        // == and != between any two types are fine; ordering raises TypeError, on purpose
        operand = () => this.gen(this.anyTy(), d - 1);
        break;
      }
      case "inst": {
        const cs = this.ctx.scope.visibleClasses().filter((c) => !c.isException && (hasDunder(c, "__lt__") || hasDunder(c, "__eq__")));
        if (cs.length === 0) return e(`(${this.gen(INT, d - 1).t} ${r.pick(ops)} ${this.gen(FLOAT, d - 1).t})`);
        const c = r.pick(cs);
        operand = () => this.gen({ k: "inst", cls: c }, d - 1);
        const op = hasDunder(c, "__lt__") ? r.pick(ops) : r.pick(["==", "!="]);
        return e(`(${operand().t} ${op} ${operand().t})`);
      }
    }
    const k = r.chance(0.2) ? 3 : 2;
    let t = operand().t;
    for (let i = 1; i < k; i++) t += ` ${r.pick(ops)} ${operand().t}`;
    return e(`(${t})`);
  }

  private membership(d: number): Expr {
    const r = this.rng;
    const not = r.chance(0.3) ? "not in" : "in";
    return r.weighted<() => Expr>([
      [3, () => e(`(${this.gen(INT, d - 1, 64).t} ${not} ${this.gen(listOf(INT), d - 1).t})`)],
      [3, () => e(`(${this.gen(STR, 0, 4).t} ${not} ${this.gen(STR, d - 1).t})`)],
      [2, () => {
        const ty = r.pick([dictOf(STR, INT), dictOf(INT, STR)]);
        return e(`(${this.gen(ty.k === "dict" ? ty.key : STR, 0, 8).t} ${not} ${this.gen(ty, d - 1).t})`);
      }],
      [2, () => e(`(${this.gen(INT, d - 1, 64).t} ${not} ${this.gen(setOf(INT), d - 1).t})`)],
      [2, () => e(`(${this.gen(INT, d - 1, 64).t} ${not} range(${smallInt(r, -5, 5).t}, ${smallInt(r, -5, 30).t}, ${r.pick(["1", "2", "3", "(-1)", "(-2)"])}))`)],
      [1, () => e(`(${this.gen(INT, d - 1, 64).t} ${not} ${this.gen(tupleOf(INT, INT, INT), d - 1).t})`)],
      [1, () => {
        const cs = this.ctx.scope.visibleClasses().filter((c) => hasDunder(c, "__contains__"));
        if (cs.length === 0) return e(`(1 ${not} [1, 2])`);
        return e(`(${this.gen(INT, d - 1, 64).t} ${not} ${this.gen({ k: "inst", cls: r.pick(cs) }, d - 1).t})`);
      }],
    ])();
  }

  private noneExpr(d: number): Expr {
    const r = this.rng;
    return this.choose([
      [3, () => e("None")],
      [2, () => e(`${this.parenAtom(this.gen(dictOf(STR, INT), d - 1).t)}.get(${this.gen(STR, 0, 4).t})`)],
      [2, () => this.callReturning(NONE, d)],
      [1, () => e(`${r.pick(["[]", "[3, 1, 2]"])}.sort()`)],
    ], () => e("None"));
  }

  // ---- containers ---------------------------------------------------------------------------

  private listExpr(of: Ty, d: number, max: number): Expr {
    const r = this.rng;
    const ty = listOf(of);
    const sortable = of.k === "int" || of.k === "float" || of.k === "str" || of.k === "bool" || of.k === "tuple";
    return this.choose([
      [6, () => {
        const k = r.int(0, 6);
        return e(`[${Array.from({ length: k }, () => this.elem(of, d - 1).t).join(", ")}]`, k);
      }],
      [6, () => this.listComprehension(of, d)],
      [of.k === "int" ? 4 : 0, () => {
        const a = smallInt(r, -5, 10), b = smallInt(r, -5, 25);
        const step = this.risk(0.1) ? ", 0" : r.weighted([[5, ""], [3, ", " + r.pick(["2", "3", "(-1)", "(-2)"])]] as const);
        return e(`list(range(${r.chance(0.3) ? b.t : `${a.t}, ${b.t}${step}`}))`, 30);
      }],
      [sortable ? 5 : 0, () => {
        const x = this.gen(ty, d - 1, max);
        const key = this.sortKey(of);
        const rev = r.chance(0.3) ? `, reverse=${r.pick(["True", "False"])}` : "";
        return e(`sorted(${x.t}${key}${rev})`, x.n);
      }],
      [4, () => { const x = this.gen(ty, d - 1, max); return e(`${this.parenAtom(x.t)}[${this.sliceText()}]`, x.n); }],
      [4, () => { const a = this.gen(ty, d - 1, max), b = this.gen(ty, d - 1, max); return e(`(${a.t} + ${b.t})`, a.n + b.n); }],
      [2, () => { const a = this.gen(ty, d - 1, 20); const k = r.int(-1, 4); return e(`(${a.t} * ${k < 0 ? `(${k})` : k})`, a.n * Math.max(0, k)); }],
      [2, () => { const x = this.gen(ty, d - 1, max); return e(`list(reversed(${x.t}))`, x.n); }],
      [of.k === "str" ? 6 : 0, () => {
        const s = this.gen(STR, d - 1);
        const m = r.pick(["split()", `split(${this.gen(STR, 0, 3).t})`, `split(${this.gen(STR, 0, 3).t}, ${r.int(-1, 3)})`, `rsplit(None, ${r.int(0, 2)})`, `rsplit(${this.gen(STR, 0, 3).t})`, "splitlines()"]);
        return r.chance(0.2) ? e(`list(${s.t})`, s.n) : e(`${this.parenAtom(s.t)}.${m}`, s.n + 1);
      }],
      [3, () => {
        const src = this.gen(ty, d - 1, max);
        const lam = this.lambda1(of, of, d);
        return lam ? e(`list(map(${lam}, ${src.t}))`, src.n) : null;
      }],
      [3, () => {
        const src = this.gen(ty, d - 1, max);
        const lam = this.lambda1(of, BOOL, d);
        return lam ? e(`list(filter(${lam}, ${src.t}))`, src.n) : null;
      }],
      [of.k === "tuple" && of.of.length === 2 ? 3 : 0, () => {
        if (of.k !== "tuple") return null;
        const a = this.gen(listOf(of.of[0]), d - 1), b = this.gen(listOf(of.of[1]), d - 1);
        return e(`list(zip(${a.t}, ${b.t}))`, Math.min(a.n, b.n));
      }],
      [of.k === "int" ? 2 : 0, () => { const s = this.gen(setOf(INT), d - 1); return e(`sorted(${s.t})`, s.n); }],
      [2, () => {
        const dt = r.pick(DICT_TYS) as Extract<Ty, { k: "dict" }>;
        if (tyEq(dt.key, of)) return e(`list(${this.gen(dt, d - 1).t}${r.pick(["", ".keys()"])})`, 10);
        if (tyEq(dt.val, of)) return e(`list(${this.parenAtom(this.gen(dt, d - 1).t)}.values())`, 10);
        return null;
      }],
      [1, () => { const x = this.gen(ty, d - 1, max); return e(`${this.parenAtom(x.t)}.copy()`, x.n); }],
      [2, () => this.conditional(ty, d, max)],
      [2, () => this.callReturning(ty, d)],
      [2, () => this.fromInstance(ty, d)],
      [2, () => this.elementOf(ty, d)],
    ], () => this.leaf(ty, max));
  }

  /** `, key=...` for sorted() or list.sort(), or nothing. */
  sortKey(of: Ty): string {
    const r = this.rng;
    if (r.chance(0.5)) return "";
    switch (of.k) {
      case "int": return `, key=${r.pick(["abs", "lambda v: -v", "lambda v: v % 3", "str", "lambda v: (v % 2, -v)"])}`;
      case "float": return `, key=${r.pick(["abs", "lambda v: -v", "lambda v: round(v)"])}`;
      case "str": return `, key=${r.pick(["len", "str.lower", "lambda v: v[::-1]", "lambda v: (len(v), v)"])}`;
      case "tuple": return `, key=${r.pick(["lambda v: v[1]", "lambda v: v[0]", "str"])}`;
      default: return "";
    }
  }

  /** `lambda v: <expr of type to>` over an argument of type `from`, or null. */
  lambda1(from: Ty, to: Ty, d: number): string | null {
    const r = this.rng;
    const v = this.ctx.fresh("v");
    const arg: Var = { name: v, ty: from, n: from.k === "int" ? LIMITS.elemBits : from.k === "str" ? LIMITS.elemStrLen : 5, small: false };
    const scope = this.ctx.scope;
    scope.vars.set(v, arg);
    try {
      const body = to.k === "bool" && from.k === "int"
        ? e(`${v} ${r.pick(["> 0", "% 2 == 0", "< 10", "!= 1"])}`)
        : this.elem(to, Math.min(2, d - 1));
      if (to.k !== "bool" && !body.t.includes(v) && r.chance(0.7)) return null;
      return `lambda ${v}: ${body.t}`;
    } finally {
      scope.vars.delete(v);
    }
  }

  private listComprehension(of: Ty, d: number): Expr | null {
    const r = this.rng;
    const x = this.ctx.fresh("c");
    const source = r.weighted<() => [string, Ty, number]>([
      [4, () => [`range(${smallInt(r, 0, 10).t})`, INT, 10]],
      [3, () => { const l = this.gen(listOf(INT), d - 1); return [l.t, INT, l.n]; }],
      [2, () => { const s = this.gen(STR, d - 1, 40); return [s.t, STR, s.n]; }],
      [1, () => { const l = this.gen(listOf(STR), d - 1); return [l.t, STR, l.n]; }],
    ])();
    const [src, xty, len] = source;
    const scope = this.ctx.scope;
    scope.vars.set(x, { name: x, ty: xty, n: xty.k === "int" ? LIMITS.elemBits : 1, small: src.startsWith("range") });
    try {
      const body = this.elem(of, Math.min(2, d - 1));
      const cond = r.chance(0.35) ? ` if ${this.gen(BOOL, 1).t}` : "";
      if (r.chance(0.15) && len <= 10) {
        const y = this.ctx.fresh("c");
        return e(`[${body.t} for ${x} in ${src} for ${y} in range(${r.int(0, 3)})${cond}]`, len * 3);
      }
      return e(`[${body.t} for ${x} in ${src}${cond}]`, len);
    } finally {
      scope.vars.delete(x);
    }
  }

  private tupleExpr(ty: Extract<Ty, { k: "tuple" }>, d: number): Expr {
    const r = this.rng;
    const shape = ty.of.map((t) => t.k).join(",");
    return this.choose([
      [6, () => {
        const items = ty.of.map((t) => this.elem(t, d - 1).t);
        return e(items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`, items.length);
      }],
      [shape === "int,int" ? 3 : 0, () => e(`divmod(${this.gen(INT, d - 1, LIMITS.elemBits).t}, ${this.divisor(d - 1).t})`, 2)],
      [shape === "str,str,str" ? 3 : 0, () => e(`${this.parenAtom(this.gen(STR, d - 1).t)}.${r.pick(["partition", "rpartition"])}(${this.gen(STR, 0, 3).t})`, 3)],
      [2, () => this.conditional(ty, d, Infinity)],
      [3, () => this.elementOf(ty, d)],
      [1, () => this.callReturning(ty, d)],
      [1, () => e(`tuple(${this.literal(listOf(ty.of[0]), ty.of.length).t})`, ty.of.length)],
    ], () => this.leaf(ty));
  }

  private dictExpr(ty: Extract<Ty, { k: "dict" }>, d: number): Expr {
    const r = this.rng;
    return this.choose([
      [6, () => {
        const k = r.int(0, 5);
        const items = Array.from({ length: k }, () => `${this.elem(ty.key, Math.min(1, d - 1)).t}: ${this.elem(ty.val, d - 1).t}`);
        return e(`{${items.join(", ")}}`, k);
      }],
      [4, () => {
        const x = this.ctx.fresh("c");
        const scope = this.ctx.scope;
        const n = r.int(0, 8);
        scope.vars.set(x, { name: x, ty: INT, n: 8, small: true });
        try {
          const key = this.elem(ty.key, 1).t;
          const val = this.elem(ty.val, Math.min(2, d - 1)).t;
          return e(`{${key}: ${val} for ${x} in range(${n})}`, n);
        } finally {
          scope.vars.delete(x);
        }
      }],
      [3, () => {
        const ks = this.gen(listOf(ty.key), d - 1), vs = this.gen(listOf(ty.val), d - 1);
        return e(`dict(zip(${ks.t}, ${vs.t}))`, Math.min(ks.n, vs.n));
      }],
      [ty.key.k === "str" ? 1 : 0, () => e(`dict(${["alpha", "beta", "gamma"].slice(0, r.int(0, 3)).map((k) => `${k}=${this.elem(ty.val, 0).t}`).join(", ")})`, 3)],
      [2, () => { const x = this.gen(ty, d - 1); return e(r.chance(0.5) ? `dict(${x.t})` : `${this.parenAtom(x.t)}.copy()`, x.n); }],
      [2, () => this.conditional(ty, d, LIMITS.listLen)],
      [1, () => this.callReturning(ty, d)],
    ], () => this.leaf(ty));
  }

  private setExpr(of: Ty, d: number): Expr {
    const r = this.rng;
    const ty = setOf(of);
    return this.choose([
      [5, () => {
        const k = r.int(1, 6);
        return e(`{${Array.from({ length: k }, () => this.elem(of, 0).t).join(", ")}}`, k);
      }],
      [3, () => { const l = this.gen(listOf(of), d - 1); return e(`set(${l.t})`, l.n); }],
      [of.k === "str" ? 2 : 0, () => { const s = this.gen(STR, d - 1); return e(`set(${s.t})`, s.n); }],
      [4, () => {
        const a = this.gen(ty, d - 1), b = this.gen(ty, d - 1);
        const op = r.pick(["|", "&", "-", "^"]);
        return r.chance(0.2) ? e(`${this.parenAtom(a.t)}.union(${b.t})`, a.n + b.n) : e(`(${a.t} ${op} ${b.t})`, a.n + b.n);
      }],
      [of.k === "int" ? 3 : 0, () => {
        const x = this.ctx.fresh("c");
        return e(`{${x} % ${r.int(1, 7)} for ${x} in range(${r.int(0, 12)})}`, 12);
      }],
    ], () => this.leaf(ty));
  }

  // ---- classes, functions, shared shapes -----------------------------------------------------

  private instExpr(cls: ClassInfo, d: number): Expr {
    const r = this.rng;
    const ty: Ty = { k: "inst", cls };
    return this.choose([
      [5, () => this.construct(cls, d - 1)],
      [hasDunder(cls, "__add__") ? 2 : 0, () => e(`(${this.gen(ty, d - 1).t} + ${r.chance(0.5) ? this.gen(ty, d - 1).t : this.gen(INT, 0, 32).t})`)],
      [hasDunder(cls, "__radd__") ? 1 : 0, () => e(`(${this.gen(INT, 0, 32).t} + ${this.gen(ty, d - 1).t})`)],
      [1, () => this.conditional(ty, d, Infinity)],
      [2, () => this.callReturning(ty, d)],
      [2, () => this.fromInstance(ty, d)],
      [1, () => {
        const m = allMethods(cls).find((mm) => mm.kind === "static" && mm.returns.k === "inst" && mm.returns.cls === cls);
        return m ? e(`${cls.name}.${m.name}(${m.params.map((p) => this.elem(p.ty, 0).t).join(", ")})`) : null;
      }],
    ], () => this.construct(cls, 0));
  }

  construct(cls: ClassInfo, d: number): Expr {
    const args: string[] = [];
    let keywords = false;
    for (const p of cls.init) {
      if (p.dflt !== null && this.rng.chance(0.4)) { keywords = true; continue; }
      const v = this.elem(p.ty, Math.max(0, d)).t;
      if (!keywords && this.rng.chance(0.15)) keywords = true;
      args.push(keywords ? `${p.name}=${v}` : v);
    }
    return e(`${cls.name}(${args.join(", ")})`);
  }

  private conditional(ty: Ty, d: number, max: number): Expr {
    const a = this.gen(ty, d - 1, max), b = this.gen(ty, d - 1, max);
    return e(`(${a.t} if ${this.gen(BOOL, d - 1).t} else ${b.t})`, Math.max(a.n, b.n));
  }

  /** Things that hold a list of ints, a str, …: for len(). */
  private sized(d: number): Expr {
    const r = this.rng;
    const ty = r.pick([STR, listOf(INT), listOf(STR), dictOf(STR, INT), setOf(INT), tupleOf(INT, STR)]);
    return this.gen(ty, d);
  }

  /** An element of `ty` read out of a container variable or expression. */
  private elementOf(ty: Ty, d: number): Expr | null {
    const r = this.rng;
    const n = ty.k === "int" ? LIMITS.elemBits : ty.k === "str" ? LIMITS.elemStrLen : 12;
    const options: (() => Expr | null)[] = [];
    for (const v of this.ctx.scope.visibleVars()) {
      const t = v.ty;
      if (t.k === "list" && tyEq(t.of, ty)) {
        // mostly guarded: an IndexError ends the case, and the rest of it goes untested
        options.push(() => (this.risk(0.2)
          ? e(`${v.name}[${r.int(-3, 3)}]`, n)
          : e(`(${v.name}[${this.gen(INT, 0, 32).t} % len(${v.name})] if ${v.name} else ${this.elem(ty, 0).t})`, n)));
      }
      if (t.k === "tuple") t.of.forEach((et, i) => { if (tyEq(et, ty)) options.push(() => e(`${v.name}[${r.chance(0.5) ? i : i - t.of.length}]`, n)); });
      if (t.k === "dict" && tyEq(t.val, ty)) {
        options.push(() => e(!this.risk(0.2)
          ? `${v.name}.get(${this.elem(t.key, 0).t}, ${this.elem(ty, 0).t})`
          : `${v.name}[${this.elem(t.key, 0).t}]`, n));
      }
    }
    if (options.length === 0) {
      // an element of a fresh list literal
      if (d <= 0) return null;
      const k = r.int(1, 4);
      const items = Array.from({ length: k }, () => this.elem(ty, d - 1).t);
      return e(`[${items.join(", ")}][${r.int(-k, k - 1)}]`, n);
    }
    return r.pick(options)();
  }

  private aggregate(ty: Ty, d: number): Expr {
    const r = this.rng;
    const lst = this.gen(listOf(ty), d - 1);
    const n = ty.k === "int" ? LIMITS.elemBits + 10 : 0;
    return r.weighted<() => Expr>([
      [3, () => e(`sum(${lst.t})`, n)],
      [1, () => e(`sum(${lst.t}, ${this.elem(ty, 0).t})`, n + 1)],
      [2, () => e(`${r.pick(["min", "max"])}(${lst.t})`, n)],
      [1, () => e(`${r.pick(["min", "max"])}(${lst.t}, default=${this.elem(ty, 0).t})`, n)],
      [1, () => e(`${r.pick(["min", "max"])}(${lst.t}${this.sortKey(ty) || ", key=abs"})`, n)],
      [2, () => e(`${r.pick(["min", "max"])}(${this.elem(ty, d - 1).t}, ${this.elem(ty, d - 1).t}${r.chance(0.4) ? ", " + this.elem(ty, 0).t : ""})`, n)],
    ])();
  }

  /** A call of a user function or generator whose result is `ty`. */
  private callReturning(ty: Ty, d: number): Expr | null {
    const fns = this.ctx.scope.visibleFuncs().filter((f) => (f.generator ? tyEq(listOf(f.returns), ty) : tyEq(f.returns, ty)));
    if (fns.length === 0) return null;
    const f = this.rng.pick(fns);
    const call = this.callText(f, d);
    const n = ty.k === "int" ? LIMITS.elemBits : ty.k === "str" ? LIMITS.strLen / 4 : ty.k === "list" ? 30 : 0;
    return e(f.generator ? `list(${call})` : call, n);
  }

  callText(f: FuncInfo, d: number): string {
    const r = this.rng;
    const pos: string[] = [];
    const kw: string[] = [];
    let keywordsStarted = false;
    for (const p of f.params) {
      const skip = p.dflt !== null && r.chance(0.4);
      if (skip) { keywordsStarted = true; continue; }
      const v = p.small ? smallInt(r, 0, 8).t : this.elem(p.ty, Math.max(0, Math.min(d - 1, 2))).t;
      if (p.kind === "keyword_only" || keywordsStarted || r.chance(0.2)) { kw.push(`${p.name}=${v}`); keywordsStarted = true; } else pos.push(v);
    }
    if (f.varargs && !keywordsStarted && r.chance(0.6)) {
      for (let i = r.int(0, 3); i > 0; i--) pos.push(this.gen(INT, 0, 32).t);
    }
    if (f.varkw && r.chance(0.6)) {
      for (let i = r.int(1, 2); i > 0; i--) kw.push(`${r.pick(["extra", "more", "zz"])}${i}=${this.gen(INT, 0, 32).t}`);
    }
    if (pos.length > 0 && r.chance(0.15)) return `${f.name}(*[${pos.join(", ")}]${kw.length ? ", " + kw.join(", ") : ""})`;
    if (kw.length > 0 && r.chance(0.15)) {
      const dict = kw.map((k) => { const i = k.indexOf("="); return `'${k.slice(0, i)}': ${k.slice(i + 1)}`; });
      return `${f.name}(${[...pos, `**{${dict.join(", ")}}`].join(", ")})`;
    }
    return `${f.name}(${[...pos, ...kw].join(", ")})`;
  }

  /** A field, property or method result of `ty` from some instance in scope. */
  private fromInstance(ty: Ty, d: number): Expr | null {
    const r = this.rng;
    const options: (() => Expr)[] = [];
    const n = ty.k === "int" ? LIMITS.elemBits : ty.k === "str" ? LIMITS.strLen / 4 : 12;
    const objects = this.ctx.scope.visibleVars().filter((v) => v.ty.k === "inst" && !v.ty.cls.isException);
    if (this.ctx.selfClass) objects.push({ name: "self", ty: { k: "inst", cls: this.ctx.selfClass }, n: 0, small: false });
    for (const o of objects) {
      if (o.ty.k !== "inst") continue;
      const cls = o.ty.cls;
      for (const f of allFields(cls)) if (tyEq(f.ty, ty)) options.push(() => e(`${o.name}.${f.name}`, n));
      for (const m of allMethods(cls)) {
        if (!tyEq(m.returns, ty) || (o.name === "self" && !this.ctx.selfCalls)) continue;
        if (m.kind === "property") options.push(() => e(`${o.name}.${m.name}`, n));
        else options.push(() => e(`${o.name}.${m.name}(${m.params.map((p) => (p.small ? smallInt(r, 0, 6).t : this.elem(p.ty, Math.min(1, d - 1)).t)).join(", ")})`, n));
      }
      if (ty.k === "int" && hasDunder(cls, "__len__")) options.push(() => e(`len(${o.name})`, 16));
      if (ty.k === "int" && hasDunder(cls, "__getitem__")) options.push(() => e(`${o.name}[${smallInt(r, -3, 3).t}]`, n));
      if (ty.k === "str") options.push(() => e(`${r.pick(["str", "repr"])}(${o.name})`, 200));
      if (ty.k === "bool") options.push(() => e(`bool(${o.name})`));
      if (tyEq(ty, INT) && hasDunder(cls, "__call__")) options.push(() => e(`${o.name}(${this.gen(INT, 0, 32).t})`, n));
    }
    if (options.length === 0) return null;
    return r.pick(options)();
  }
}

/** True when the parentheses in `s` balance (so `(a) + (b)` is not mistaken for an atom). */
function balanced(s: string): boolean {
  let depth = 0;
  let quote = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") { depth--; if (depth < 0) return false; }
  }
  return depth === 0;
}
