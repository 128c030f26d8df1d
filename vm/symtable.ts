/**
 * Scope analysis, as CPython 3.11's Python/symtable.c.
 *
 * A first pass walks the tree and records, for each block (the module, each function, lambda,
 * class body and comprehension), how each name is used there: bound, used, a parameter,
 * declared `global` or `nonlocal`. A second pass (`analyzeBlock`) resolves every name of every
 * block to one of five scopes:
 *
 *   local            bound in this block and not captured: a fast local (LOAD_FAST) in a
 *                    function, a locals-dict entry (LOAD_NAME) in a module or class body
 *   cell             a function local that an inner function captures (LOAD_DEREF)
 *   free             captured from an enclosing function (LOAD_DEREF, LOAD_CLASSDEREF in a class)
 *   global_explicit  declared `global` (LOAD_GLOBAL everywhere)
 *   global_implicit  neither bound here nor in an enclosing function (LOAD_GLOBAL in a function,
 *                    LOAD_NAME in a module or class body)
 *
 * As in CPython, a class body's names are invisible to the functions nested in it (a method
 * reading `x` reads the global `x`, not the class attribute), comprehensions are functions of
 * their own whose outermost iterable is evaluated outside and passed in as the argument `.0`,
 * and a method that uses `super` or `__class__` makes its class body create a `__class__` cell.
 * Names are mangled (`__x` → `_C__x`) inside classes before anything is recorded.
 *
 * The errors CPython's symtable raises (misplaced `global`/`nonlocal`, duplicate parameters,
 * `yield` in a comprehension) are raised here; the ones CPython's compiler raises (`return`,
 * `yield`, `break`, `continue` outside their context) are raised by vm/compiler.ts, so that a
 * file with both kinds reports the same one CPython does.
 */
import type * as A from "./ast.js";
import { PySyntaxError } from "./syntax_error.js";

// How a name is used in one block (CPython's DEF_* flags).
export const DEF_GLOBAL = 1; // `global x`
export const DEF_LOCAL = 2; // assigned, deleted, or a loop/with/except target
export const DEF_PARAM = 4;
export const DEF_NONLOCAL = 8;
export const USE = 0x10;
/** A class binds the name and a method captures it from an enclosing function too. */
export const DEF_FREE_CLASS = 0x40;
export const DEF_IMPORT = 0x80;
export const DEF_ANNOT = 0x100;
/** An iteration variable of a comprehension (a walrus may not rebind it). */
export const DEF_COMP_ITER = 0x200;
const DEF_BOUND = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;

export type Scope = "local" | "cell" | "free" | "global_explicit" | "global_implicit";
export type BlockType = "module" | "function" | "class";
export type ComprehensionKind = "list" | "set" | "dict" | "generator";

/** One scope: CPython's PySTEntryObject. */
export class Block {
  /** Flags of each (mangled) name, in order of first appearance. */
  readonly symbols = new Map<string, number>();
  /** The resolved scope of each name in `symbols` (filled in by the analysis). */
  readonly scopes = new Map<string, Scope>();
  /** Parameters in CPython's co_varnames order: positional, keyword-only, *args, **kwargs. */
  readonly params: string[] = [];
  readonly children: Block[] = [];
  /** Where each `global`/`nonlocal` declaration (or comprehension walrus) was, for errors. */
  readonly directives = new Map<string, A.Position>();
  /** Inside a function (at any depth): its free names may come from enclosing functions. */
  readonly nested: boolean;
  generator = false;
  varargs = false;
  varkeywords = false;
  /** A class body whose methods use `__class__` or `super`: it needs a `__class__` cell. */
  needsClassClosure = false;
  comprehension: ComprehensionKind | null = null;
  /** Nesting depth of comprehension iterables being visited (a walrus is not allowed there). */
  compIterExpr = 0;
  /** The target of a comprehension's `for` is being visited. */
  compIterTarget = false;

  constructor(
    /** "top" for the module, "lambda", "listcomp", … as CPython names them. */
    readonly name: string,
    readonly type: BlockType,
    readonly parent: Block | null,
  ) {
    this.nested = parent !== null && (parent.nested || parent.type === "function");
  }

  /** The scope of a (mangled) name, or null when the block never mentions it. */
  scopeOf(name: string): Scope | null {
    return this.scopes.get(name) ?? null;
  }

  flagsOf(name: string): number {
    return this.symbols.get(name) ?? 0;
  }
}

/** The analysed blocks of one module, found by the AST node that opens each block. */
export class SymbolTable {
  constructor(
    readonly top: Block,
    private readonly byNode: Map<object, Block>,
  ) {}

  blockFor(node: object): Block {
    const b = this.byNode.get(node);
    if (b === undefined) throw new Error("symtable: no block for this node");
    return b;
  }
}

/** Private-name mangling (CPython's _Py_Mangle): `__x` in class `C` is `_C__x`. */
export function mangle(privateName: string | null, name: string): string {
  if (privateName === null || !name.startsWith("__")) return name;
  // Dunder names and dotted (module) names are left alone.
  if (name.endsWith("__") || name.includes(".")) return name;
  const stripped = privateName.replace(/^_+/, "");
  if (stripped === "") return name;
  return `_${stripped}${name}`;
}

/** The source of a module, to build syntax errors that point into it. */
export class SourceInfo {
  private lineStarts: number[] | null = null;

  constructor(
    readonly filename: string,
    readonly source: string,
  ) {}

  /** A SyntaxError over a node's range, with the line's text, as CPython reports it. */
  error(msg: string, at: A.Position): PySyntaxError {
    return new PySyntaxError(
      "SyntaxError", msg, this.filename, at.lineno, at.col_offset + 1,
      at.end_lineno, at.end_col_offset + 1, this.line(at.lineno),
    );
  }

  /** The text of a 1-based line, with its newline when it has one. */
  private line(lineno: number): string {
    if (this.lineStarts === null) {
      this.lineStarts = [0];
      for (let i = 0; i < this.source.length; i++) {
        if (this.source[i] === "\n") this.lineStarts.push(i + 1);
      }
    }
    const start = this.lineStarts[lineno - 1];
    if (start === undefined) return "";
    const end = this.lineStarts[lineno] ?? this.source.length;
    return this.source.slice(start, end);
  }
}

/** Builds and analyses the symbol table of a module. */
export function buildSymtable(module: A.Module, src: SourceInfo): SymbolTable {
  const builder = new Builder(src);
  builder.module(module);
  analyzeBlock(builder.top, null, new Set(), new Set(), src);
  return new SymbolTable(builder.top, builder.byNode);
}

// ---- first pass: record what each block does with each name ----

const COMPREHENSION_NAMES: Record<ComprehensionKind, string> = {
  list: "listcomp", set: "setcomp", dict: "dictcomp", generator: "genexpr",
};

class Builder {
  readonly top = new Block("top", "module", null);
  readonly byNode = new Map<object, Block>();
  private cur = this.top;
  /** The name of the innermost class, for mangling. */
  private privateName: string | null = null;

  constructor(private readonly src: SourceInfo) {}

  module(m: A.Module): void {
    this.byNode.set(m, this.top);
    this.stmts(m.body);
  }

  private enter(name: string, type: BlockType, node: object): Block {
    const b = new Block(name, type, this.cur);
    this.cur.children.push(b);
    this.byNode.set(node, b);
    this.cur = b;
    return b;
  }

  private addDef(name: string, flag: number, at: A.Position, block: Block = this.cur): void {
    const mangled = mangle(this.privateName, name);
    let val = block.symbols.get(mangled);
    if (val !== undefined) {
      if (flag & DEF_PARAM && val & DEF_PARAM) {
        throw this.src.error(`duplicate argument '${name}' in function definition`, at);
      }
      val |= flag;
    } else {
      val = flag;
    }
    if (block.compIterTarget) {
      if (val & (DEF_GLOBAL | DEF_NONLOCAL)) {
        throw this.src.error(
          `comprehension inner loop cannot rebind assignment expression target '${name}'`, at);
      }
      val |= DEF_COMP_ITER;
    }
    block.symbols.set(mangled, val);
    if (flag & DEF_PARAM) {
      block.params.push(mangled);
    } else if (flag & DEF_GLOBAL) {
      // A global declaration anywhere also marks the module's own name as global.
      this.top.symbols.set(mangled, (this.top.symbols.get(mangled) ?? 0) | flag);
    }
  }

  private stmts(body: A.Stmt[]): void {
    for (const s of body) this.stmt(s);
  }

  private exprs(es: readonly (A.Expr | null)[]): void {
    for (const e of es) if (e !== null) this.expr(e);
  }

  private stmt(s: A.Stmt): void {
    switch (s.kind) {
      case "FunctionDef": {
        this.addDef(s.name, DEF_LOCAL, s);
        this.exprs(s.args.defaults);
        this.exprs(s.args.kw_defaults);
        this.annotations(s.args, s.returns);
        this.exprs(s.decorator_list);
        const outer = this.cur;
        this.enter(s.name, "function", s);
        this.params(s.args);
        this.stmts(s.body);
        this.cur = outer;
        break;
      }
      case "ClassDef": {
        this.addDef(s.name, DEF_LOCAL, s);
        this.exprs(s.bases);
        for (const k of s.keywords) this.expr(k.value);
        this.exprs(s.decorator_list);
        const outer = this.cur;
        const outerPrivate = this.privateName;
        this.enter(s.name, "class", s);
        this.privateName = s.name;
        this.stmts(s.body);
        this.privateName = outerPrivate;
        this.cur = outer;
        break;
      }
      case "Return":
        if (s.value !== null) this.expr(s.value);
        break;
      case "Delete":
        this.exprs(s.targets);
        break;
      case "Assign":
        this.exprs(s.targets);
        this.expr(s.value);
        break;
      case "AnnAssign":
        this.annAssign(s);
        break;
      case "AugAssign":
        this.expr(s.target);
        this.expr(s.value);
        break;
      case "For":
        this.expr(s.target);
        this.expr(s.iter);
        this.stmts(s.body);
        this.stmts(s.orelse);
        break;
      case "While":
      case "If":
        this.expr(s.test);
        this.stmts(s.body);
        this.stmts(s.orelse);
        break;
      case "With":
        for (const item of s.items) {
          this.expr(item.context_expr);
          if (item.optional_vars !== null) this.expr(item.optional_vars);
        }
        this.stmts(s.body);
        break;
      case "Raise":
        this.exprs([s.exc, s.cause]);
        break;
      case "Try":
        this.stmts(s.body);
        this.stmts(s.orelse);
        for (const h of s.handlers) {
          if (h.type !== null) this.expr(h.type);
          if (h.name !== null) this.addDef(h.name, DEF_LOCAL, h);
          this.stmts(h.body);
        }
        this.stmts(s.finalbody);
        break;
      case "Assert":
        this.exprs([s.test, s.msg]);
        break;
      case "Import":
      case "ImportFrom":
        for (const a of s.names) this.alias(a);
        break;
      case "Global":
      case "Nonlocal":
        this.declaration(s);
        break;
      case "Expr":
        this.expr(s.value);
        break;
      case "Pass":
      case "Break":
      case "Continue":
        break;
    }
  }

  private annAssign(s: A.AnnAssign): void {
    const t = s.target;
    if (t.kind === "Name") {
      const cur = this.cur.flagsOf(mangle(this.privateName, t.id));
      if (cur & (DEF_GLOBAL | DEF_NONLOCAL) && this.cur !== this.top && s.simple) {
        const what = cur & DEF_GLOBAL ? "global" : "nonlocal";
        throw this.src.error(`annotated name '${t.id}' can't be ${what}`, s);
      }
      if (s.simple) this.addDef(t.id, DEF_ANNOT | DEF_LOCAL, t);
      else if (s.value !== null) this.addDef(t.id, DEF_LOCAL, t);
    } else {
      this.expr(t);
    }
    this.expr(s.annotation);
    if (s.value !== null) this.expr(s.value);
  }

  private alias(a: A.Alias): void {
    if (a.name === "*") {
      if (this.cur.type !== "module") throw this.src.error("import * only allowed at module level", a);
      return;
    }
    const stored = a.asname ?? a.name.split(".")[0];
    this.addDef(stored, DEF_IMPORT, a);
  }

  private declaration(s: A.Global | A.Nonlocal): void {
    const what = s.kind === "Global" ? "global" : "nonlocal";
    for (const name of s.names) {
      const cur = this.cur.flagsOf(mangle(this.privateName, name));
      if (cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT)) {
        let msg: string;
        if (cur & DEF_PARAM) msg = `name '${name}' is parameter and ${what}`;
        else if (cur & USE) msg = `name '${name}' is used prior to ${what} declaration`;
        else if (cur & DEF_ANNOT) msg = `annotated name '${name}' can't be ${what}`;
        else msg = `name '${name}' is assigned to before ${what} declaration`;
        throw this.src.error(msg, s);
      }
      this.addDef(name, s.kind === "Global" ? DEF_GLOBAL : DEF_NONLOCAL, s);
      this.directive(name, s);
    }
  }

  private directive(name: string, at: A.Position, block: Block = this.cur): void {
    const mangled = mangle(this.privateName, name);
    if (!block.directives.has(mangled)) block.directives.set(mangled, at);
  }

  /** Annotations are evaluated in the enclosing block, as CPython does without `from __future__`. */
  private annotations(a: A.Arguments, returns: A.Expr | null): void {
    const annot = (arg: A.Arg | null) => {
      if (arg !== null && arg.annotation !== null) this.expr(arg.annotation);
    };
    a.posonlyargs.forEach(annot);
    a.args.forEach(annot);
    annot(a.vararg);
    annot(a.kwarg);
    a.kwonlyargs.forEach(annot);
    if (returns !== null) this.expr(returns);
  }

  private params(a: A.Arguments): void {
    for (const p of [...a.posonlyargs, ...a.args, ...a.kwonlyargs]) this.addDef(p.arg, DEF_PARAM, p);
    if (a.vararg !== null) {
      this.addDef(a.vararg.arg, DEF_PARAM, a.vararg);
      this.cur.varargs = true;
    }
    if (a.kwarg !== null) {
      this.addDef(a.kwarg.arg, DEF_PARAM, a.kwarg);
      this.cur.varkeywords = true;
    }
  }

  private expr(e: A.Expr): void {
    switch (e.kind) {
      case "NamedExpr":
        if (this.cur.compIterExpr > 0) {
          throw this.src.error("assignment expression cannot be used in a comprehension iterable expression", e);
        }
        if (this.cur.comprehension !== null) this.namedExprInComprehension(e.target);
        this.expr(e.value);
        this.expr(e.target);
        break;
      case "BoolOp":
        this.exprs(e.values);
        break;
      case "BinOp":
        this.expr(e.left);
        this.expr(e.right);
        break;
      case "UnaryOp":
        this.expr(e.operand);
        break;
      case "Lambda": {
        this.exprs(e.args.defaults);
        this.exprs(e.args.kw_defaults);
        const outer = this.cur;
        this.enter("lambda", "function", e);
        this.params(e.args);
        this.expr(e.body);
        this.cur = outer;
        break;
      }
      case "IfExp":
        this.exprs([e.test, e.body, e.orelse]);
        break;
      case "Dict":
        this.exprs(e.keys);
        this.exprs(e.values);
        break;
      case "Set":
        this.exprs(e.elts);
        break;
      case "ListComp":
        this.comprehension(e, "list", e.generators, e.elt, null);
        break;
      case "SetComp":
        this.comprehension(e, "set", e.generators, e.elt, null);
        break;
      case "DictComp":
        this.comprehension(e, "dict", e.generators, e.key, e.value);
        break;
      case "GeneratorExp":
        this.comprehension(e, "generator", e.generators, e.elt, null);
        break;
      case "Yield":
      case "YieldFrom": {
        if (e.value !== null) this.expr(e.value);
        this.cur.generator = true;
        const comp = this.cur.comprehension;
        if (comp !== null) {
          const where = comp === "generator" ? "generator expression" : `${comp} comprehension`;
          throw this.src.error(`'yield' inside ${where}`, e);
        }
        break;
      }
      case "Compare":
        this.expr(e.left);
        this.exprs(e.comparators);
        break;
      case "Call":
        this.expr(e.func);
        this.exprs(e.args);
        for (const k of e.keywords) this.expr(k.value);
        break;
      case "FormattedValue":
        this.expr(e.value);
        if (e.format_spec !== null) this.expr(e.format_spec);
        break;
      case "JoinedStr":
        this.exprs(e.values);
        break;
      case "Constant":
        break;
      case "Attribute":
      case "Starred":
        this.expr(e.value);
        break;
      case "Subscript":
        this.expr(e.value);
        this.expr(e.slice);
        break;
      case "Slice":
        this.exprs([e.lower, e.upper, e.step]);
        break;
      case "List":
      case "Tuple":
        this.exprs(e.elts);
        break;
      case "Name":
        this.addDef(e.id, e.ctx === "Load" ? USE : DEF_LOCAL, e);
        // `super()` reads the `__class__` cell, so a use of `super` is a use of `__class__`.
        if (e.ctx === "Load" && this.cur.type === "function" && e.id === "super") {
          this.addDef("__class__", USE, e);
        }
        break;
    }
  }

  private comprehension(
    e: A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp, kind: ComprehensionKind,
    generators: A.Comprehension[], elt: A.Expr, value: A.Expr | null,
  ): void {
    const [outermost, ...rest] = generators;
    // The outermost iterable is evaluated in the enclosing block.
    this.cur.compIterExpr++;
    this.expr(outermost.iter);
    this.cur.compIterExpr--;
    const outer = this.cur;
    const b = this.enter(COMPREHENSION_NAMES[kind], "function", e);
    b.comprehension = kind;
    this.addDef(".0", DEF_PARAM, e);
    this.comprehensionTarget(outermost.target);
    this.exprs(outermost.ifs);
    for (const g of rest) {
      this.comprehensionTarget(g.target);
      b.compIterExpr++;
      this.expr(g.iter);
      b.compIterExpr--;
      this.exprs(g.ifs);
    }
    if (value !== null) this.expr(value);
    this.expr(elt);
    b.generator = kind === "generator";
    this.cur = outer;
  }

  private comprehensionTarget(target: A.Expr): void {
    this.cur.compIterTarget = true;
    this.expr(target);
    this.cur.compIterTarget = false;
  }

  /** A walrus in a comprehension binds in the nearest enclosing non-comprehension block. */
  private namedExprInComprehension(target: A.Name): void {
    const name = target.id;
    const mangled = mangle(this.privateName, name);
    for (let b: Block | null = this.cur; b !== null; b = b.parent) {
      if (b.comprehension !== null) {
        if (b.flagsOf(mangled) & DEF_COMP_ITER) {
          throw this.src.error(`assignment expression cannot rebind comprehension iteration variable '${name}'`, target);
        }
        continue;
      }
      if (b.type === "class") {
        throw this.src.error("assignment expression within a comprehension cannot be used in a class body", target);
      }
      // The comprehension sees the name as nonlocal (global at module level); the analysis
      // makes it free in any comprehension in between.
      const global = b.type === "module" || (b.flagsOf(mangled) & DEF_GLOBAL) !== 0;
      this.addDef(name, global ? DEF_GLOBAL : DEF_NONLOCAL, target);
      this.directive(name, target);
      this.addDef(name, b.type === "module" ? DEF_GLOBAL : DEF_LOCAL, target, b);
      return;
    }
  }
}

// ---- second pass: resolve each name's scope (CPython's analyze_block) ----

/**
 * `bound`: names bound in enclosing function blocks (null at module level); `global`: names
 * declared global in enclosing blocks; `free` collects the names this block leaves free.
 */
function analyzeBlock(
  b: Block, bound: Set<string> | null, free: Set<string>, global: Set<string>, src: SourceInfo,
): void {
  const local = new Set<string>();
  const newBound = new Set<string>();
  const newGlobal = new Set<string>();
  const newFree = new Set<string>();

  // A class body's bindings are invisible to nested blocks, so what they see is fixed first.
  if (b.type === "class") {
    for (const n of global) newGlobal.add(n);
    if (bound !== null) for (const n of bound) newBound.add(n);
  }
  for (const [name, flags] of b.symbols) {
    analyzeName(b, name, flags, bound, local, free, global, src);
  }
  if (b.type !== "class") {
    if (b.type === "function") for (const n of local) newBound.add(n);
    if (bound !== null) for (const n of bound) newBound.add(n);
    for (const n of global) newGlobal.add(n);
  } else {
    newBound.add("__class__");
  }

  const allFree = new Set<string>();
  for (const child of b.children) {
    const childFree = new Set<string>();
    analyzeBlock(child, new Set(newBound), childFree, new Set(newGlobal), src);
    for (const n of childFree) allFree.add(n);
  }
  for (const n of allFree) newFree.add(n);

  if (b.type === "function") {
    // A local that a child captures becomes a cell.
    for (const [name, scope] of b.scopes) {
      if (scope === "local" && newFree.delete(name)) b.scopes.set(name, "cell");
    }
  } else if (b.type === "class" && newFree.delete("__class__")) {
    b.needsClassClosure = true;
  }

  // Free names of children that this block does not bind pass through it.
  for (const name of newFree) {
    const flags = b.symbols.get(name);
    if (flags !== undefined) {
      if (b.type === "class" && flags & (DEF_BOUND | DEF_GLOBAL)) {
        b.symbols.set(name, flags | DEF_FREE_CLASS);
      }
      continue;
    }
    if (bound !== null && !bound.has(name)) continue; // a global
    b.symbols.set(name, 0);
    b.scopes.set(name, "free");
  }
  for (const n of newFree) free.add(n);
}

function analyzeName(
  b: Block, name: string, flags: number, bound: Set<string> | null, local: Set<string>,
  free: Set<string>, global: Set<string>, src: SourceInfo,
): void {
  const at = () => b.directives.get(name)!;
  if (flags & DEF_GLOBAL) {
    if (flags & DEF_NONLOCAL) throw src.error(`name '${name}' is nonlocal and global`, at());
    b.scopes.set(name, "global_explicit");
    global.add(name);
    bound?.delete(name);
    return;
  }
  if (flags & DEF_NONLOCAL) {
    if (bound === null) throw src.error("nonlocal declaration not allowed at module level", at());
    if (!bound.has(name)) throw src.error(`no binding for nonlocal '${name}' found`, at());
    b.scopes.set(name, "free");
    free.add(name);
    return;
  }
  if (flags & DEF_BOUND) {
    b.scopes.set(name, "local");
    local.add(name);
    global.delete(name);
    return;
  }
  // Bound in an enclosing function: free here; otherwise a global.
  if (bound !== null && bound.has(name)) {
    b.scopes.set(name, "free");
    free.add(name);
    return;
  }
  b.scopes.set(name, "global_implicit");
}
