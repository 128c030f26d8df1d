/**
 * Random statements: assignments and prints, control flow with break/continue, functions
 * (defaults, *args, **kwargs, keyword-only, closures, recursion, generators), classes (see
 * gen_class.ts), try/except/else/finally with raising statements, with, assert, del, and the
 * mutations of lists, dicts and sets.
 *
 * Termination by construction: loops run over small literal ranges, short containers or a
 * `while` counter whose increment the shrinker may not remove; nothing appends to a list a
 * loop is walking; recursion and generators take a small literal argument; function and
 * method calls only reach code written before them (see GenContext.selfCalls).
 */
import {
  BOOL, FLOAT, INT, NONE, STR, LIMITS, Scope, allFields, allMethods, dictOf, hasDunder, listOf, setOf, tupleOf,
  tyEq, type ClassInfo, type FuncInfo, type GenContext, type Param, type Ty, type Var,
} from "./gen_context.js";
import { ExprGen, type Expr } from "./gen_expr.js";
import { smallInt, strSource } from "./py_literal.js";
import { block, clause, line, type Stmt } from "./stmt_tree.js";
import { classDef, contextManagerClass, exceptionClass } from "./gen_class.js";
import { template } from "./gen_templates.js";

const BUILTIN_EXCEPTIONS = [
  "ValueError", "TypeError", "KeyError", "IndexError", "ZeroDivisionError", "ArithmeticError", "AttributeError",
  "NameError", "RuntimeError", "AssertionError", "LookupError", "StopIteration", "NotImplementedError", "OverflowError",
];

export class StmtGen {
  readonly x: ExprGen;

  constructor(readonly ctx: GenContext) {
    this.x = new ExprGen(ctx);
  }

  private get rng() {
    return this.ctx.rng;
  }

  /** About `count` statements (fewer when the case's budget runs out). */
  body(count: number): Stmt[] {
    const out: Stmt[] = [];
    for (let i = 0; i < count && this.ctx.budget > 0; i++) {
      this.ctx.budget--;
      out.push(...this.stmt());
    }
    return out;
  }

  /**
   * Runs `f` for a nested body: names it introduces are forgotten afterwards, since the body
   * may not have run (a branch not taken, a loop of zero iterations).
   */
  nested<T>(f: () => T): T {
    const scope = this.ctx.scope;
    const vars = new Set(scope.vars.keys());
    const nf = scope.funcs.length;
    const nc = scope.classes.length;
    this.ctx.stmtDepth++;
    try {
      return f();
    } finally {
      this.ctx.stmtDepth--;
      for (const k of [...scope.vars.keys()]) if (!vars.has(k)) scope.vars.delete(k);
      scope.funcs.length = nf;
      scope.classes.length = nc;
    }
  }

  private choose(prods: [number, () => Stmt[] | null][]): Stmt[] {
    let left = prods.filter((p) => p[0] > 0);
    while (left.length > 0) {
      const pick = this.rng.weighted(left.map((p, i) => [p[0], i] as const));
      const got = left[pick][1]();
      if (got) return got;
      left = left.filter((_, i) => i !== pick);
    }
    return [this.printStmt()[0]];
  }

  stmt(): Stmt[] {
    const c = this.ctx;
    const deep = c.stmtDepth >= LIMITS.stmtDepth;
    const loopsOk = !deep && c.work < LIMITS.loopWork;
    return this.choose([
      [12, () => this.assignNew()],
      [5, () => this.reassign()],
      [5, () => this.augmented()],
      [10, () => this.printStmt()],
      [3, () => this.unpack()],
      [deep ? 0 : 5, () => this.ifStmt()],
      [loopsOk ? 5 : 0, () => this.forStmt()],
      [loopsOk ? 2 : 0, () => this.whileStmt()],
      [deep ? 0 : 5, () => this.tryStmt()],
      [5, () => this.mutation()],
      [deep ? 0 : 3, () => this.funcDef()],
      [deep ? 0 : 1, () => this.lambdaDef()],
      [c.stmtDepth === 0 && c.selfClass === null ? 3 : 0, () => this.classStmt()],
      [deep ? 0 : 1, () => this.withStmt()],
      [0.5, () => this.assertStmt()],
      [c.loopDepth === 0 ? 1 : 0, () => this.delStmt()],
      [c.loopDepth > 0 ? 3 : 0, () => this.loopJump()],
      [c.inFunction && c.returns !== null && !c.inGenerator ? 1 : 0, () => this.earlyReturn()],
      [4, () => this.instanceStmt()],
      [deep ? 0 : 1, () => this.closureCounter()],
      [deep ? 0 : 1, () => this.lateBinding()],
      [deep ? 0 : 1, () => this.recursion()],
      [deep ? 0 : 1, () => this.generatorDef()],
      [1, () => this.risky()],
      [1, () => [line(`print(${this.callableForm()})`)]],
      [deep ? 0 : 3, () => template(this)],
    ]);
  }

  // ---- assignments and prints ----------------------------------------------------------------

  private depth(): number {
    return this.rng.weighted([[2, 1], [4, 2], [3, 3]] as const);
  }

  private declare(name: string, ty: Ty, n: number, small = false): void {
    this.ctx.scope.vars.set(name, { name, ty, n, small });
  }

  /** print(v), written so that a set prints in a fixed order. */
  printVar(v: Var): Stmt {
    const r = this.rng;
    const val = v.ty.k === "set" ? `sorted(${v.name})` : v.name;
    return line(r.weighted([[4, `print(${val})`], [3, `print(${strSource(r, v.name)}, ${val})`], [1, `print(repr(${val}))`]] as const));
  }

  private assignNew(): Stmt[] {
    const ty = this.x.anyTy(true);
    const value = this.x.gen(ty, this.depth());
    const name = this.ctx.fresh("v");
    this.declare(name, ty, value.n);
    const out: Stmt[] = [line(`${name} = ${value.t}`)];
    if (this.rng.chance(0.6)) out.push(this.printVar(this.ctx.scope.vars.get(name)!));
    return out;
  }

  /** Local variables that may be written (loop counters may not). */
  private writable(pred: (v: Var) => boolean = () => true): Var[] {
    return [...this.ctx.scope.vars.values()].filter((v) => !v.small && pred(v));
  }

  /** An expression to store into `v`: flat when v outlives the iteration (see gen_context.ts). */
  private valueFor(v: Var, ty: Ty, depth: number, max?: number): Expr {
    const persistent = this.ctx.isPersistent(v.name);
    return persistent ? this.x.flatly(() => this.x.gen(ty, depth, max)) : this.x.gen(ty, depth, max);
  }

  private reassign(): Stmt[] | null {
    const vars = this.writable();
    if (vars.length === 0) return null;
    const v = this.rng.pick(vars);
    const value = this.valueFor(v, v.ty, this.depth());
    v.n = this.ctx.isPersistent(v.name) ? Math.max(v.n, value.n) : value.n;
    const out: Stmt[] = [line(`${v.name} = ${value.t}`)];
    if (this.rng.chance(0.5)) out.push(this.printVar(v));
    return out;
  }

  private augmented(): Stmt[] | null {
    const r = this.rng;
    const vars = this.writable((v) => ["int", "float", "str", "list"].includes(v.ty.k) && !this.ctx.iterating.has(v.name) && !(v.borrowed && v.ty.k === "list"));
    if (vars.length === 0) return null;
    const v = r.pick(vars);
    const persistent = this.ctx.isPersistent(v.name);
    const growth = persistent ? this.ctx.work : 1;
    let op: string;
    let rhs: Expr;
    let n: number;
    switch (v.ty.k) {
      case "int": {
        op = r.pick(["+=", "-=", "*=", "//=", "%=", "&=", "|=", "^=", "<<=", ">>=", "**="]);
        if (op === "//=" || op === "%=") rhs = e(String(r.int(1, 50) * (r.chance(0.2) ? -1 : 1)).replace(/^(-.*)$/, "($1)"));
        else if (op === "<<=" || op === ">>=") rhs = e(String(r.int(0, 12)), 12);
        else if (op === "**=") rhs = e(String(persistent ? r.int(0, 1) : r.int(0, 3)), 2);
        else rhs = this.valueFor(v, INT, 2, LIMITS.elemBits);
        const added = op === "*=" ? rhs.n : op === "<<=" ? 12 : op === "**=" ? v.n * 2 : 1;
        n = v.n + added * growth;
        break;
      }
      case "float":
        op = r.pick(["+=", "-=", "*=", "/=", "//=", "%=", "**="]);
        rhs = op === "**=" ? e(String(r.int(0, 3))) : op.length === 3 ? e(r.pick(["2", "0.5", "(-3)", "1.5", "7.25"])) : this.valueFor(v, r.chance(0.5) ? FLOAT : INT, 2, 64);
        n = 0;
        break;
      case "str":
        if (r.chance(0.2) && !persistent) {
          op = "*=";
          rhs = e(String(r.int(0, 3)));
          n = v.n * 3;
        } else {
          op = "+=";
          rhs = this.valueFor(v, STR, 2, LIMITS.elemStrLen);
          n = v.n + rhs.n * growth;
        }
        break;
      case "list":
        if (r.chance(0.2) && !persistent) {
          op = "*=";
          rhs = e(String(r.int(0, 3)));
          n = v.n * 3;
        } else {
          op = "+=";
          rhs = this.valueFor(v, v.ty, 1, 6);
          n = v.n + rhs.n * growth;
        }
        break;
      default:
        return null;
    }
    const limit = v.ty.k === "int" ? LIMITS.intBits : v.ty.k === "str" ? LIMITS.strLen : LIMITS.listLen;
    if (n > limit) return null;
    v.n = n;
    const out: Stmt[] = [line(`${v.name} ${op} ${rhs.t}`)];
    if (r.chance(0.5)) out.push(this.printVar(v));
    return out;
  }

  printStmt(): Stmt[] {
    const r = this.rng;
    const k = r.weighted([[1, 0], [6, 1], [3, 2], [1, 3]] as const);
    const args = Array.from({ length: k }, () => this.x.printable(this.depth()).t);
    if (r.chance(0.1)) args.push(`sep=${strSource(r, r.pick(["", ", ", "|", "\n", "é"]))}`);
    if (r.chance(0.1)) args.push(`end=${strSource(r, r.pick(["", "!\n", " ;\n", "\n\n"]))}`);
    return [line(`print(${args.join(", ")})`)];
  }

  private unpack(): Stmt[] | null {
    const r = this.rng;
    const kind = r.weighted([[3, "divmod"], [2, "swap"], [3, "tuple"], [2, "star"], [1, "str"], [1, "nested"]] as const);
    switch (kind) {
      case "divmod": {
        const a = this.ctx.fresh("q"), b = this.ctx.fresh("m");
        const ints = r.chance(0.7);
        const src = ints
          ? `divmod(${this.x.gen(INT, 2, LIMITS.elemBits).t}, ${this.x.gen(INT, 1, 64).t})`
          : `divmod(${this.x.gen(FLOAT, 2).t}, ${this.x.gen(FLOAT, 1).t})`;
        this.declare(a, ints ? INT : FLOAT, ints ? LIMITS.elemBits : 0);
        this.declare(b, ints ? INT : FLOAT, ints ? LIMITS.elemBits : 0);
        return [line(`${a}, ${b} = ${src}`), line(`print(${a}, ${b})`)];
      }
      case "swap": {
        const vars = this.writable();
        for (const v of r.shuffled(vars)) {
          const w = vars.find((u) => u !== v && tyEq(u.ty, v.ty));
          if (w) {
            const n = Math.max(v.n, w.n);
            v.n = w.n = n;
            return [line(`${v.name}, ${w.name} = ${w.name}, ${v.name}`), line(`print(${v.ty.k === "set" ? `sorted(${v.name}), sorted(${w.name})` : `${v.name}, ${w.name}`})`)];
          }
        }
        return null;
      }
      case "tuple": {
        const shape = r.pick([tupleOf(INT, STR), tupleOf(INT, INT), tupleOf(STR, STR), tupleOf(INT, INT, INT)]);
        const src = this.x.gen(shape, 2);
        if (shape.k !== "tuple") return null;
        const names = shape.of.map(() => this.ctx.fresh("u"));
        shape.of.forEach((t, i) => this.declare(names[i], t, t.k === "int" ? LIMITS.elemBits : LIMITS.elemStrLen));
        return [line(`${names.join(", ")} = ${src.t}`), line(`print(${names.join(", ")})`)];
      }
      case "star": {
        const of = r.pick([INT, STR]);
        const src = this.x.gen(listOf(of), 2);
        const a = this.ctx.fresh("h"), rest = this.ctx.fresh("t");
        const form = r.pick([`${a}, *${rest}`, `*${rest}, ${a}`, `[${a}, *${rest}]`]);
        this.declare(a, of, of.k === "int" ? LIMITS.elemBits : LIMITS.elemStrLen);
        this.declare(rest, listOf(of), src.n);
        return [line(`${form} = ${src.t}`), line(`print(${a}, ${rest})`)];
      }
      case "str": {
        const src = this.x.risk(0.5) ? this.x.gen(STR, 1, 4).t : strSource(r, r.pick(["ab", "é日", "xy"]));
        const names = [this.ctx.fresh("s"), this.ctx.fresh("s")];
        names.forEach((nm) => this.declare(nm, STR, 1));
        return [line(`${names.join(", ")} = ${src}`), line(`print(${names.join(", ")})`)];
      }
      case "nested": {
        const src = `${this.x.gen(tupleOf(INT, STR), 1).t}, ${this.x.gen(INT, 1, LIMITS.elemBits).t}`;
        const a = this.ctx.fresh("p"), b = this.ctx.fresh("p"), c = this.ctx.fresh("p");
        this.declare(a, INT, LIMITS.elemBits);
        this.declare(b, STR, LIMITS.elemStrLen);
        this.declare(c, INT, LIMITS.elemBits);
        return [line(`(${a}, ${b}), ${c} = ${src}`), line(`print(${a}, ${b}, ${c})`)];
      }
    }
  }

  // ---- control flow --------------------------------------------------------------------------

  private cond(): string {
    return this.x.gen(BOOL, this.depth()).t;
  }

  private ifStmt(): Stmt[] {
    const r = this.rng;
    const clauses = [clause(`if ${this.cond()}:`, this.nested(() => this.body(r.int(1, 3))))];
    for (let i = r.weighted([[6, 0], [3, 1], [1, 2]] as const); i > 0; i--) {
      clauses.push(clause(`elif ${this.cond()}:`, this.nested(() => this.body(r.int(1, 2))), { optional: true }));
    }
    if (r.chance(0.4)) clauses.push(clause("else:", this.nested(() => this.body(r.int(1, 2))), { optional: true }));
    return [block(clauses)];
  }

  private forStmt(): Stmt[] | null {
    const r = this.rng;
    const it = this.iterable();
    if (!it) return null;
    const loop = this.nested(() =>
      this.ctx.inLoop(it.iterations, () => {
        for (const [name, ty, small] of it.targets) this.declare(name, ty, ty.k === "int" ? (small ? 8 : LIMITS.elemBits) : ty.k === "str" ? LIMITS.elemStrLen : 12, small);
        // every container the loop reads from is off limits for growth, not just a plain `for x in lst`
        const walked = this.ctx.scope.visibleVars()
          .filter((v) => v.ty.k !== "int" && !this.ctx.iterating.has(v.name) && new RegExp(`\\b${v.name}\\b`).test(it.source))
          .map((v) => v.name);
        for (const w of walked) this.ctx.iterating.add(w);
        try {
          return this.body(r.int(1, 4));
        } finally {
          for (const w of walked) this.ctx.iterating.delete(w);
        }
      }),
    );
    const clauses = [clause(`for ${it.target} in ${it.source}:`, loop)];
    if (r.chance(0.2)) clauses.push(clause("else:", this.nested(() => this.body(1)), { optional: true }));
    return [block(clauses)];
  }

  /** Something to loop over: its source, its targets, a bound on its length. */
  private iterable(): { source: string; target: string; targets: [string, Ty, boolean][]; iterations: number } | null {
    const r = this.rng;
    const name = this.ctx.fresh("i");
    const visible = this.ctx.scope.visibleVars();
    const lists = visible.filter((v) => v.ty.k === "list");
    const kind = r.weighted([[5, "range"], [lists.length ? 4 : 0, "list"], [2, "str"], [2, "enumerate"], [1, "zip"], [2, "dict"], [1, "set"], [1, "reversed"], [1, "gen"]] as const);
    switch (kind) {
      case "range": {
        const a = r.int(-3, 4), b = r.int(-2, 9), step = r.pick([1, 1, 1, 2, 3, -1, -2]);
        const n = Math.max(0, Math.ceil((b - a) / step));
        const src = step === 1 ? (a === 0 && r.chance(0.5) ? `range(${b})` : `range(${a}, ${b})`) : `range(${a}, ${b}, ${step})`;
        return { source: src.replace(/\((-\d+)/g, "($1").replace(/, (-\d+)/g, ", $1"), target: name, targets: [[name, INT, true]], iterations: Math.min(n, 12) };
      }
      case "list": {
        const v = r.pick(lists);
        if (v.ty.k !== "list") return null;
        const short = v.n <= 12;
        return { source: short ? v.name : `${v.name}[:${r.int(1, 6)}]`, target: name, targets: [[name, v.ty.of, false]], iterations: short ? v.n : 6 };
      }
      case "str": {
        const s = this.x.gen(STR, 1, 12);
        return { source: s.t, target: name, targets: [[name, STR, false]], iterations: s.n };
      }
      case "enumerate": {
        const of = r.pick([INT, STR]);
        const l = this.x.gen(listOf(of), 1, 10);
        const j = this.ctx.fresh("j");
        const start = r.chance(0.3) ? `, ${r.int(-2, 5)}` : "";
        return { source: `enumerate(${l.t}${start})`, target: `${j}, ${name}`, targets: [[j, INT, true], [name, of, false]], iterations: l.n };
      }
      case "zip": {
        const a = this.x.gen(listOf(INT), 1, 10), b = this.x.gen(STR, 1, 10);
        const j = this.ctx.fresh("j");
        return { source: `zip(${a.t}, ${b.t})`, target: `${name}, ${j}`, targets: [[name, INT, false], [j, STR, false]], iterations: Math.min(a.n, b.n) };
      }
      case "dict": {
        const dicts = visible.filter((v) => v.ty.k === "dict" && v.n <= 12);
        const d = dicts.length ? r.pick(dicts) : null;
        const ty = (d ? d.ty : r.pick([dictOf(STR, INT), dictOf(INT, STR)])) as Extract<Ty, { k: "dict" }>;
        const src = d ? d.name : this.x.gen(ty, 1, 8).t;
        const j = this.ctx.fresh("j");
        const form = r.pick(["items", "keys", "values", "plain"]);
        if (form === "items") return { source: `${parenIfNeeded(src)}.items()`, target: `${name}, ${j}`, targets: [[name, ty.key, false], [j, ty.val, false]], iterations: 12 };
        if (form === "values") return { source: `${parenIfNeeded(src)}.values()`, target: name, targets: [[name, ty.val, false]], iterations: 12 };
        return { source: form === "keys" ? `${parenIfNeeded(src)}.keys()` : src, target: name, targets: [[name, ty.key, false]], iterations: 12 };
      }
      case "set": {
        const s = this.x.gen(setOf(INT), 1, 10);
        return { source: `sorted(${s.t})`, target: name, targets: [[name, INT, false]], iterations: s.n };
      }
      case "reversed": {
        const l = this.x.gen(listOf(INT), 1, 10);
        return { source: `reversed(${l.t})`, target: name, targets: [[name, INT, false]], iterations: l.n };
      }
      case "gen": {
        const gens = this.ctx.scope.visibleFuncs().filter((f) => f.generator);
        if (gens.length === 0) return null;
        const g = r.pick(gens);
        return { source: this.x.callText(g, 1), target: name, targets: [[name, g.returns, false]], iterations: 8 };
      }
    }
  }

  private whileStmt(): Stmt[] {
    const r = this.rng;
    const w = this.ctx.fresh("w");
    const k = r.int(0, 7);
    const body = this.nested(() =>
      this.ctx.inLoop(k + 1, () => {
        this.declare(w, INT, 8, true);
        return this.body(r.int(1, 3));
      }),
    );
    const clauses = r.chance(0.5)
      ? [clause(`while ${w} < ${k}:`, body, { fixed: [`${w} += 1`] })]
      : [clause("while True:", body, { fixed: [`${w} += 1`, `if ${w} > ${k}:`, "    break"] })];
    if (r.chance(0.2)) clauses.push(clause("else:", this.nested(() => this.body(1)), { optional: true }));
    return [block(clauses, [`${w} = 0`])];
  }

  private loopJump(): Stmt[] {
    const r = this.rng;
    const jump = r.pick(["break", "continue", "continue"]);
    if (r.chance(0.15)) return [line(jump)];
    return [block([clause(`if ${this.cond()}:`, [line(jump)])])];
  }

  private earlyReturn(): Stmt[] | null {
    const ty = this.ctx.returns;
    if (!ty) return null;
    const value = ty.k === "none" ? "" : " " + this.x.gen(ty, 2, this.returnMax(ty)).t;
    return [block([clause(`if ${this.cond()}:`, [line(`return${value}`)])])];
  }

  private returnMax(ty: Ty): number {
    return ty.k === "int" ? LIMITS.elemBits : ty.k === "str" ? LIMITS.strLen / 4 : ty.k === "list" ? 30 : Infinity;
  }

  // ---- exceptions ----------------------------------------------------------------------------

  /** Exception classes in scope, defining one now and then. */
  private userExceptions(out: Stmt[]): ClassInfo[] {
    const have = this.ctx.scope.visibleClasses().filter((c) => c.isException);
    if ((have.length === 0 && this.rng.chance(0.5)) || (have.length < 3 && this.rng.chance(0.15))) {
      const made = exceptionClass(this, have.length ? this.rng.pick([null, ...have]) : null);
      this.ctx.scope.classes.push(made.info);
      out.push(made.stmt);
      have.push(made.info);
    }
    return have;
  }

  /** A statement that raises, or may. */
  risky(): Stmt[] {
    const r = this.rng;
    const pre: Stmt[] = [];
    const excs = this.userExceptions(pre);
    const fns = this.ctx.scope.visibleFuncs().filter((f) => !f.generator);
    const objs = this.ctx.scope.visibleVars().filter((v) => v.ty.k === "inst");
    const text = r.weighted<() => string>([
      [4, () => `raise ${r.pick(["ValueError", "RuntimeError", "TypeError", "NotImplementedError"])}(${this.x.gen(STR, 1, 30).t})`],
      [2, () => `raise KeyError(${this.x.gen(r.pick([INT, STR]), 1, 30).t})`],
      [excs.length ? 4 : 0, () => {
        const c = r.pick(excs);
        return `raise ${this.x.construct(c, 1).t}`;
      }],
      [1, () => `raise ${r.pick(BUILTIN_EXCEPTIONS)}`],
      [1, () => `raise ValueError(${this.x.gen(INT, 1, 30).t}, ${this.x.gen(STR, 0, 8).t})`],
      [12, () => `print(${r.pick([
        "1 // 0", "7 % 0", "1 / 0.0", "2.5 // 0.0", "[1, 2][5]", "{}['k']", "{'a': 1}['b']", "int('x1')", "None + 1", "'a' + 1", "1 + 'a'",
        "undefined_name", "len(5)", "{}.pop('k')", "[].pop()", "[1].index(2)", "'abc'.index('z')", "next(iter([]))",
        "int(float('inf'))", "int(float('nan'))", "float('x')", "[1, 2, 3][::0]", "math.sqrt(-1)", "chr(-1)", "'%d' % 'x'",
        "hash([])", "sorted([1, 'a'])", "(1, 2) < (1, 'a')", "set().remove(3)", "divmod(1, 0)", "2.0 ** 5000", "10 ** 400 * 1.0",
        "int('5', 1)", "'x' * 'y'", "[] + ()", "', '.join([1])", "(lambda: None)()()", "(1).foo", "range(1, 2, 0)", "max([])", "'{0}'.format()",
        "'{x}'.format(y=1)", "[1, 2].remove(3)", "'a' < 1", "abs('x')", "-'x'", "~1.5", "1 << -1", "'abc'[10]", "(1, 2)[2]",
        "int('1' * 5000)", "pow(2, -1, 4)", "0 ** -1", "0.0 ** -1", "round(float('inf'))", "{[]: 1}", "{1, 2} + {3}",
        "'abc'.split('')", "' '.join('a', 'b')", "sum(['a', 'b'])", "sum([1], 'a')", "list(5)", "dict([1, 2])", "tuple(1)",
        "'abc'.zfill('5')", "format(1.5, 'd')", "format('x', '>d')", "format(3, '.2s')", "'%s %s' % (1,)", "'%(a)s' % 5",
        "isinstance(1, 2)", "getattr(1, 'nope')", "object().x", "iter(5)", "bool.x", "print.__name__.x",
      ])})`],
      [fns.length ? 3 : 0, () => {
        const f = r.pick(fns);
        const first = f.params.find((p) => p.kind === "positional");
        return r.pick([
          `print(${f.name}(${Array.from({ length: f.params.length + 2 }, (_, i) => String(i)).join(", ")}))`,
          `print(${f.name}(zzz=1))`,
          `print(${f.name}())`,
          first ? `print(${f.name}(1, ${first.name}=2))` : `print(${f.name}(1, 2, 3, 4))`,
        ]);
      }],
      [objs.length ? 2 : 0, () => `print(${r.pick(objs).name}.${r.pick(["nope", "missing_attr", "_hidden"])})`],
      [1, () => `assert ${this.cond()}, ${this.x.gen(STR, 1, 20).t}`],
      [1, () => `${r.pick(["x", "y"])}, ${r.pick(["y2", "z2"])} = ${this.x.gen(listOf(INT), 1, 6).t}`],
    ])();
    return [...pre, line(text)];
  }

  private handlerTypes(excs: ClassInfo[]): string {
    const r = this.rng;
    const pool = [...BUILTIN_EXCEPTIONS, ...BUILTIN_EXCEPTIONS.slice(0, 6), ...excs.map((c) => c.name), ...excs.map((c) => c.name)];
    const k = r.weighted([[6, 1], [2, 2], [1, 3]] as const);
    const names = [...new Set(Array.from({ length: k }, () => r.pick(pool)))];
    return names.length === 1 ? names[0] : `(${names.join(", ")})`;
  }

  private tryStmt(): Stmt[] {
    const r = this.rng;
    const pre: Stmt[] = [];
    const excs = this.userExceptions(pre);
    this.ctx.tryDepth++;
    const body = this.nested(() => {
      const b = this.body(r.int(1, 3));
      if (r.chance(0.6)) b.splice(r.int(0, b.length), 0, ...this.risky());
      return b;
    });
    this.ctx.tryDepth--;
    const clauses = [clause("try:", body)];
    const handlers = r.weighted([[1, 0], [6, 1], [3, 2], [1, 3]] as const);
    for (let i = 0; i < handlers; i++) {
      const types = r.chance(0.15) ? "Exception" : this.handlerTypes(excs);
      const named = r.chance(0.8);
      const ename = this.ctx.fresh("e");
      const report = named
        ? r.pick([
          `print(${strSource(r, "caught")}, type(${ename}).__name__, ${ename})`,
          `print(repr(${ename}))`,
          `print(${ename}.args, str(${ename}))`,
          `print(f"{type(${ename}).__name__}: {${ename}}")`,
        ])
        : `print(${strSource(r, "handled " + types)})`;
      const hbody = this.nested(() => {
        if (named) this.declare(ename, STR, 0);
        this.ctx.scope.vars.delete(ename); // the name is unbound after the handler: never reused
        const b: Stmt[] = [line(report)];
        b.push(...this.body(r.weighted([[3, 0], [2, 1]] as const)));
        if (r.chance(0.08)) b.push(line("raise"));
        else if (r.chance(0.05)) b.push(line(`raise RuntimeError(${strSource(r, "again")})${named && r.chance(0.5) ? ` from ${ename}` : ""}`));
        return b;
      });
      clauses.push(clause(named ? `except ${types} as ${ename}:` : `except ${types}:`, hbody, { optional: handlers > 1 }));
    }
    if (r.chance(0.15) && handlers > 0) clauses.push(clause("except:", [line(`print(${strSource(r, "bare except")})`)], { optional: true }));
    if (handlers > 0 && r.chance(0.3)) clauses.push(clause("else:", this.nested(() => [line(`print(${strSource(r, "no exception")})`), ...this.body(r.int(0, 1))]), { optional: true }));
    if (handlers === 0 || r.chance(0.4)) {
      const fin = this.nested(() => [line(`print(${strSource(r, "finally")})`), ...this.body(r.int(0, 1))]);
      clauses.push(clause("finally:", fin, { optional: handlers > 0 }));
    }
    return [...pre, block(clauses)];
  }

  private assertStmt(): Stmt[] {
    const msg = this.rng.chance(0.5) ? `, ${this.x.gen(STR, 1, 20).t}` : "";
    const cond = this.x.risk(0.5) ? this.cond() : `${this.cond()} or True`;
    return [line(`assert ${cond}${msg}`)];
  }

  private delStmt(): Stmt[] | null {
    const r = this.rng;
    const vars = this.writable((v) => !this.ctx.iterating.has(v.name));
    if (vars.length === 0) return null;
    const v = r.pick(vars);
    this.ctx.scope.vars.delete(v.name);
    return [line(`del ${v.name}`)];
  }

  // ---- containers ----------------------------------------------------------------------------

  private mutation(): Stmt[] | null {
    const r = this.rng;
    // enclosing variables are off limits in a function body (a later call could be in a loop
    // walking them); lists being walked may not grow
    const vars = this.writable((v) => v.ty.k === "list" || v.ty.k === "dict" || v.ty.k === "set");
    if (vars.length === 0) return null;
    const v = r.pick(vars);
    const persistent = this.ctx.isPersistent(v.name);
    const growth = persistent ? this.ctx.work : 1;
    const val = (ty: Ty, max?: number) => this.valueFor(v, ty, 1, max);
    const walked = this.ctx.iterating.has(v.name) || v.borrowed === true;
    let text: string | null = null;
    let guard: string | null = null;
    let added = 0;
    const ty = v.ty;
    if (ty.k === "list") {
      const el = () => this.x.elem(ty.of, 1);
      const idx = () => smallInt(r, -4, 6).t;
      const choice = r.weighted([
        [walked ? 0 : 5, "append"], [walked ? 0 : 2, "extend"], [walked ? 0 : 2, "insert"], [3, "pop"], [2, "remove"], [3, "sort"],
        [1, "reverse"], [1, "clear"], [3, "setitem"], [walked ? 0 : 2, "setslice"], [1, "setext"], [2, "delitem"], [1, "delslice"],
      ] as const);
      switch (choice) {
        case "append": text = `${v.name}.append(${persistent ? this.x.flatly(el).t : el().t})`; added = 1; break;
        case "extend": { const x = val(ty, 5); text = `${v.name}.extend(${x.t})`; added = x.n; break; }
        case "insert": text = `${v.name}.insert(${idx()}, ${persistent ? this.x.flatly(el).t : el().t})`; added = 1; break;
        case "pop": text = r.chance(0.5) ? `print(${v.name}.pop())` : `print(${v.name}.pop(${idx()}))`; guard = `len(${v.name}) > 6`; break;
        case "remove": { const x = el().t; text = `${v.name}.remove(${x})`; guard = `${x} in ${v.name}`; break; }
        case "sort": {
          const key = this.x.sortKey(ty.of).replace(/^, /, "");
          const rev = r.chance(0.3) ? `${key ? ", " : ""}reverse=True` : "";
          text = `${v.name}.sort(${key}${rev})`;
          break;
        }
        case "reverse": text = `${v.name}.reverse()`; break;
        case "clear": text = `${v.name}.clear()`; break;
        case "setitem": text = `${v.name}[${idx()}] = ${persistent ? this.x.flatly(el).t : el().t}`; guard = `len(${v.name}) > 6`; break;
        case "setslice": { const x = val(ty, 4); text = `${v.name}[${smallInt(r, -3, 3).t}:${smallInt(r, -3, 5).t}] = ${x.t}`; added = x.n; break; }
        case "setext": text = `${v.name}[::${r.pick(["2", "-1", "3"])}] = ${val(ty, 3).t}`; break;
        case "delitem": text = `del ${v.name}[${idx()}]`; guard = `len(${v.name}) > 6`; break;
        case "delslice": text = `del ${v.name}[${smallInt(r, -3, 3).t}:${r.chance(0.5) ? "" : smallInt(r, -3, 6).t}${r.chance(0.3) ? ":2" : ""}]`; break;
      }
    } else if (ty.k === "dict") {
      const key = () => this.x.elem(ty.key, 1).t;
      const value = () => (persistent ? this.x.flatly(() => this.x.elem(ty.val, 1)) : this.x.elem(ty.val, 1)).t;
      const choice = r.weighted([[6, "set"], [2, "del"], [2, "pop"], [2, "setdefault"], [2, "update"], [1, "clear"], [1, "popitem"]] as const);
      switch (choice) {
        case "set": text = `${v.name}[${key()}] = ${value()}`; added = 1; break;
        case "del": { const k = key(); text = `del ${v.name}[${k}]`; guard = `${k} in ${v.name}`; break; }
        case "pop": text = r.chance(0.5) ? `print(${v.name}.pop(${key()}))` : `print(${v.name}.pop(${key()}, ${value()}))`; break;
        case "setdefault": text = `print(${v.name}.setdefault(${key()}, ${value()}))`; added = 1; break;
        case "update": { const x = val(ty, 4); text = `${v.name}.update(${x.t})`; added = x.n; break; }
        case "clear": text = `${v.name}.clear()`; break;
        case "popitem": text = `print(${v.name}.popitem())`; guard = v.name; break;
      }
    } else if (ty.k === "set") {
      const el = () => this.x.elem(ty.of, 0).t;
      const choice = r.weighted([[4, "add"], [2, "discard"], [1, "remove"], [1, "ior"], [1, "isub"], [1, "iand"]] as const);
      switch (choice) {
        case "add": text = `${v.name}.add(${el()})`; added = 1; break;
        case "discard": text = `${v.name}.discard(${el()})`; break;
        case "remove": { const x = el(); text = `${v.name}.remove(${x})`; guard = `${x} in ${v.name}`; break; }
        case "ior": text = `${v.name} |= {${el()}, ${el()}}`; added = 2; break;
        case "isub": text = `${v.name} -= {${el()}}`; break;
        case "iand": text = `${v.name} &= ${val(ty, 5).t}`; break;
      }
    }
    if (text === null) return null;
    const n = v.n + added * growth;
    if (n > LIMITS.listLen) return null;
    v.n = n;
    // an IndexError or KeyError ends the case: most index-based mutations check first
    const out: Stmt[] = [guard && r.chance(0.75) ? block([clause(`if ${guard}:`, [line(text)])]) : line(text)];
    if (r.chance(0.6)) out.push(this.printVar(v));
    return out;
  }

  // ---- functions -----------------------------------------------------------------------------

  /**
   * Writes a function body in a scope of its own: enclosing variables are visible (closures)
   * but outlive each call, so they count as persistent.
   */
  inFunctionScope<T>(params: Var[], returns: Ty | null, generator: boolean, f: () => T): T {
    const c = this.ctx;
    const saved = {
      scope: c.scope, persistent: c.persistent, work: c.work, loopDepth: c.loopDepth, returns: c.returns,
      inFunction: c.inFunction, inGenerator: c.inGenerator, iterating: [...c.iterating],
    };
    const persistent = new Set(c.scope.visibleVars().map((v) => v.name));
    c.scope = new Scope(c.scope);
    for (const p of params) c.scope.vars.set(p.name, p);
    c.persistent = persistent;
    c.work = 1;
    c.loopDepth = 0;
    c.returns = returns;
    c.inFunction = true;
    c.inGenerator = generator;
    c.iterating.clear();
    c.stmtDepth++;
    try {
      return f();
    } finally {
      c.stmtDepth--;
      c.scope = saved.scope;
      c.persistent = saved.persistent;
      c.work = saved.work;
      c.loopDepth = saved.loopDepth;
      c.returns = saved.returns;
      c.inFunction = saved.inFunction;
      c.inGenerator = saved.inGenerator;
      for (const n of saved.iterating) c.iterating.add(n);
    }
  }

  private paramTy(): Ty {
    return this.rng.pick([INT, INT, STR, FLOAT, listOf(INT), BOOL, tupleOf(INT, STR)]);
  }

  /** A parameter list: some with defaults, maybe *args, keyword-only ones and **kwargs. */
  params(max: number): { params: Param[]; varargs: string | null; varkw: string | null; text: string } {
    const r = this.rng;
    const params: Param[] = [];
    const parts: string[] = [];
    const count = r.int(0, max);
    let defaults = false;
    for (let i = 0; i < count; i++) {
      const ty = this.paramTy();
      const name = this.ctx.fresh("a");
      const dflt = defaults || r.chance(0.3) ? this.x.literal(ty, ty.k === "int" ? 64 : 8).t : null;
      if (dflt !== null) defaults = true;
      params.push({ name, ty, dflt, kind: "positional" });
      parts.push(dflt === null ? name : `${name}=${dflt}`);
    }
    const varargs = r.chance(0.2) ? this.ctx.fresh("args") : null;
    if (varargs) parts.push(`*${varargs}`);
    if (r.chance(0.2)) {
      if (!varargs) parts.push("*");
      const ty = r.pick([INT, STR]);
      const name = this.ctx.fresh("k");
      const dflt = r.chance(0.6) ? this.x.literal(ty, 32).t : null;
      params.push({ name, ty, dflt, kind: "keyword_only" });
      parts.push(dflt === null ? name : `${name}=${dflt}`);
    }
    const varkw = r.chance(0.15) ? this.ctx.fresh("kw") : null;
    if (varkw) parts.push(`**${varkw}`);
    return { params, varargs, varkw, text: parts.join(", ") };
  }

  private paramVars(params: Param[]): Var[] {
    return params.map((p) => ({ name: p.name, ty: p.ty, n: p.small ? 8 : p.ty.k === "int" ? LIMITS.elemBits : p.ty.k === "str" ? LIMITS.elemStrLen : 8, small: p.small === true, borrowed: true }));
  }

  private returnTy(): Ty {
    return this.rng.pick([INT, INT, STR, FLOAT, BOOL, listOf(INT), NONE, tupleOf(INT, STR)]);
  }

  private funcDef(): Stmt[] {
    const r = this.rng;
    const name = this.ctx.fresh("f");
    const sig = this.params(3);
    const returns = this.returnTy();
    const body = this.inFunctionScope(this.paramVars(sig.params), returns, false, () => {
      const b: Stmt[] = [];
      if (sig.varargs) b.push(line(`print(${strSource(r, "args")}, ${sig.varargs}, len(${sig.varargs}))`));
      if (sig.varkw) b.push(line(`print(${strSource(r, "kwargs")}, ${sig.varkw})`));
      if (sig.varkw) this.declare(sig.varkw, dictOf(STR, INT), 4);
      b.push(...this.body(r.int(1, 4)));
      if (returns.k !== "none") b.push(line(`return ${this.x.gen(returns, 2, this.returnMax(returns)).t}`));
      else if (r.chance(0.3)) b.push(line("return"));
      return b;
    });
    const info: FuncInfo = { name, params: sig.params, varargs: sig.varargs, varkw: sig.varkw, returns, generator: false };
    this.ctx.scope.funcs.push(info);
    const out: Stmt[] = [block([clause(`def ${name}(${sig.text}):`, body)])];
    if (r.chance(0.2)) out.push(line(`print(${name}.__name__, ${name}.__qualname__)`));
    out.push(line(`print(${this.x.callText(info, 2)})`));
    return out;
  }

  private lambdaDef(): Stmt[] {
    const r = this.rng;
    const name = this.ctx.fresh("lam");
    const params: Param[] = [];
    for (let i = r.int(0, 2); i > 0; i--) params.push({ name: this.ctx.fresh("a"), ty: r.pick([INT, STR]), dflt: null, kind: "positional" });
    if (r.chance(0.3)) params.push({ name: this.ctx.fresh("a"), ty: INT, dflt: String(r.int(0, 9)), kind: "positional" });
    const returns = r.pick([INT, STR, BOOL, listOf(INT)]);
    const body = this.inFunctionScope(this.paramVars(params), returns, false, () => this.x.gen(returns, 2, this.returnMax(returns)).t);
    this.ctx.scope.funcs.push({ name, params, varargs: null, varkw: null, returns, generator: false });
    const ptext = params.map((p) => (p.dflt === null ? p.name : `${p.name}=${p.dflt}`)).join(", ");
    return [line(`${name} = lambda${ptext ? " " + ptext : ""}: ${body}`), line(`print(${this.x.callText(this.ctx.scope.funcs[this.ctx.scope.funcs.length - 1], 1)})`)];
  }

  private closureCounter(): Stmt[] {
    const r = this.rng;
    const mk = this.ctx.fresh("make"), total = this.ctx.fresh("total"), step = this.ctx.fresh("step"), k = this.ctx.fresh("k"), cnt = this.ctx.fresh("counter");
    const op = r.pick(["+=", "-=", "+=", "^="]);
    const def = block([clause(`def ${mk}(start):`, [
      line(`${total} = start`),
      block([clause(`def ${step}(${k}=${r.int(1, 5)}):`, [line(`nonlocal ${total}`), line(`${total} ${op} ${k}`), line(`return ${total}`)])]),
      line(`return ${step}`),
    ])]);
    const info: FuncInfo = { name: cnt, params: [{ name: k, ty: INT, dflt: "1", kind: "positional", small: true }], varargs: null, varkw: null, returns: INT, generator: false };
    this.ctx.scope.funcs.push(info);
    return [def, line(`${cnt} = ${mk}(${r.int(-5, 50)})`), line(`print(${cnt}(), ${cnt}(${r.int(0, 9)}), ${cnt}(${k}=${r.int(0, 3)}))`)];
  }

  /** Closures made in a loop: late binding, or early binding through a default. */
  private lateBinding(): Stmt[] {
    const r = this.rng;
    const fs = this.ctx.fresh("fs"), i = this.ctx.fresh("i"), g = this.ctx.fresh("g");
    const params = `x${r.chance(0.5) ? `, ${i}=${i}` : ""}`;
    const mult = r.int(1, 9);
    const loopBody: Stmt[] = r.chance(0.5)
      ? [line(`${fs}.append(lambda ${params}: x + ${i} * ${mult})`)]
      : [block([clause(`def ${g}(${params}):`, [line(`return x + ${i} * ${mult}`)])]), line(`${fs}.append(${g})`)];
    return [
      line(`${fs} = []`),
      block([clause(`for ${i} in range(${r.int(1, 4)}):`, loopBody)]),
      line(`print([h(10) for h in ${fs}])`),
    ];
  }

  private recursion(): Stmt[] {
    const r = this.rng;
    const f = this.ctx.fresh("rec");
    const n = this.ctx.fresh("n");
    const shape = r.pick([
      [`return ${n} * ${f}(${n} - 1)`, `${r.int(0, 2)}`, INT],
      [`return ${f}(${n} - 1) + ${f}(${n} - 2)`, n, INT],
      [`return (${n} % 3) + 10 * ${f}(${n} // 2)`, "0", INT],
      [`return ${f}(${n} - 1) + [${n}]`, "[]", listOf(INT)],
      [`return str(${n}) + ${f}(${n} - 1)`, "''", STR],
      [`return ${f}(${n} - 1) * 2 + 0.5`, "1.0", FLOAT],
    ] as [string, string, Ty][]);
    const [step, base, returns] = shape;
    const def = block([clause(`def ${f}(${n}):`, [
      block([clause(`if ${n} <= ${r.int(0, 1)}:`, [line(`return ${base}`)])]),
      line(step),
    ])]);
    const info: FuncInfo = { name: f, params: [{ name: n, ty: INT, dflt: null, kind: "positional", small: true }], varargs: null, varkw: null, returns, generator: false };
    this.ctx.scope.funcs.push(info);
    return [def, line(`print(${f}(${r.int(0, 10)}))`)];
  }

  private generatorDef(): Stmt[] {
    const r = this.rng;
    const name = this.ctx.fresh("gen");
    const n = this.ctx.fresh("n");
    const i = this.ctx.fresh("i");
    const of = r.pick([INT, STR, INT]);
    const extra = r.chance(0.4) ? { name: this.ctx.fresh("a"), ty: of, dflt: this.x.literal(of, 32).t, kind: "positional" as const } : null;
    const params: Param[] = [{ name: n, ty: INT, dflt: null, kind: "positional", small: true }, ...(extra ? [extra] : [])];
    const body = this.inFunctionScope(this.paramVars(params), null, true, () => {
      const loopBody = this.nested(() =>
        this.ctx.inLoop(8, () => {
          this.declare(i, INT, 8, true);
          const b = this.body(r.int(0, 2));
          b.push(line(`yield ${this.x.elem(of, 2).t}`));
          return b;
        }),
      );
      const out: Stmt[] = [block([clause(`for ${i} in range(${n}):`, loopBody)])];
      if (r.chance(0.4)) out.push(line(`yield ${this.x.elem(of, 1).t}`));
      if (r.chance(0.2)) out.unshift(line(`print(${strSource(r, "started")}, ${n})`));
      return out;
    });
    const info: FuncInfo = { name, params, varargs: null, varkw: null, returns: of, generator: true };
    this.ctx.scope.funcs.push(info);
    const it = this.ctx.fresh("it");
    const use = r.weighted<() => Stmt[]>([
      [3, () => [line(`print(list(${this.x.callText(info, 1)}))`)]],
      [2, () => [line(`${it} = ${this.x.callText(info, 1)}`), line(`print(next(${it}), next(${it}, ${strSource(r, "done")}))`), line(`print(list(${it}))`)]],
      [of.k === "int" ? 2 : 0, () => [line(`print(sum(${this.x.callText(info, 1)}), max(${this.x.callText(info, 1)}, default=-1))`)]],
    ])();
    return [block([clause(`def ${name}(${params.map((p) => (p.dflt === null ? p.name : `${p.name}=${p.dflt}`)).join(", ")}):`, body)]), ...use];
  }

  /** A callable printed: functions and classes print their qualified names. */
  private callableForm(): string {
    const fns = this.ctx.scope.visibleFuncs();
    const classes = this.ctx.scope.visibleClasses();
    const r = this.rng;
    const options = [
      ...fns.map((f) => `${f.name}.__name__`),
      ...classes.map((c) => r.pick([c.name, `${c.name}.__name__`, `${c.name}.__qualname__`])),
      "type(None)", "type(1.5)", "int", "len", "type([])",
    ];
    return r.pick(options);
  }

  // ---- classes and instances -----------------------------------------------------------------

  private classStmt(): Stmt[] {
    const r = this.rng;
    const bases = this.ctx.scope.visibleClasses().filter((c) => !c.isException);
    const base = bases.length > 0 && r.chance(0.4) ? r.pick(bases) : null;
    const made = classDef(this, base);
    this.ctx.scope.classes.push(made.info);
    const obj = this.ctx.fresh("o");
    const value = this.x.construct(made.info, 1);
    this.declare(obj, { k: "inst", cls: made.info }, 0);
    return [made.stmt, line(`${obj} = ${value.t}`), line(`print(${obj})`)];
  }

  private withStmt(): Stmt[] {
    const r = this.rng;
    const out: Stmt[] = [];
    let cm = this.ctx.scope.visibleClasses().find((c) => c.name.startsWith("CM"));
    if (!cm) {
      const made = contextManagerClass(this);
      this.ctx.scope.classes.push(made.info);
      out.push(made.stmt);
      cm = made.info;
    }
    const items = Array.from({ length: r.weighted([[4, 1], [1, 2]] as const) }, () => {
      const t = this.ctx.fresh("cm");
      return { t, text: `${cm!.name}(${strSource(r, r.pick(["a", "b", "outer", "inner"]))}, ${r.pick(["True", "False"])}) as ${t}` };
    });
    const body = this.nested(() => {
      for (const it of items) this.declare(it.t, STR, 8);
      const b = this.body(r.int(1, 2));
      if (r.chance(0.5)) b.splice(r.int(0, b.length), 0, ...this.risky());
      return b;
    });
    out.push(block([clause(`with ${items.map((i) => i.text).join(", ")}:`, body)]));
    out.push(line(`print(${strSource(r, "after with")})`));
    return out;
  }

  private instanceStmt(): Stmt[] | null {
    const r = this.rng;
    const objs = this.ctx.scope.visibleVars().filter((v) => v.ty.k === "inst" && !v.ty.cls.isException);
    if (objs.length === 0) return null;
    const o = r.pick(objs);
    if (o.ty.k !== "inst") return null;
    const cls = o.ty.cls;
    const fields = allFields(cls);
    const same = objs.filter((p) => p.ty.k === "inst" && p.ty.cls === cls);
    const other = r.pick(same);
    const options: [number, () => string | null][] = [
      [3, () => {
        const ms = allMethods(cls).filter((m) => m.kind !== "property");
        if (ms.length === 0 || (o.name === "self" && !this.ctx.selfCalls)) return null;
        const m = r.pick(ms);
        const target = m.kind === "static" && r.chance(0.5) ? cls.name : o.name;
        return `print(${target}.${m.name}(${m.params.map((p) => (p.small ? smallInt(r, 0, 6).t : this.x.elem(p.ty, 1).t)).join(", ")}))`;
      }],
      [2, () => {
        const ps = allMethods(cls).filter((m) => m.kind === "property");
        return ps.length && (o.name !== "self" || this.ctx.selfCalls) ? `print(${o.name}.${r.pick(ps).name})` : null;
      }],
      [this.ctx.isPersistent(o.name) ? 0 : 3, () => {
        if (fields.length === 0) return null;
        const f = r.pick(fields);
        return `${o.name}.${f.name} = ${this.x.elem(f.ty, 2).t}`;
      }],
      [2, () => (fields.length ? `print(${o.name}.${r.pick(fields).name})` : null)],
      [2, () => `print(${o.name} == ${other.name}, ${o.name} != ${other.name}, ${o.name} is ${other.name})`],
      [hasDunder(cls, "__lt__") ? 2 : 0, () => `print(${o.name} < ${other.name}, ${o.name} > ${other.name}, ${o.name} <= ${other.name})`],
      [hasDunder(cls, "__lt__") ? 2 : 0, () => `print(sorted([${o.name}, ${other.name}, ${this.x.construct(cls, 1).t}]))`],
      [hasDunder(cls, "__len__") ? 2 : 0, () => `print(len(${o.name}))`],
      [hasDunder(cls, "__iter__") ? 2 : 0, () => r.pick([`print(list(${o.name}))`, `print(${smallInt(r, 0, 5).t} in ${o.name})`, `print(sorted(${o.name}, reverse=True))`])],
      [hasDunder(cls, "__getitem__") ? 2 : 0, () => `print(${o.name}[${smallInt(r, -3, 5).t}])`],
      [hasDunder(cls, "__contains__") ? 2 : 0, () => `print(${this.x.gen(INT, 1, 32).t} in ${o.name})`],
      [hasDunder(cls, "__call__") ? 2 : 0, () => `print(${o.name}(${this.x.gen(INT, 1, 32).t}))`],
      [hasDunder(cls, "__add__") ? 2 : 0, () => `print(${o.name} + ${r.chance(0.5) ? other.name : this.x.gen(INT, 1, 32).t})`],
      [hasDunder(cls, "__add__") ? 1 : 0, () => `print(${this.x.gen(r.pick([INT, STR]), 1, 32).t} + ${o.name})`],
      [hasDunder(cls, "__bool__") ? 1 : 0, () => `print(bool(${o.name}), not ${o.name})`],
      [1, () => `print(str(${o.name}), repr(${o.name}))`],
      [1, () => `print(f"{${o.name}} {${o.name}!r}")`],
      [cls.classAttrs.length ? 2 : 0, () => {
        const a = r.pick(cls.classAttrs);
        return r.pick([`print(${cls.name}.${a.name}, ${o.name}.${a.name})`, `${o.name}.${a.name} = ${this.x.elem(a.ty, 0).t}`]);
      }],
      [1, () => {
        const f = fields.length ? r.pick(fields).name : "nope";
        return `print(getattr(${o.name}, ${strSource(r, f)}), hasattr(${o.name}, ${strSource(r, r.pick(["nope", f]))}), getattr(${o.name}, 'zz', None))`;
      }],
      [1, () => (fields.length ? `setattr(${o.name}, ${strSource(r, r.pick(fields).name)}, ${this.x.elem(r.pick(fields).ty, 0).t})` : null)],
      [1, () => {
        const classes = [cls, ...this.ctx.scope.visibleClasses()];
        return `print(isinstance(${o.name}, ${r.pick(classes).name}), type(${o.name}).__name__, type(${o.name}) is ${cls.name})`;
      }],
      [1, () => `print(type(${o.name}), ${cls.name})`],
      [1, () => {
        const a = this.ctx.fresh("v");
        this.declare(a, { k: "inst", cls }, 0);
        return `${a} = ${this.x.construct(cls, 1).t}`;
      }],
    ];
    const text = (() => {
      let left = options.filter((p) => p[0] > 0);
      while (left.length) {
        const i = r.weighted(left.map((p, k) => [p[0], k] as const));
        const t = left[i][1]();
        if (t) return t;
        left = left.filter((_, k) => k !== i);
      }
      return `print(${o.name})`;
    })();
    return [line(text)];
  }
}

function e(t: string, n = 0): Expr {
  return { t, n };
}

function parenIfNeeded(t: string): string {
  return /^[A-Za-z_][A-Za-z_0-9]*$/.test(t) ? t : `(${t})`;
}
