/**
 * The compiler: AST → CodeSpec, one code object per module, class body, function, lambda and
 * comprehension, following CPython 3.11's Python/compile.c shape for shape where gilvm has the
 * same opcode (see vm/opcodes.ts for the instruction set and each opcode's stack effect).
 *
 * Where it departs from CPython 3.11, on purpose:
 * - Exceptions use a block stack (SETUP_FINALLY/SETUP_WITH … POP_BLOCK, as CPython ≤ 3.10)
 *   instead of an exception table; the exact shapes are documented at `tryExcept`, `tryFinally`
 *   and `withStmt`. `return`/`break`/`continue` leaving a protected region emit its exit code
 *   inline (`unwindFBlocks`), as CPython does.
 * - Jumps are absolute instruction indexes; only JUMP_BACKWARD goes backwards (it is where the
 *   eval breaker is checked, so a loop can always be interrupted).
 * - Calls push `callable, NULL` (or LOAD_METHOD's `func, self`) and then the arguments;
 *   decorators and `assert` messages use the same slot trick as CPython 3.11: `[f, x] CALL 0`
 *   calls f(x).
 * - Zero-argument `super()` is compiled as `super(__class__, <first parameter>)`, because the
 *   runtime has no frame introspection.
 * - Annotations are never evaluated and `__annotations__` is not created (CPython evaluates
 *   them at module and class level); `from __future__ import …` compiles to nothing.
 * - `yield from it` re-yields each item of `iter(it)` and evaluates to None: values sent into
 *   the generator and exceptions thrown into it are not forwarded to `it`.
 * - Unreachable code (after a return, raise, break, continue or jump, up to the next label that
 *   an emitted jump targets) is not emitted; CPython's optimizer removes it too.
 *
 * The stack depth and block nesting of each code object are computed by abstract
 * interpretation of its instructions (`stackDepth`), which also checks that every path reaches
 * each instruction with the same depth: a compiler bug shows up here, not in the interpreter.
 */
import type * as A from "./ast.js";
import {
  CO_CLASS_BODY, CO_GENERATOR, CO_MODULE, CO_NESTED, CO_NEWLOCALS, CO_OPTIMIZED, CO_VARARGS,
  CO_VARKEYWORDS, type CodeSpec, type ConstValue,
} from "./code_spec.js";
import { CmpOp, MF_CLOSURE, MF_DEFAULTS, MF_KWDEFAULTS, NbOp, Op, encode } from "./opcodes.js";
import { type Block, DEF_FREE_CLASS, SourceInfo, type SymbolTable, buildSymtable, mangle } from "./symtable.js";

/** Compiles a parsed module; `source` is only read to quote lines in syntax errors. */
export function compile(module: A.Module, filename: string, source: string): CodeSpec {
  const src = new SourceInfo(filename, source);
  return new Compiler(buildSymtable(module, src), src).module(module);
}

const NONE: ConstValue = { type: "None" };

const BINARY_OPS: Record<A.Operator, NbOp> = {
  Add: NbOp.ADD, BitAnd: NbOp.AND, FloorDiv: NbOp.FLOOR_DIVIDE, LShift: NbOp.LSHIFT,
  MatMult: NbOp.MATRIX_MULTIPLY, Mult: NbOp.MULTIPLY, Mod: NbOp.REMAINDER, BitOr: NbOp.OR,
  Pow: NbOp.POWER, RShift: NbOp.RSHIFT, Sub: NbOp.SUBTRACT, Div: NbOp.TRUE_DIVIDE, BitXor: NbOp.XOR,
};

const UNARY_OPS: Record<A.UnaryOperator, Op> = {
  Invert: Op.UNARY_INVERT, Not: Op.UNARY_NOT, UAdd: Op.UNARY_POSITIVE, USub: Op.UNARY_NEGATIVE,
};

const COMPARE_OPS: Record<A.CmpOperator, [Op, number]> = {
  Eq: [Op.COMPARE_OP, CmpOp.EQ], NotEq: [Op.COMPARE_OP, CmpOp.NE], Lt: [Op.COMPARE_OP, CmpOp.LT],
  LtE: [Op.COMPARE_OP, CmpOp.LE], Gt: [Op.COMPARE_OP, CmpOp.GT], GtE: [Op.COMPARE_OP, CmpOp.GE],
  Is: [Op.IS_OP, 0], IsNot: [Op.IS_OP, 1], In: [Op.CONTAINS_OP, 0], NotIn: [Op.CONTAINS_OP, 1],
};

/** FORMAT_VALUE's conversion bits, by the AST's conversion code. */
const CONVERSIONS: Record<A.Conversion, number> = { [-1]: 0, 115: 1, 114: 2, 97: 3 };

/** Load, store and delete opcodes of each kind of variable. */
const NAME_OPS: Record<"fast" | "deref" | "global" | "name", Record<A.ExprContext, Op>> = {
  fast: { Load: Op.LOAD_FAST, Store: Op.STORE_FAST, Del: Op.DELETE_FAST },
  deref: { Load: Op.LOAD_DEREF, Store: Op.STORE_DEREF, Del: Op.DELETE_DEREF },
  global: { Load: Op.LOAD_GLOBAL, Store: Op.STORE_GLOBAL, Del: Op.DELETE_GLOBAL },
  name: { Load: Op.LOAD_NAME, Store: Op.STORE_NAME, Del: Op.DELETE_NAME },
};

/** After these, the next instruction is only reached by a jump. */
const NO_FALLTHROUGH: ReadonlySet<Op> = new Set([
  Op.RETURN_VALUE, Op.RAISE_VARARGS, Op.RERAISE, Op.EXC_CLEANUP, Op.JUMP_FORWARD, Op.JUMP_BACKWARD,
]);

/** A position in the code, bound once; jumps to it are patched when the code object is done. */
interface Label {
  pos: number; // -1 until bound
  /** Some emitted jump goes here: code after the label is reachable. */
  targeted: boolean;
}

type UnitKind = "module" | "class" | "function" | "lambda" | "comprehension";

interface LoopBlock {
  kind: "loop";
  isFor: boolean;
  /** Where `continue` goes: the loop's test or FOR_ITER. */
  top: Label;
  /** Where `break` goes: past the `else` clause. */
  exit: Label;
}

/**
 * What encloses the code being compiled (CPython's fblockinfo): what `return`, `break` and
 * `continue` must undo on their way out.
 */
type FBlock =
  | LoopBlock
  | { kind: "try_except" } // the body of a try with handlers: one block
  | { kind: "finally_try"; finalbody: A.Stmt[] } // the body of a try/finally: one block
  | { kind: "finally_end" } // a finally body run for an exception: [prev, exc] + one block
  | { kind: "with" } // a with body: [exit] + one block
  | { kind: "handler"; name: string | null } // an except body: [prev] + one block
  | { kind: "pop_value" }; // a return value kept on the stack while a finally body runs

/** One code object being compiled (CPython's compiler_unit). */
class Unit {
  readonly code: number[] = [];
  readonly lines: number[] = [];
  readonly consts: ConstValue[] = [];
  private readonly constIndex = new Map<string, number>();
  readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();
  readonly varnames: string[];
  readonly cellvars: string[];
  readonly freevars: string[];
  readonly fblocks: FBlock[] = [];
  /** Jump instructions, patched with their label's position when the unit is done. */
  private readonly jumps: { at: number; label: Label }[] = [];
  argcount = 0;
  posonlyargcount = 0;
  kwonlyargcount = 0;
  /** The source line the instructions being emitted belong to. */
  line: number;
  /** False after an instruction that does not fall through, until a jump target is bound. */
  reachable = true;

  constructor(
    readonly block: Block,
    readonly kind: UnitKind,
    readonly name: string,
    readonly qualname: string,
    readonly firstlineno: number,
    /** The enclosing class's name, for mangling `__x`. */
    readonly privateName: string | null,
  ) {
    this.line = firstlineno;
    const named = (pred: (name: string) => boolean) => [...block.scopes.keys()].filter(pred);
    // Every fast local gets its slot up front (parameters first), so deref indexes are final.
    this.varnames = block.type === "function"
      ? [...block.params, ...named((n) => block.scopes.get(n) === "local" && !block.params.includes(n))]
      : [];
    this.cellvars = block.needsClassClosure
      ? ["__class__"]
      : named((n) => block.scopes.get(n) === "cell").sort();
    this.freevars = named((n) => block.scopes.get(n) === "free" || (block.flagsOf(n) & DEF_FREE_CLASS) !== 0).sort();
  }

  emit(op: Op, arg: number): void {
    if (!this.reachable) return;
    this.code.push(encode(op, arg));
    this.lines.push(this.line);
    if (NO_FALLTHROUGH.has(op)) this.reachable = false;
  }

  emitJump(op: Op, label: Label): void {
    if (!this.reachable) return;
    if (label.pos >= 0 && op !== Op.JUMP_BACKWARD) {
      throw new Error(`compiler: ${op} to an earlier instruction (only JUMP_BACKWARD may go back)`);
    }
    this.jumps.push({ at: this.code.length, label });
    label.targeted = true;
    this.emit(op, 0);
  }

  bind(label: Label): void {
    if (label.pos >= 0) throw new Error("compiler: label bound twice");
    label.pos = this.code.length;
    if (label.targeted) this.reachable = true;
  }

  addConst(c: ConstValue): number {
    const key = constKey(c);
    let i = key === null ? undefined : this.constIndex.get(key);
    if (i === undefined) {
      i = this.consts.push(c) - 1;
      if (key !== null) this.constIndex.set(key, i);
    }
    return i;
  }

  addName(name: string): number {
    let i = this.nameIndex.get(name);
    if (i === undefined) {
      i = this.names.push(name) - 1;
      this.nameIndex.set(name, i);
    }
    return i;
  }

  varIndex(name: string): number {
    const i = this.varnames.indexOf(name);
    if (i < 0) throw new Error(`compiler: '${name}' is not a local of ${this.qualname}`);
    return i;
  }

  /** The localsplus index of a cell or free variable (LOAD_DEREF & co.). */
  derefIndex(name: string): number {
    const c = this.cellvars.indexOf(name);
    if (c >= 0) return this.varnames.length + c;
    const f = this.freevars.indexOf(name);
    if (f < 0) throw new Error(`compiler: '${name}' is neither a cell nor a free variable of ${this.qualname}`);
    return this.varnames.length + this.cellvars.length + f;
  }

  assemble(filename: string): CodeSpec {
    for (const { at, label } of this.jumps) {
      if (label.pos < 0) throw new Error("compiler: jump to a label never bound");
      this.code[at] = encode(this.code[at] & 0xff, label.pos);
    }
    const b = this.block;
    let flags: number;
    if (this.kind === "module") flags = CO_MODULE;
    else if (this.kind === "class") flags = CO_CLASS_BODY;
    else {
      flags = CO_OPTIMIZED | CO_NEWLOCALS;
      if (b.nested) flags |= CO_NESTED;
      if (b.generator) flags |= CO_GENERATOR;
      if (b.varargs) flags |= CO_VARARGS;
      if (b.varkeywords) flags |= CO_VARKEYWORDS;
    }
    const { stacksize, maxblocks } = stackDepth(this.code);
    return {
      name: this.name,
      qualname: this.qualname,
      filename,
      firstlineno: this.firstlineno,
      argcount: this.argcount,
      posonlyargcount: this.posonlyargcount,
      kwonlyargcount: this.kwonlyargcount,
      flags,
      varnames: this.varnames,
      cellvars: this.cellvars,
      freevars: this.freevars,
      cell2arg: this.cellvars.map((n) => b.params.indexOf(n)),
      names: this.names,
      consts: this.consts,
      code: this.code,
      lines: this.lines,
      stacksize,
      maxblocks,
    };
  }
}

class Compiler {
  private readonly units: Unit[] = [];

  constructor(
    private readonly table: SymbolTable,
    private readonly src: SourceInfo,
  ) {}

  private get u(): Unit {
    return this.units[this.units.length - 1];
  }

  module(m: A.Module): CodeSpec {
    this.enterUnit(m, "<module>", "module", 1, null);
    this.body(m.body);
    return this.exitUnit();
  }

  // ---- code objects ----

  private enterUnit(node: object, name: string, kind: UnitKind, firstlineno: number, privateName: string | null): Unit {
    const qualname = this.units.length === 0 ? name : this.qualname(name, kind);
    const u = new Unit(this.table.blockFor(node), kind, name, qualname, firstlineno, privateName);
    this.units.push(u);
    return u;
  }

  private exitUnit(): CodeSpec {
    const u = this.u;
    if (u.reachable) {
      this.loadConst(NONE);
      this.emit(Op.RETURN_VALUE);
    }
    this.units.pop();
    return u.assemble(this.src.filename);
  }

  /** CPython's compiler_set_qualname: `f.<locals>.g`, `C.m`, or just the name for globals. */
  private qualname(name: string, kind: UnitKind): string {
    const parent = this.u;
    if (parent.kind === "module") return name;
    if ((kind === "function" || kind === "class")
      && parent.block.scopeOf(mangle(parent.privateName, name)) === "global_explicit") {
      return name;
    }
    const hasLocals = parent.kind === "function" || parent.kind === "lambda";
    return `${parent.qualname}${hasLocals ? ".<locals>" : ""}.${name}`;
  }

  /** Pushes a function object for `code`: [defaults, kwdefaults (per flags), closure, code]. */
  private makeFunction(code: CodeSpec, flags: number): void {
    if (code.freevars.length > 0) {
      // In a class body, a free variable of a method that the class also binds is the class's
      // free variable (DEF_FREE_CLASS), and `__class__` is the class's own cell.
      for (const name of code.freevars) this.emit(Op.LOAD_CLOSURE, this.u.derefIndex(name));
      this.emit(Op.BUILD_TUPLE, code.freevars.length);
      flags |= MF_CLOSURE;
    }
    this.loadConst({ type: "code", value: code });
    this.emit(Op.MAKE_FUNCTION, flags);
  }

  /** Evaluates a function's defaults in the enclosing scope; returns MAKE_FUNCTION's flags. */
  private argDefaults(a: A.Arguments): number {
    let flags = 0;
    if (a.defaults.length > 0) {
      this.sequence(a.defaults, "tuple");
      flags |= MF_DEFAULTS;
    }
    let nkw = 0;
    a.kwonlyargs.forEach((arg, i) => {
      const d = a.kw_defaults[i];
      if (d === null) return;
      this.loadConst({ type: "str", value: mangle(this.u.privateName, arg.arg) });
      this.expr(d);
      nkw++;
    });
    if (nkw > 0) {
      this.emit(Op.BUILD_MAP, nkw);
      flags |= MF_KWDEFAULTS;
    }
    return flags;
  }

  private functionCode(node: A.FunctionDef | A.Lambda, name: string, firstlineno: number): CodeSpec {
    const kind = node.kind === "Lambda" ? "lambda" : "function";
    const u = this.enterUnit(node, name, kind, firstlineno, this.u.privateName);
    const a = node.args;
    u.argcount = a.posonlyargs.length + a.args.length;
    u.posonlyargcount = a.posonlyargs.length;
    u.kwonlyargcount = a.kwonlyargs.length;
    if (node.kind === "Lambda") {
      u.addConst(NONE); // consts[0] is the docstring, which a lambda never has
      this.expr(node.body);
      this.emit(u.block.generator ? Op.POP_TOP : Op.RETURN_VALUE);
    } else {
      const doc = docstring(node.body);
      u.addConst(doc ?? NONE);
      this.stmts(doc === null ? node.body : node.body.slice(1));
    }
    return this.exitUnit();
  }

  /** A module or class body: a docstring is stored as `__doc__`. */
  private body(stmts: A.Stmt[]): void {
    const doc = docstring(stmts);
    if (doc !== null) {
      this.u.line = stmts[0].lineno;
      this.loadConst(doc);
      this.nameOp("__doc__", "Store");
    }
    this.stmts(doc === null ? stmts : stmts.slice(1));
  }

  // ---- emitting ----

  private emit(op: Op, arg = 0): void {
    this.u.emit(op, arg);
  }

  private jumpTo(op: Op, label: Label): void {
    this.u.emitJump(op, label);
  }

  /** An unconditional jump, backward or forward. */
  private jump(label: Label): void {
    this.u.emitJump(label.pos >= 0 ? Op.JUMP_BACKWARD : Op.JUMP_FORWARD, label);
  }

  private bind(label: Label): void {
    this.u.bind(label);
  }

  private loadConst(c: ConstValue): void {
    this.emitConst(Op.LOAD_CONST, c);
  }

  /** An opcode whose argument is an index in co_consts. */
  private emitConst(op: Op, c: ConstValue): void {
    this.emit(op, this.u.addConst(c));
  }

  /** An opcode whose argument is a name in co_names, mangled as attribute names are. */
  private emitName(op: Op, name: string): void {
    this.emit(op, this.u.addName(mangle(this.u.privateName, name)));
  }

  /** Emits `fn`'s instructions as belonging to another source line. */
  private atLine(line: number, fn: () => void): void {
    const saved = this.u.line;
    this.u.line = line;
    fn();
    this.u.line = saved;
  }

  private error(msg: string, at: A.Position): never {
    throw this.src.error(msg, at);
  }

  /** Loads, stores or deletes a variable with the opcode its scope calls for. */
  private nameOp(name: string, ctx: A.ExprContext): void {
    const u = this.u;
    const mangled = mangle(u.privateName, name);
    const inFunction = u.block.type === "function";
    switch (u.block.scopeOf(mangled)) {
      case "free":
      case "cell": {
        const op = ctx === "Load" && u.block.type === "class" ? Op.LOAD_CLASSDEREF : NAME_OPS.deref[ctx];
        this.emit(op, u.derefIndex(mangled));
        return;
      }
      case "local":
        if (inFunction) {
          this.emit(NAME_OPS.fast[ctx], u.varIndex(mangled));
          return;
        }
        break;
      case "global_implicit":
        if (inFunction) {
          this.emit(NAME_OPS.global[ctx], u.addName(mangled));
          return;
        }
        break;
      case "global_explicit":
        this.emit(NAME_OPS.global[ctx], u.addName(mangled));
        return;
      case null:
        break;
    }
    this.emit(NAME_OPS.name[ctx], u.addName(mangled));
  }

  // ---- statements ----

  private stmts(body: A.Stmt[]): void {
    for (const s of body) this.stmt(s);
  }

  private stmt(s: A.Stmt): void {
    this.u.line = s.lineno;
    switch (s.kind) {
      case "FunctionDef": {
        this.exprs(s.decorator_list);
        const firstlineno = s.decorator_list.length > 0 ? s.decorator_list[0].lineno : s.lineno;
        const flags = this.argDefaults(s.args);
        this.makeFunction(this.functionCode(s, s.name, firstlineno), flags);
        this.applyDecorators(s.decorator_list);
        this.nameOp(s.name, "Store");
        break;
      }
      case "ClassDef":
        this.classDef(s);
        break;
      case "Return":
        this.returnStmt(s);
        break;
      case "Delete":
        this.exprs(s.targets);
        break;
      case "Assign":
        this.assign(s);
        break;
      case "AugAssign":
        this.augAssign(s);
        break;
      case "AnnAssign":
        if (s.value !== null) {
          this.expr(s.value);
          this.expr(s.target);
        }
        break;
      case "For":
        this.forStmt(s);
        break;
      case "While":
        this.whileStmt(s);
        break;
      case "If": {
        const end = newLabel();
        const orelse = s.orelse.length > 0 ? newLabel() : end;
        this.jumpIf(s.test, orelse, false);
        this.stmts(s.body);
        if (orelse !== end) {
          this.jump(end);
          this.bind(orelse);
          this.stmts(s.orelse);
        }
        this.bind(end);
        break;
      }
      case "With":
        this.withStmt(s, 0);
        break;
      case "Raise": {
        let n = 0;
        for (const e of [s.exc, s.cause]) {
          if (e === null) break;
          this.expr(e);
          n++;
        }
        this.emit(Op.RAISE_VARARGS, n);
        break;
      }
      case "Try":
        if (s.finalbody.length > 0) this.tryFinally(s);
        else this.tryExcept(s);
        break;
      case "Assert": {
        const ok = newLabel();
        this.jumpIf(s.test, ok, true);
        this.emit(Op.LOAD_ASSERTION_ERROR);
        if (s.msg !== null) {
          this.expr(s.msg);
          this.emit(Op.CALL, 0); // [AssertionError, msg] → AssertionError(msg)
        }
        this.emit(Op.RAISE_VARARGS, 1);
        this.bind(ok);
        break;
      }
      case "Import":
        this.importStmt(s);
        break;
      case "ImportFrom":
        this.importFrom(s);
        break;
      case "Expr":
        // A lone constant (a string used as a comment) does nothing.
        if (s.value.kind !== "Constant") {
          this.expr(s.value);
          this.emit(Op.POP_TOP);
        }
        break;
      case "Break": {
        const loop = this.unwindFBlocks(false, true);
        if (loop === null) this.error("'break' outside loop", s);
        this.unwindBlock(loop, false);
        this.jump(loop.exit);
        break;
      }
      case "Continue": {
        const loop = this.unwindFBlocks(false, true);
        if (loop === null) this.error("'continue' not properly in loop", s);
        this.jump(loop.top);
        break;
      }
      case "Global":
      case "Nonlocal":
      case "Pass":
        break;
    }
  }

  /** Calls each decorator, innermost (last) first, on the object on top of the stack. */
  private applyDecorators(decorators: A.Expr[]): void {
    for (let i = 0; i < decorators.length; i++) this.emit(Op.CALL, 0); // [deco, obj] → deco(obj)
  }

  private classDef(s: A.ClassDef): void {
    if (s.keywords.length > 0) {
      const k = s.keywords[0];
      this.error(k.arg === "metaclass" ? "metaclasses are not supported by gilvm"
        : "class keyword arguments are not supported by gilvm", k);
    }
    if (s.bases.length > 1) this.error("multiple inheritance is not supported by gilvm", s.bases[1]);
    const base = s.bases.length === 1 ? s.bases[0] : null;
    if (base !== null && base.kind === "Starred") this.error("starred base classes are not supported by gilvm", base);

    this.exprs(s.decorator_list);
    const firstlineno = s.decorator_list.length > 0 ? s.decorator_list[0].lineno : s.lineno;
    const u = this.enterUnit(s, s.name, "class", firstlineno, s.name);
    u.line = s.lineno;
    this.nameOp("__name__", "Load");
    this.nameOp("__module__", "Store");
    this.loadConst({ type: "str", value: u.qualname });
    this.nameOp("__qualname__", "Store");
    this.body(s.body);
    if (u.block.needsClassClosure) {
      // __build_class__ fills the cell with the new class, for `super()` and `__class__`.
      this.emit(Op.LOAD_CLOSURE, u.derefIndex("__class__"));
      this.emit(Op.STORE_NAME, u.addName("__classcell__"));
    }
    const code = this.exitUnit();

    this.emit(Op.LOAD_BUILD_CLASS);
    this.emit(Op.PUSH_NULL);
    this.makeFunction(code, 0);
    this.loadConst({ type: "str", value: s.name });
    if (base !== null) this.expr(base);
    this.emit(Op.CALL, base === null ? 2 : 3);
    this.applyDecorators(s.decorator_list);
    this.nameOp(s.name, "Store");
  }

  private returnStmt(s: A.Return): void {
    if (this.u.block.type !== "function") this.error("'return' outside function", s);
    // A constant is loaded after the unwinding; any other value is computed first and kept.
    const constant = s.value === null ? NONE : constantOf(s.value);
    if (constant === null) {
      this.expr(s.value!);
      this.unwindFBlocks(true, false);
    } else {
      this.unwindFBlocks(false, false);
      this.loadConst(constant);
    }
    this.emit(Op.RETURN_VALUE);
  }

  private assign(s: A.Assign): void {
    if (this.swapAssign(s)) return;
    this.expr(s.value);
    s.targets.forEach((t, i) => {
      if (i < s.targets.length - 1) this.emit(Op.COPY, 1);
      this.expr(t);
    });
  }

  /**
   * `a, b = b, a` (two or three names on each side, no starred item): the values are
   * reordered with SWAP instead of building a tuple and unpacking it, as CPython's optimizer does.
   */
  private swapAssign(s: A.Assign): boolean {
    const [target] = s.targets;
    const value = s.value;
    if (s.targets.length !== 1 || (target.kind !== "Tuple" && target.kind !== "List")
      || value.kind !== "Tuple" || constantOf(value) !== null) {
      return false;
    }
    const n = target.elts.length;
    if ((n !== 2 && n !== 3) || value.elts.length !== n
      || [...target.elts, ...value.elts].some((e) => e.kind === "Starred")) {
      return false;
    }
    this.exprs(value.elts);
    this.emit(Op.SWAP, n); // the first value ends on top, to be stored first
    this.exprs(target.elts);
    return true;
  }

  /** `t op= v`: the container and key of `t` are evaluated once. */
  private augAssign(s: A.AugAssign): void {
    const t = s.target;
    const endLine = t.end_lineno;
    switch (t.kind) {
      case "Name":
        this.nameOp(t.id, "Load");
        break;
      case "Attribute":
        this.expr(t.value);
        this.emit(Op.COPY, 1);
        this.atLine(endLine, () => this.emitName(Op.LOAD_ATTR, t.attr));
        break;
      case "Subscript":
        this.expr(t.value);
        this.expr(t.slice);
        this.emit(Op.COPY, 2);
        this.emit(Op.COPY, 2);
        this.emit(Op.BINARY_SUBSCR);
        break;
      default:
        this.error("illegal expression for augmented assignment", t);
    }
    this.expr(s.value);
    this.emit(Op.BINARY_OP, BINARY_OPS[s.op] + NbOp.INPLACE);
    switch (t.kind) {
      case "Name":
        this.nameOp(t.id, "Store");
        break;
      case "Attribute": // [obj, result]
        this.atLine(endLine, () => {
          this.emit(Op.SWAP, 2);
          this.emitName(Op.STORE_ATTR, t.attr);
        });
        break;
      case "Subscript": // [container, key, result]
        this.emit(Op.SWAP, 3);
        this.emit(Op.SWAP, 2);
        this.emit(Op.STORE_SUBSCR);
        break;
    }
  }

  private forStmt(s: A.For): void {
    const top = newLabel();
    const orelse = newLabel();
    const exit = newLabel();
    this.expr(s.iter);
    this.emit(Op.GET_ITER);
    this.bind(top);
    this.jumpTo(Op.FOR_ITER, orelse);
    this.u.fblocks.push({ kind: "loop", isFor: true, top, exit });
    this.expr(s.target);
    this.stmts(s.body);
    this.u.fblocks.pop();
    this.u.line = s.lineno;
    this.jump(top);
    this.bind(orelse);
    this.stmts(s.orelse);
    this.bind(exit);
  }

  private whileStmt(s: A.While): void {
    const top = newLabel();
    const orelse = newLabel();
    const exit = newLabel();
    this.bind(top);
    if (!isConstantTrue(s.test)) this.jumpIf(s.test, orelse, false);
    this.u.fblocks.push({ kind: "loop", isFor: false, top, exit });
    this.stmts(s.body);
    this.u.fblocks.pop();
    this.u.line = s.lineno;
    this.jump(top);
    this.bind(orelse);
    this.stmts(s.orelse);
    this.bind(exit);
  }

  /**
   * ```
   *     SETUP_FINALLY H
   *     <body>                               fblock try_except
   *     POP_BLOCK
   *     <else body>
   *     JUMP_FORWARD END
   * H:  PUSH_EXC_INFO                        [prev, exc]
   *     SETUP_FINALLY C1                     an exception in a test goes to C1
   *     per handler `except E as e`:
   *       <E>; CHECK_EXC_MATCH; POP_JUMP_IF_FALSE NEXT   (exc stays; no test for a bare except)
   *       POP_BLOCK; STORE e (or POP_TOP)    [prev]
   *       SETUP_FINALLY C0
   *       <handler body>                     fblock handler
   *       POP_BLOCK; POP_EXCEPT; (LOAD_CONST None; STORE e; DELETE e); JUMP_FORWARD END
   *     NEXT: …
   *     POP_BLOCK; SWAP 2; POP_EXCEPT; RERAISE   no handler matched (absent after a bare except)
   * C1: EXC_CLEANUP 1                        [prev, exc, exc2]
   * C0: (LOAD_CONST None; STORE e; DELETE e); EXC_CLEANUP 0    one per handler: [prev, exc2]
   * END:
   * ```
   */
  private tryExcept(s: A.Try): void {
    const handlerStart = newLabel();
    const end = newLabel();
    this.jumpTo(Op.SETUP_FINALLY, handlerStart);
    this.u.fblocks.push({ kind: "try_except" });
    this.stmts(s.body);
    this.u.fblocks.pop();
    this.emit(Op.POP_BLOCK);
    this.stmts(s.orelse);
    this.jump(end);

    this.bind(handlerStart);
    this.u.line = s.lineno;
    this.emit(Op.PUSH_EXC_INFO);
    const testCleanup = newLabel();
    this.jumpTo(Op.SETUP_FINALLY, testCleanup);
    const bodyCleanups: { label: Label; name: string | null }[] = [];
    s.handlers.forEach((h, i) => {
      this.u.line = h.lineno;
      const next = newLabel();
      if (h.type === null) {
        if (i < s.handlers.length - 1) this.error("default 'except:' must be last", h);
      } else {
        this.expr(h.type);
        this.emit(Op.CHECK_EXC_MATCH);
        this.jumpTo(Op.POP_JUMP_IF_FALSE, next);
      }
      this.emit(Op.POP_BLOCK);
      if (h.name !== null) this.nameOp(h.name, "Store");
      else this.emit(Op.POP_TOP);
      const cleanup = newLabel();
      bodyCleanups.push({ label: cleanup, name: h.name });
      this.jumpTo(Op.SETUP_FINALLY, cleanup);
      this.u.fblocks.push({ kind: "handler", name: h.name });
      this.stmts(h.body);
      this.u.fblocks.pop();
      this.emit(Op.POP_BLOCK);
      this.emit(Op.POP_EXCEPT);
      if (h.name !== null) this.clearName(h.name);
      this.jump(end);
      if (h.type !== null) this.bind(next);
    });
    this.u.line = s.lineno;
    this.reraiseHandled();
    this.bind(testCleanup);
    this.emit(Op.EXC_CLEANUP, 1);
    for (const { label, name } of bodyCleanups) {
      this.bind(label);
      if (name !== null) this.clearName(name);
      this.emit(Op.EXC_CLEANUP, 0);
    }
    this.bind(end);
  }

  /**
   * ```
   *     SETUP_FINALLY F
   *     <body, itself a try/except when there are handlers>    fblock finally_try
   *     POP_BLOCK
   *     <finally body>
   *     JUMP_FORWARD END
   * F:  PUSH_EXC_INFO                        [prev, exc]
   *     SETUP_FINALLY C1
   *     <finally body>                       fblock finally_end
   *     POP_BLOCK; SWAP 2; POP_EXCEPT; RERAISE
   * C1: EXC_CLEANUP 1
   * END:
   * ```
   */
  private tryFinally(s: A.Try): void {
    const onException = newLabel();
    const end = newLabel();
    this.jumpTo(Op.SETUP_FINALLY, onException);
    this.u.fblocks.push({ kind: "finally_try", finalbody: s.finalbody });
    if (s.handlers.length > 0) this.tryExcept(s);
    else this.stmts(s.body);
    this.u.fblocks.pop();
    this.emit(Op.POP_BLOCK);
    this.stmts(s.finalbody);
    this.jump(end);

    this.bind(onException);
    this.u.line = s.lineno;
    this.emit(Op.PUSH_EXC_INFO);
    const cleanup = newLabel();
    this.jumpTo(Op.SETUP_FINALLY, cleanup);
    this.u.fblocks.push({ kind: "finally_end" });
    this.stmts(s.finalbody);
    this.u.fblocks.pop();
    this.reraiseHandled();
    this.bind(cleanup);
    this.emit(Op.EXC_CLEANUP, 1);
    this.bind(end);
  }

  /**
   * One item of a `with` (the next items nest inside it):
   * ```
   *     <A>
   *     SETUP_WITH W                         [exit, A.__enter__()] + one block
   *     STORE a (or POP_TOP)
   *     <body>                               fblock with
   *     POP_BLOCK; WITH_EXIT; JUMP_FORWARD END
   * W:  PUSH_EXC_INFO                        [exit, prev, exc]
   *     SETUP_FINALLY C1
   *     WITH_EXCEPT_START                    [exit, prev, exc, result]
   *     POP_JUMP_IF_TRUE S
   *     POP_BLOCK; SWAP 2; POP_EXCEPT; RERAISE   not suppressed (the unwinder drops exit)
   * S:  POP_BLOCK; POP_TOP; POP_EXCEPT; POP_TOP; JUMP_FORWARD END   suppressed
   * C1: EXC_CLEANUP 1
   * END:
   * ```
   */
  private withStmt(s: A.With, i: number): void {
    const item = s.items[i];
    const onException = newLabel();
    const end = newLabel();
    this.expr(item.context_expr);
    this.jumpTo(Op.SETUP_WITH, onException);
    this.u.fblocks.push({ kind: "with" });
    if (item.optional_vars !== null) this.expr(item.optional_vars);
    else this.emit(Op.POP_TOP);
    if (i + 1 < s.items.length) this.withStmt(s, i + 1);
    else this.stmts(s.body);
    this.u.fblocks.pop();
    this.u.line = s.lineno;
    this.emit(Op.POP_BLOCK);
    this.emit(Op.WITH_EXIT);
    this.jump(end);

    this.bind(onException);
    this.emit(Op.PUSH_EXC_INFO);
    const cleanup = newLabel();
    const suppressed = newLabel();
    this.jumpTo(Op.SETUP_FINALLY, cleanup);
    this.emit(Op.WITH_EXCEPT_START);
    this.jumpTo(Op.POP_JUMP_IF_TRUE, suppressed);
    this.reraiseHandled();
    this.bind(suppressed);
    this.emit(Op.POP_BLOCK);
    this.emit(Op.POP_TOP);
    this.emit(Op.POP_EXCEPT);
    this.emit(Op.POP_TOP);
    this.jump(end);
    this.bind(cleanup);
    this.emit(Op.EXC_CLEANUP, 1);
    this.bind(end);
  }

  /** [prev, exc] + a cleanup block: leave the block, restore prev, raise exc again. */
  private reraiseHandled(): void {
    this.emit(Op.POP_BLOCK);
    this.emit(Op.SWAP, 2);
    this.emit(Op.POP_EXCEPT);
    this.emit(Op.RERAISE);
  }

  /** `except E as e` unbinds e when the handler ends, as CPython does. */
  private clearName(name: string): void {
    this.loadConst(NONE);
    this.nameOp(name, "Store");
    this.nameOp(name, "Del");
  }

  /**
   * Emits the exits of the enclosing fblocks, innermost first, for a `return` (all of them) or a
   * `break`/`continue` (up to the innermost loop, which is returned and not unwound).
   * `preserveTos`: a return value on top of the stack must stay there.
   */
  private unwindFBlocks(preserveTos: boolean, toLoop: boolean): LoopBlock | null {
    const fblocks = this.u.fblocks;
    const top = fblocks.at(-1);
    if (top === undefined) return null;
    if (toLoop && top.kind === "loop") return top;
    // Off the stack while its exit is emitted, so that a `return` in an inlined finally body
    // does not inline that body again.
    fblocks.pop();
    this.unwindBlock(top, preserveTos);
    const loop = this.unwindFBlocks(preserveTos, toLoop);
    fblocks.push(top);
    return loop;
  }

  private unwindBlock(fb: FBlock, preserveTos: boolean): void {
    const keepTos = () => {
      if (preserveTos) this.emit(Op.SWAP, 2);
    };
    switch (fb.kind) {
      case "loop":
        if (fb.isFor) {
          keepTos();
          this.emit(Op.POP_TOP); // the iterator
        }
        return;
      case "try_except":
        this.emit(Op.POP_BLOCK);
        return;
      case "finally_try": {
        this.emit(Op.POP_BLOCK);
        const line = this.u.line;
        if (preserveTos) this.u.fblocks.push({ kind: "pop_value" });
        this.stmts(fb.finalbody);
        if (preserveTos) this.u.fblocks.pop();
        this.u.line = line;
        return;
      }
      case "finally_end":
        this.emit(Op.POP_BLOCK);
        keepTos();
        this.emit(Op.POP_TOP); // the exception being handled
        keepTos();
        this.emit(Op.POP_EXCEPT);
        return;
      case "with":
        this.emit(Op.POP_BLOCK);
        keepTos();
        this.emit(Op.WITH_EXIT);
        return;
      case "handler":
        this.emit(Op.POP_BLOCK);
        keepTos();
        this.emit(Op.POP_EXCEPT);
        if (fb.name !== null) this.clearName(fb.name);
        return;
      case "pop_value":
        keepTos();
        this.emit(Op.POP_TOP);
        return;
    }
  }

  private importStmt(s: A.Import): void {
    for (const alias of s.names) {
      this.loadConst(NONE);
      this.emitName(Op.IMPORT_NAME, alias.name);
      // IMPORT_NAME without a fromlist pushes the top-level package.
      const [first, ...rest] = alias.name.split(".");
      if (alias.asname === null) {
        this.nameOp(first, "Store");
      } else {
        for (const attr of rest) this.emit(Op.LOAD_ATTR, this.u.addName(attr));
        this.nameOp(alias.asname, "Store");
      }
    }
  }

  private importFrom(s: A.ImportFrom): void {
    // gilvm's only futures are on already (annotations are never evaluated).
    if (s.module === "__future__") return;
    if (s.module === null) this.error("relative imports are not supported by gilvm", s);
    if (s.names[0].name === "*") this.error("'from ... import *' is not supported by gilvm", s);
    this.loadConst({ type: "tuple", value: s.names.map((a) => ({ type: "str", value: a.name })) });
    this.emitName(Op.IMPORT_NAME, s.module);
    for (const alias of s.names) {
      this.emitName(Op.IMPORT_FROM, alias.name);
      this.nameOp(alias.asname ?? alias.name, "Store");
    }
    this.emit(Op.POP_TOP);
  }

  // ---- expressions ----

  private exprs(es: A.Expr[]): void {
    for (const e of es) this.expr(e);
  }

  private expr(e: A.Expr): void {
    this.atLine(e.lineno, () => this.exprHere(e));
  }

  private exprHere(e: A.Expr): void {
    switch (e.kind) {
      case "BoolOp": {
        const end = newLabel();
        const op = e.op === "And" ? Op.JUMP_IF_FALSE_OR_POP : Op.JUMP_IF_TRUE_OR_POP;
        e.values.forEach((v, i) => {
          this.expr(v);
          if (i < e.values.length - 1) this.jumpTo(op, end);
        });
        this.bind(end);
        return;
      }
      case "NamedExpr":
        this.expr(e.value);
        this.emit(Op.COPY, 1);
        this.expr(e.target);
        return;
      case "BinOp":
        this.expr(e.left);
        this.expr(e.right);
        this.emit(Op.BINARY_OP, BINARY_OPS[e.op]);
        return;
      case "UnaryOp": {
        const folded = constantOf(e);
        if (folded !== null) {
          this.loadConst(folded);
        } else {
          this.expr(e.operand);
          this.emit(UNARY_OPS[e.op]);
        }
        return;
      }
      case "Lambda": {
        const flags = this.argDefaults(e.args);
        this.makeFunction(this.functionCode(e, "<lambda>", e.lineno), flags);
        return;
      }
      case "IfExp": {
        const orelse = newLabel();
        const end = newLabel();
        this.jumpIf(e.test, orelse, false);
        this.expr(e.body);
        this.jump(end);
        this.bind(orelse);
        this.expr(e.orelse);
        this.bind(end);
        return;
      }
      case "Dict":
        this.dict(e.keys.map((key, i) => ({ key, value: e.values[i] })), Op.DICT_UPDATE);
        return;
      case "Set":
        this.sequence(e.elts, "set");
        return;
      case "ListComp":
        this.comprehension(e, "<listcomp>", Op.BUILD_LIST, e.generators, e.elt, null);
        return;
      case "SetComp":
        this.comprehension(e, "<setcomp>", Op.BUILD_SET, e.generators, e.elt, null);
        return;
      case "DictComp":
        this.comprehension(e, "<dictcomp>", Op.BUILD_MAP, e.generators, e.key, e.value);
        return;
      case "GeneratorExp":
        this.comprehension(e, "<genexpr>", null, e.generators, e.elt, null);
        return;
      case "Yield":
        this.checkYield(e);
        if (e.value !== null) this.expr(e.value);
        else this.loadConst(NONE);
        this.emit(Op.YIELD_VALUE);
        return;
      case "YieldFrom": {
        // Simplified: re-yield each item; sent values and thrown exceptions are not forwarded.
        this.checkYield(e);
        const top = newLabel();
        const end = newLabel();
        this.expr(e.value);
        this.emit(Op.GET_ITER);
        this.bind(top);
        this.jumpTo(Op.FOR_ITER, end);
        this.emit(Op.YIELD_VALUE);
        this.emit(Op.POP_TOP);
        this.jump(top);
        this.bind(end);
        this.loadConst(NONE);
        return;
      }
      case "Compare":
        this.compare(e);
        return;
      case "Call":
        this.call(e);
        return;
      case "FormattedValue": {
        let flags = CONVERSIONS[e.conversion];
        this.expr(e.value);
        if (e.format_spec !== null) {
          this.expr(e.format_spec);
          flags |= 4;
        }
        this.emit(Op.FORMAT_VALUE, flags);
        return;
      }
      case "JoinedStr":
        this.exprs(e.values);
        // One piece is already the whole string.
        if (e.values.length !== 1) this.emit(Op.BUILD_STRING, e.values.length);
        return;
      case "Constant":
        this.loadConst(e.value);
        return;
      case "Attribute":
        this.attribute(e);
        return;
      case "Subscript":
        this.expr(e.value);
        this.expr(e.slice);
        this.emit(e.ctx === "Load" ? Op.BINARY_SUBSCR : e.ctx === "Store" ? Op.STORE_SUBSCR : Op.DELETE_SUBSCR);
        return;
      case "Starred":
        // Starred items that are allowed (in calls, displays, unpacking) never get here.
        return this.error(e.ctx === "Load" ? "can't use starred expression here"
          : e.ctx === "Store" ? "starred assignment target must be in a list or tuple"
          : "cannot delete starred", e);
      case "Name":
        this.nameOp(e.id, e.ctx);
        return;
      case "List":
      case "Tuple":
        if (e.ctx === "Load") {
          const folded = constantOf(e);
          if (folded !== null) this.loadConst(folded);
          else this.sequence(e.elts, e.kind === "List" ? "list" : "tuple");
        } else if (e.ctx === "Store") {
          this.unpack(e);
        } else {
          this.exprs(e.elts);
        }
        return;
      case "Slice": {
        const parts = [e.lower, e.upper, e.step];
        const n = e.step === null ? 2 : 3;
        for (const p of parts.slice(0, n)) {
          if (p === null) this.loadConst(NONE);
          else this.expr(p);
        }
        this.emit(Op.BUILD_SLICE, n);
        return;
      }
    }
  }

  private attribute(e: A.Attribute): void {
    this.expr(e.value);
    const op = e.ctx === "Load" ? Op.LOAD_ATTR : e.ctx === "Store" ? Op.STORE_ATTR : Op.DELETE_ATTR;
    // As CPython: on the line where the attribute's name is, for `obj\n.attr` chains.
    this.atLine(e.end_lineno, () => this.emitName(op, e.attr));
  }

  private checkYield(e: A.Yield | A.YieldFrom): void {
    if (this.u.block.type !== "function") this.error("'yield' outside function", e);
  }

  /** Assignment to a tuple or list target: UNPACK_SEQUENCE, or UNPACK_EX around a starred item. */
  private unpack(e: A.List | A.Tuple): void {
    const n = e.elts.length;
    const star = e.elts.findIndex((x) => x.kind === "Starred");
    if (star < 0) {
      this.emit(Op.UNPACK_SEQUENCE, n);
    } else {
      if (e.elts.slice(star + 1).some((x) => x.kind === "Starred")) {
        this.error("multiple starred expressions in assignment", e);
      }
      const after = n - star - 1;
      if (star >= 1 << 8 || after >= 1 << 16) this.error("too many expressions in star-unpacking assignment", e);
      this.emit(Op.UNPACK_EX, star | (after << 8));
    }
    for (const x of e.elts) this.expr(x.kind === "Starred" ? x.value : x);
  }

  /**
   * A list, set or tuple display (also the positional arguments of a call with `*`): built
   * directly, or, around starred items, as a list extended piece by piece (converted to a
   * tuple at the end for a tuple).
   */
  private sequence(elts: A.Expr[], kind: "list" | "set" | "tuple"): void {
    const [build, add, extend] = kind === "set"
      ? [Op.BUILD_SET, Op.SET_ADD, Op.SET_UPDATE]
      : [Op.BUILD_LIST, Op.LIST_APPEND, Op.LIST_EXTEND];
    if (!elts.some((e) => e.kind === "Starred")) {
      const consts = elts.map(constantOf);
      if (kind === "tuple" && consts.every((c) => c !== null)) {
        this.loadConst({ type: "tuple", value: consts as ConstValue[] });
      } else if (elts.length > 2 && consts.every((c) => c !== null)) {
        // As CPython: one constant tuple instead of n loads.
        this.emit(build, 0);
        this.loadConst({ type: "tuple", value: consts as ConstValue[] });
        this.emit(extend, 1);
      } else {
        this.exprs(elts);
        this.emit(kind === "tuple" ? Op.BUILD_TUPLE : build, elts.length);
      }
      return;
    }
    let built = false;
    elts.forEach((e, i) => {
      if (e.kind === "Starred") {
        if (!built) this.emit(build, i);
        built = true;
        this.expr(e.value);
        this.emit(extend, 1);
      } else {
        this.expr(e);
        if (built) this.emit(add, 1);
      }
    });
    if (kind === "tuple") this.emit(Op.LIST_TO_TUPLE);
  }

  /**
   * A dict display (merging with DICT_UPDATE) or the keyword arguments of a call with `**`
   * (DICT_MERGE, which rejects repeated keys). A null key is a `**mapping` entry; runs of plain
   * entries are built with BUILD_MAP and merged in.
   */
  private dict(entries: { key: A.Expr | string | null; value: A.Expr }[], merge: Op): void {
    let haveDict = false;
    let pending = 0;
    const flush = () => {
      if (pending === 0) return;
      this.emit(Op.BUILD_MAP, pending);
      if (haveDict) this.emit(merge, 1);
      haveDict = true;
      pending = 0;
    };
    for (const { key, value } of entries) {
      if (key === null) {
        flush();
        if (!haveDict) this.emit(Op.BUILD_MAP, 0);
        haveDict = true;
        this.expr(value);
        this.emit(merge, 1);
      } else {
        if (typeof key === "string") this.loadConst({ type: "str", value: key });
        else this.expr(key);
        this.expr(value);
        pending++;
      }
    }
    flush();
    if (!haveDict) this.emit(Op.BUILD_MAP, 0);
  }

  private compare(e: A.Compare): void {
    this.expr(e.left);
    const n = e.ops.length;
    if (n === 1) {
      this.expr(e.comparators[0]);
      this.emit(...COMPARE_OPS[e.ops[0]]);
      return;
    }
    // a < b < c: each middle operand is kept (COPY) for the next comparison; a false result
    // short-circuits to `cleanup`, which drops the kept operand under it.
    const cleanup = newLabel();
    const end = newLabel();
    for (let i = 0; i < n - 1; i++) {
      this.expr(e.comparators[i]);
      this.emit(Op.SWAP, 2);
      this.emit(Op.COPY, 2);
      this.emit(...COMPARE_OPS[e.ops[i]]);
      this.jumpTo(Op.JUMP_IF_FALSE_OR_POP, cleanup);
    }
    this.expr(e.comparators[n - 1]);
    this.emit(...COMPARE_OPS[e.ops[n - 1]]);
    this.jump(end);
    this.bind(cleanup);
    this.emit(Op.SWAP, 2);
    this.emit(Op.POP_TOP);
    this.bind(end);
  }

  /**
   * Jumps to `target` when the truth of `e` equals `cond`, else falls through; `and`, `or`,
   * `not`, conditional expressions and chained comparisons become jumps without building
   * their value (CPython's compiler_jump_if).
   */
  private jumpIf(e: A.Expr, target: Label, cond: boolean): void {
    this.atLine(e.lineno, () => this.jumpIfHere(e, target, cond));
  }

  private jumpIfHere(e: A.Expr, target: Label, cond: boolean): void {
    if (e.kind === "UnaryOp" && e.op === "Not") {
      this.jumpIf(e.operand, target, !cond);
    } else if (e.kind === "BoolOp") {
      // In `a or b` a true `a` decides; in `a and b` a false one does.
      const decides = e.op === "Or";
      const skip = decides === cond ? target : newLabel();
      const last = e.values.length - 1;
      for (const v of e.values.slice(0, last)) this.jumpIf(v, skip, decides);
      this.jumpIf(e.values[last], target, cond);
      if (skip !== target) this.bind(skip);
    } else if (e.kind === "IfExp") {
      const orelse = newLabel();
      const end = newLabel();
      this.jumpIf(e.test, orelse, false);
      this.jumpIf(e.body, target, cond);
      this.jump(end);
      this.bind(orelse);
      this.jumpIf(e.orelse, target, cond);
      this.bind(end);
    } else if (e.kind === "Compare" && e.ops.length > 1) {
      // As `compare`, but a false link jumps (or falls through) without building a value.
      const n = e.ops.length;
      const cleanup = newLabel();
      const end = newLabel();
      this.expr(e.left);
      for (let i = 0; i < n - 1; i++) {
        this.expr(e.comparators[i]);
        this.emit(Op.SWAP, 2);
        this.emit(Op.COPY, 2);
        this.emit(...COMPARE_OPS[e.ops[i]]);
        this.jumpTo(Op.POP_JUMP_IF_FALSE, cleanup);
      }
      this.expr(e.comparators[n - 1]);
      this.emit(...COMPARE_OPS[e.ops[n - 1]]);
      this.jumpTo(cond ? Op.POP_JUMP_IF_TRUE : Op.POP_JUMP_IF_FALSE, target);
      this.jump(end);
      this.bind(cleanup);
      this.emit(Op.POP_TOP);
      if (!cond) this.jump(target);
      this.bind(end);
    } else {
      this.expr(e);
      this.jumpTo(cond ? Op.POP_JUMP_IF_TRUE : Op.POP_JUMP_IF_FALSE, target);
    }
  }

  private call(e: A.Call): void {
    e.keywords.forEach((k, i) => {
      const again = k.arg === null ? undefined : e.keywords.slice(i + 1).find((o) => o.arg === k.arg);
      if (again !== undefined) this.error(`keyword argument repeated: ${k.arg}`, again);
    });
    if (this.zeroArgSuper(e) || this.methodCall(e)) return;
    this.expr(e.func);
    this.callArgs(e.args, e.keywords, true);
  }

  /** Pushes the arguments and calls; `pushNull`: the callable has no `self` slot yet. */
  private callArgs(args: A.Expr[], keywords: A.Keyword[], pushNull: boolean): void {
    if (args.some((a) => a.kind === "Starred") || keywords.some((k) => k.arg === null)) {
      this.sequence(args, "tuple");
      if (keywords.length > 0) this.dict(keywords.map((k) => ({ key: k.arg, value: k.value })), Op.DICT_MERGE);
      this.emit(Op.CALL_FUNCTION_EX, keywords.length > 0 ? 1 : 0);
      return;
    }
    if (pushNull) this.emit(Op.PUSH_NULL);
    this.exprs(args);
    for (const k of keywords) this.expr(k.value);
    if (keywords.length > 0) {
      this.emitConst(Op.KW_NAMES, { type: "tuple", value: keywords.map((k) => ({ type: "str", value: k.arg! })) });
    }
    this.emit(Op.CALL, args.length + keywords.length);
  }

  /** `o.m(args)` without `*`/`**`: LOAD_METHOD leaves [method, o] (or [attr, NULL]). */
  private methodCall(e: A.Call): boolean {
    const f = e.func;
    if (f.kind !== "Attribute" || e.args.some((a) => a.kind === "Starred") || e.keywords.some((k) => k.arg === null)) {
      return false;
    }
    this.expr(f.value);
    this.atLine(f.end_lineno, () => {
      this.emitName(Op.LOAD_METHOD, f.attr);
      this.callArgs(e.args, e.keywords, false);
    });
    return true;
  }

  /** `super()` in a method is `super(__class__, <first parameter>)`. */
  private zeroArgSuper(e: A.Call): boolean {
    const u = this.u;
    if (e.func.kind !== "Name" || e.func.id !== "super" || e.args.length > 0 || e.keywords.length > 0
      || u.block.type !== "function" || u.argcount === 0 || u.block.scopeOf("__class__") !== "free") {
      return false;
    }
    this.expr(e.func);
    this.emit(Op.PUSH_NULL);
    this.nameOp("__class__", "Load");
    this.nameOp(u.block.params[0], "Load");
    this.emit(Op.CALL, 2);
    return true;
  }

  /**
   * A comprehension is a nested function of one argument, `.0`, the iterator of its outermost
   * iterable, which is evaluated here:
   * `<MAKE_FUNCTION>; PUSH_NULL; <iterable>; GET_ITER; CALL 1`.
   */
  private comprehension(
    e: A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp, name: string, build: Op | null,
    generators: A.Comprehension[], elt: A.Expr, value: A.Expr | null,
  ): void {
    const u = this.enterUnit(e, name, "comprehension", e.lineno, this.u.privateName);
    u.argcount = 1;
    if (build !== null) this.emit(build, 0);
    this.comprehensionLoop(generators, 0, build, elt, value);
    if (build !== null) this.emit(Op.RETURN_VALUE);
    const code = this.exitUnit();
    this.makeFunction(code, 0);
    this.emit(Op.PUSH_NULL);
    this.expr(generators[0].iter);
    this.emit(Op.GET_ITER);
    this.emit(Op.CALL, 1);
  }

  /**
   * One `for` of a comprehension (and, inside it, the next ones):
   * `<iterator>; top: FOR_ITER end; <target>; <ifs>; <element>; skip: JUMP_BACKWARD top; end:`.
   * The result being built sits under the iterators: LIST_APPEND & co. reach it at depth + 1.
   */
  private comprehensionLoop(
    generators: A.Comprehension[], i: number, build: Op | null, elt: A.Expr, value: A.Expr | null,
  ): void {
    const gen = generators[i];
    const top = newLabel();
    const skip = newLabel();
    const end = newLabel();
    if (i === 0) {
      this.emit(Op.LOAD_FAST, this.u.varIndex(".0"));
    } else {
      this.expr(gen.iter);
      this.emit(Op.GET_ITER);
    }
    this.bind(top);
    this.jumpTo(Op.FOR_ITER, end);
    this.expr(gen.target);
    for (const cond of gen.ifs) this.jumpIf(cond, skip, false);
    if (i + 1 < generators.length) {
      this.comprehensionLoop(generators, i + 1, build, elt, value);
    } else {
      const depth = i + 2; // the iterators, plus one for the result itself
      this.expr(elt);
      switch (build) {
        case null:
          this.emit(Op.YIELD_VALUE);
          this.emit(Op.POP_TOP);
          break;
        case Op.BUILD_LIST:
          this.emit(Op.LIST_APPEND, depth);
          break;
        case Op.BUILD_SET:
          this.emit(Op.SET_ADD, depth);
          break;
        default:
          this.expr(value!);
          this.emit(Op.MAP_ADD, depth);
      }
    }
    this.bind(skip);
    this.jump(top);
    this.bind(end);
  }
}

function newLabel(): Label {
  return { pos: -1, targeted: false };
}

function docstring(body: A.Stmt[]): ConstValue | null {
  const first = body[0];
  if (first?.kind === "Expr" && first.value.kind === "Constant" && first.value.value.type === "str") {
    return first.value.value;
  }
  return null;
}

function isConstantTrue(e: A.Expr): boolean {
  if (e.kind !== "Constant") return false;
  const v = e.value;
  switch (v.type) {
    case "bool":
      return v.value;
    case "int":
      return v.value !== 0n;
    case "float":
      return v.value !== 0;
    case "str":
      return v.value !== "";
    case "Ellipsis":
      return true;
    case "None":
      return false;
  }
}

/**
 * The value of an expression that CPython's AST optimizer folds to a constant: literals,
 * negated numbers (`-1`) and tuples of constants.
 */
function constantOf(e: A.Expr): ConstValue | null {
  switch (e.kind) {
    case "Constant":
      return e.value;
    case "UnaryOp": {
      if (e.op !== "USub") return null;
      const v = constantOf(e.operand);
      if (v?.type === "int") return { type: "int", value: -v.value };
      if (v?.type === "float") return { type: "float", value: -v.value };
      return null;
    }
    case "Tuple": {
      if (e.ctx !== "Load") return null;
      const items = e.elts.map(constantOf);
      return items.every((c) => c !== null) ? { type: "tuple", value: items as ConstValue[] } : null;
    }
    default:
      return null;
  }
}

/** Equal constants share a slot; 1, 1.0, True and 0.0, -0.0 stay apart. Code never shares. */
function constKey(c: ConstValue): string | null {
  switch (c.type) {
    case "int":
      return `i${c.value}`;
    case "float":
      return `f${Object.is(c.value, -0) ? "-0" : c.value}`;
    case "str":
      return `s${JSON.stringify(c.value)}`;
    case "bool":
      return `b${c.value}`;
    case "None":
    case "Ellipsis":
      return c.type;
    case "tuple": {
      const items = c.value.map(constKey);
      return items.every((k) => k !== null) ? `(${items.join(",")})` : null;
    }
    case "code":
      return null;
  }
}

// ---- stack depth ----

/** Stack effect of an instruction that falls through to the next one. */
function stackEffect(op: Op, arg: number): number {
  switch (op) {
    case Op.NOP: case Op.SWAP: case Op.DELETE_FAST: case Op.DELETE_NAME: case Op.DELETE_GLOBAL:
    case Op.DELETE_DEREF: case Op.LOAD_ATTR: case Op.UNARY_POSITIVE: case Op.UNARY_NEGATIVE:
    case Op.UNARY_NOT: case Op.UNARY_INVERT: case Op.GET_ITER: case Op.LIST_TO_TUPLE:
    case Op.KW_NAMES: case Op.YIELD_VALUE: case Op.CHECK_EXC_MATCH: case Op.IMPORT_NAME:
      return 0;
    case Op.PUSH_NULL: case Op.COPY: case Op.LOAD_CONST: case Op.LOAD_FAST: case Op.LOAD_NAME:
    case Op.LOAD_GLOBAL: case Op.LOAD_DEREF: case Op.LOAD_CLOSURE: case Op.LOAD_CLASSDEREF:
    case Op.LOAD_METHOD: case Op.LOAD_BUILD_CLASS: case Op.LOAD_ASSERTION_ERROR:
    case Op.WITH_EXCEPT_START: case Op.PUSH_EXC_INFO: case Op.IMPORT_FROM:
      return 1;
    case Op.POP_TOP: case Op.STORE_FAST: case Op.STORE_NAME: case Op.STORE_GLOBAL:
    case Op.STORE_DEREF: case Op.DELETE_ATTR: case Op.BINARY_SUBSCR: case Op.BINARY_OP:
    case Op.COMPARE_OP: case Op.IS_OP: case Op.CONTAINS_OP: case Op.LIST_APPEND: case Op.SET_ADD:
    case Op.LIST_EXTEND: case Op.SET_UPDATE: case Op.DICT_UPDATE: case Op.DICT_MERGE:
    case Op.WITH_EXIT: case Op.POP_EXCEPT:
      return -1;
    case Op.STORE_ATTR: case Op.DELETE_SUBSCR: case Op.MAP_ADD:
      return -2;
    case Op.STORE_SUBSCR:
      return -3;
    case Op.BUILD_SLICE: case Op.BUILD_TUPLE: case Op.BUILD_LIST: case Op.BUILD_SET:
    case Op.BUILD_STRING:
      return 1 - arg;
    case Op.BUILD_MAP:
      return 1 - 2 * arg;
    case Op.UNPACK_SEQUENCE:
      return arg - 1;
    case Op.UNPACK_EX:
      return (arg & 0xff) + (arg >> 8);
    case Op.FORMAT_VALUE:
      return arg & 4 ? -1 : 0;
    case Op.CALL:
      return -1 - arg;
    case Op.CALL_FUNCTION_EX:
      return -1 - (arg & 1);
    case Op.MAKE_FUNCTION:
      return -[MF_DEFAULTS, MF_KWDEFAULTS, MF_CLOSURE].filter((f) => arg & f).length;
    default:
      throw new Error(`compiler: no fall-through stack effect for opcode ${op}`);
  }
}

/**
 * Follows every path through the code (jumps both ways, exception handlers entered with the
 * depth their block recorded plus the exception) and returns the deepest value stack and block
 * stack; throws when two paths disagree on the depth at an instruction.
 */
export function stackDepth(code: readonly number[]): { stacksize: number; maxblocks: number } {
  const depth = new Int32Array(code.length).fill(-1);
  const blocks = new Int32Array(code.length);
  const work: number[] = [];
  let stacksize = 0;
  let maxblocks = 0;
  const reach = (i: number, d: number, b: number) => {
    if (i >= code.length) throw new Error("compiler: control falls off the end of the code");
    if (d < 0 || b < 0) throw new Error(`compiler: stack underflow at instruction ${i}`);
    if (depth[i] < 0) {
      depth[i] = d;
      blocks[i] = b;
      stacksize = Math.max(stacksize, d);
      maxblocks = Math.max(maxblocks, b);
      work.push(i);
    } else if (depth[i] !== d || blocks[i] !== b) {
      throw new Error(`compiler: inconsistent stack depth at instruction ${i} (${depth[i]}/${blocks[i]} vs ${d}/${b})`);
    }
  };
  reach(0, 0, 0);
  while (work.length > 0) {
    const i = work.pop()!;
    const op: Op = code[i] & 0xff;
    const arg = code[i] >>> 8;
    const d = depth[i];
    const b = blocks[i];
    switch (op) {
      case Op.SETUP_FINALLY:
        reach(arg, d + 1, b);
        reach(i + 1, d, b + 1);
        break;
      case Op.SETUP_WITH: // the block's depth includes __exit__, which replaced the manager
        reach(arg, d + 1, b);
        reach(i + 1, d + 1, b + 1);
        break;
      case Op.POP_BLOCK:
        reach(i + 1, d, b - 1);
        break;
      case Op.JUMP_FORWARD:
      case Op.JUMP_BACKWARD:
        reach(arg, d, b);
        break;
      case Op.POP_JUMP_IF_FALSE:
      case Op.POP_JUMP_IF_TRUE:
        reach(arg, d - 1, b);
        reach(i + 1, d - 1, b);
        break;
      case Op.JUMP_IF_FALSE_OR_POP:
      case Op.JUMP_IF_TRUE_OR_POP:
        reach(arg, d, b);
        reach(i + 1, d - 1, b);
        break;
      case Op.FOR_ITER:
        reach(arg, d - 1, b);
        reach(i + 1, d + 1, b);
        break;
      case Op.RETURN_VALUE:
      case Op.RERAISE:
        if (d < 1) throw new Error(`compiler: stack underflow at instruction ${i}`);
        break;
      case Op.RAISE_VARARGS:
      case Op.EXC_CLEANUP:
        if (d < arg + (op === Op.EXC_CLEANUP ? 2 : 0)) throw new Error(`compiler: stack underflow at instruction ${i}`);
        break;
      default:
        reach(i + 1, d + stackEffect(op, arg), b);
    }
  }
  return { stacksize, maxblocks };
}
