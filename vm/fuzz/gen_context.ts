/**
 * What the program generator knows while it writes one test case: the static types of the
 * values it builds, the variables, functions and classes in scope, and the limits that keep
 * every generated program small and terminating.
 *
 * Types exist so that most generated code runs rather than stopping at the first TypeError
 * (errors are generated too, on purpose, but as one choice among many). Sizes exist because
 * Python's ints and strs grow without bound: each variable carries an upper bound on its size
 * (bits for an int, length for a str or container), expressions whose bound passes a limit are
 * replaced by small ones, and code that runs repeatedly (loop bodies, function bodies) may only
 * update variables that outlive an iteration with "flat" expressions, built from literals and
 * loop counters, so that growth per iteration is additive, never multiplicative.
 */
import type { Prng } from "./prng.js";

export type Ty =
  | { k: "int" }
  | { k: "float" }
  | { k: "str" }
  | { k: "bool" }
  | { k: "none" }
  | { k: "list"; of: Ty }
  | { k: "tuple"; of: Ty[] }
  | { k: "dict"; key: Ty; val: Ty }
  | { k: "set"; of: Ty }
  | { k: "inst"; cls: ClassInfo };

export const INT: Ty = { k: "int" };
export const FLOAT: Ty = { k: "float" };
export const STR: Ty = { k: "str" };
export const BOOL: Ty = { k: "bool" };
export const NONE: Ty = { k: "none" };
export const listOf = (of: Ty): Ty => ({ k: "list", of });
export const setOf = (of: Ty): Ty => ({ k: "set", of });
export const tupleOf = (...of: Ty[]): Ty => ({ k: "tuple", of });
export const dictOf = (key: Ty, val: Ty): Ty => ({ k: "dict", key, val });

function tyName(t: Ty): string {
  switch (t.k) {
    case "list": return `list[${tyName(t.of)}]`;
    case "set": return `set[${tyName(t.of)}]`;
    case "tuple": return `tuple[${t.of.map(tyName).join(",")}]`;
    case "dict": return `dict[${tyName(t.key)},${tyName(t.val)}]`;
    case "inst": return t.cls.name;
    default: return t.k;
  }
}

export function tyEq(a: Ty, b: Ty): boolean {
  return tyName(a) === tyName(b);
}

export interface Param {
  name: string;
  ty: Ty;
  /** Source of the default value, when it has one. */
  dflt: string | null;
  kind: "positional" | "keyword_only";
  /** Callers pass a small non-negative literal: the body may loop or recurse on it. */
  small?: boolean;
}

export interface FuncInfo {
  name: string;
  params: Param[];
  /** Name of the *args parameter, if any (extra positionals are ints). */
  varargs: string | null;
  /** Name of the **kwargs parameter, if any (extra keywords are ints). */
  varkw: string | null;
  returns: Ty;
  /** A generator function: calling it gives an iterator over `returns`. */
  generator: boolean;
}

export interface MethodInfo {
  name: string;
  params: Param[];
  returns: Ty;
  kind: "instance" | "static" | "property";
}

export interface ClassInfo {
  name: string;
  base: ClassInfo | null;
  /** Derives from Exception: raised and caught rather than computed with. */
  isException: boolean;
  fields: { name: string; ty: Ty }[];
  /** Parameters of __init__ (a subclass's take its base's first), some with defaults. */
  init: Param[];
  /** The field each parameter of __init__ is stored in. */
  initFields: string[];
  methods: MethodInfo[];
  /** The dunder methods it (or a base) defines: "__eq__", "__lt__", "__add__", ... */
  dunders: Set<string>;
  classAttrs: { name: string; ty: Ty }[];
}

export function allFields(c: ClassInfo): { name: string; ty: Ty }[] {
  return c.base ? [...allFields(c.base), ...c.fields] : c.fields;
}

export function allMethods(c: ClassInfo): MethodInfo[] {
  const own = new Set(c.methods.map((m) => m.name));
  return [...(c.base ? allMethods(c.base).filter((m) => !own.has(m.name)) : []), ...c.methods];
}

export function hasDunder(c: ClassInfo, d: string): boolean {
  return c.dunders.has(d) || (c.base !== null && hasDunder(c.base, d));
}

export interface Var {
  name: string;
  ty: Ty;
  /** Upper bound on the size: bits of an int, length of a str or container. */
  n: number;
  /** A loop counter over a small range: allowed in flat expressions. */
  small: boolean;
  /** A parameter: the caller's object, maybe a list the caller is walking, so it may not grow. */
  borrowed?: boolean;
}

/** One function body's (or the case's) variables, seeing the enclosing ones read-only. */
export class Scope {
  readonly vars = new Map<string, Var>();
  readonly funcs: FuncInfo[] = [];
  readonly classes: ClassInfo[] = [];

  constructor(readonly parent: Scope | null) {}

  /** Every variable visible here, innermost first. */
  visibleVars(): Var[] {
    const out: Var[] = [...this.vars.values()];
    const seen = new Set(this.vars.keys());
    for (let s = this.parent; s; s = s.parent) {
      for (const v of s.vars.values()) if (!seen.has(v.name)) { out.push(v); seen.add(v.name); }
    }
    return out;
  }

  visibleFuncs(): FuncInfo[] {
    return this.parent ? [...this.funcs, ...this.parent.visibleFuncs()] : [...this.funcs];
  }

  visibleClasses(): ClassInfo[] {
    return this.parent ? [...this.classes, ...this.parent.visibleClasses()] : [...this.classes];
  }

  isLocal(name: string): boolean {
    return this.vars.has(name);
  }
}

/** Size limits: far from CPython's 4300-digit str(int) limit and from slow runs. */
export const LIMITS = {
  intBits: 1600,
  /** Ints stored in containers: keeps sum() and friends small. */
  elemBits: 128,
  strLen: 600,
  elemStrLen: 24,
  listLen: 120,
  /** Iterations of nested loops in one body, multiplied. */
  loopWork: 60,
  stmtDepth: 3,
} as const;

export class GenContext {
  private counter = 0;
  scope: Scope;
  /** Names alive when the innermost loop or function body began: they outlive an iteration. */
  persistent: Set<string> | null = null;
  /** Product of the iteration bounds of the enclosing loops. */
  work = 1;
  loopDepth = 0;
  stmtDepth = 0;
  /** The return type of the function being written, or null at the case's top level. */
  returns: Ty | null = null;
  inFunction = false;
  inGenerator = false;
  /** Statements left to write in this case. */
  budget: number;
  /** Methods of the class being written see `self` with this class. */
  selfClass: ClassInfo | null = null;
  /**
   * Whether a method body may call methods on self. Only methods written before it exist,
   * so calls cannot loop, except through an override in a subclass: overrides make none.
   */
  selfCalls = true;
  /** Try blocks around the code being written (errors are generated more often in them). */
  tryDepth = 0;
  /** Lists being iterated by an enclosing for loop: appending to them would never end. */
  readonly iterating = new Set<string>();

  constructor(readonly rng: Prng, budget: number) {
    this.scope = new Scope(null);
    this.budget = budget;
  }

  fresh(prefix: string): string {
    this.counter++;
    return `${prefix}${this.counter}`;
  }

  /** True when writes to `name` must use flat expressions (see the header comment). */
  isPersistent(name: string): boolean {
    return this.persistent !== null && this.persistent.has(name);
  }

  /** Runs `body` one loop deeper, with `iterations` as the loop's bound. */
  inLoop<T>(iterations: number, body: () => T): T {
    const saved = { persistent: this.persistent, work: this.work };
    this.persistent = new Set(this.scope.visibleVars().map((v) => v.name));
    this.work *= Math.max(1, iterations);
    this.loopDepth++;
    try {
      return body();
    } finally {
      this.loopDepth--;
      this.persistent = saved.persistent;
      this.work = saved.work;
    }
  }

  varsOf(ty: Ty, pred: (v: Var) => boolean = () => true): Var[] {
    return this.scope.visibleVars().filter((v) => tyEq(v.ty, ty) && pred(v));
  }
}
