/**
 * Generated code as a tree of statements rather than text, so that the shrinker can drop
 * one statement (with everything nested in it) or replace a compound statement by one of
 * its bodies, and still render valid Python.
 */

export type Stmt = Line | Block;

/** One simple statement on one line. */
export interface Line {
  kind: "line";
  text: string;
}

/** A compound statement: `if`/`elif`/`else`, `try`/`except`/`finally`, `def`, `class`, … */
export interface Block {
  kind: "block";
  /** Lines written before the header and dropped with it (a while loop's counter). */
  pre: string[];
  clauses: Clause[];
}

export interface Clause {
  /** The header line, with its colon: `if x > 1:`. */
  header: string;
  /** Lines the body starts with that the shrinker keeps (a loop counter's increment). */
  fixed: string[];
  body: Stmt[];
  /** The shrinker may drop this clause alone (an `elif`, an `else`). */
  optional: boolean;
}

export const line = (text: string): Line => ({ kind: "line", text });

export function block(clauses: Clause[], pre: string[] = []): Block {
  return { kind: "block", pre, clauses };
}

export function clause(header: string, body: Stmt[], opts: { fixed?: string[]; optional?: boolean } = {}): Clause {
  return { header, body, fixed: opts.fixed ?? [], optional: opts.optional ?? false };
}

const INDENT = "    ";

export function render(stmts: readonly Stmt[], indent = ""): string[] {
  const out: string[] = [];
  for (const s of stmts) {
    if (s.kind === "line") {
      out.push(indent + s.text);
      continue;
    }
    for (const p of s.pre) out.push(indent + p);
    for (const c of s.clauses) {
      out.push(indent + c.header);
      for (const f of c.fixed) out.push(indent + INDENT + f);
      const body = render(c.body, indent + INDENT);
      if (body.length === 0 && c.fixed.length === 0) body.push(indent + INDENT + "pass");
      out.push(...body);
    }
  }
  return out;
}

export function countStmts(stmts: readonly Stmt[]): number {
  let n = 0;
  for (const s of stmts) {
    n++;
    if (s.kind === "block") for (const c of s.clauses) n += countStmts(c.body);
  }
  return n;
}

/**
 * Every simplification of `stmts` that removes something, largest first: drop a statement,
 * drop an optional clause, or replace a compound statement by the body of one clause.
 */
export function simplifications(stmts: readonly Stmt[]): Stmt[][] {
  const out: Stmt[][] = [];
  stmts.forEach((s, i) => {
    const replace = (repl: Stmt[]) => [...stmts.slice(0, i), ...repl, ...stmts.slice(i + 1)];
    out.push(replace([]));
    if (s.kind !== "block") return;
    s.clauses.forEach((c, ci) => {
      if (c.optional) {
        out.push(replace([{ ...s, clauses: s.clauses.filter((_, j) => j !== ci) }]));
      }
    });
    // the body of a def or class is another scope: spliced here it would mean something else
    const opensScope = /^(def|class) /.test(s.clauses[0].header);
    s.clauses.forEach((c) => {
      if (c.body.length > 0 && !opensScope) out.push(replace(c.body));
    });
    s.clauses.forEach((c, ci) => {
      for (const inner of simplifications(c.body)) {
        const clauses = s.clauses.map((cc, j) => (j === ci ? { ...cc, body: inner } : cc));
        out.push(replace([{ ...s, clauses }]));
      }
    });
  });
  return out;
}
