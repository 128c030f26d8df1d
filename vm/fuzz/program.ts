/**
 * Test cases and the programs that run them. A case is one generated function body; a
 * program runs many cases, each under a marker line and inside try/except, so that one run
 * of an interpreter tests many small pieces and a disagreement is pinned on one of them.
 */
import { GenContext } from "./gen_context.js";
import { StmtGen } from "./gen_stmt.js";
import { Prng } from "./prng.js";
import { countStmts, render, type Stmt } from "./stmt_tree.js";

export interface Case {
  seed: number;
  index: number;
  body: Stmt[];
}

/** Statements in one case, nested ones included: small enough to read when it fails. */
const CASE_BUDGET = 24;

/** Case `index` of the run seeded `seed`: the same on every machine. */
export function generateCase(seed: number, index: number): Case {
  const ctx = new GenContext(Prng.forCase(seed, index), CASE_BUDGET);
  const gen = new StmtGen(ctx);
  const body: Stmt[] = [];
  while (ctx.budget > 0) body.push(...gen.body(1));
  return { seed, index, body };
}

function caseName(c: Case): string {
  return `case_${c.index}`;
}

const MARKER = "#case ";
const RAISED = "#raised ";

/** The harness: runs each case under its marker and reports what escaped it. */
function harness(names: string[]): string[] {
  return [
    "def run_case(name, case):",
    `    print(${JSON.stringify("\n" + MARKER)} + name)`,
    "    try:",
    "        case()",
    "    except Exception as error:",
    `        print(${JSON.stringify(RAISED)} + type(error).__name__ + ":", error)`,
    "",
    ...names.map((n) => `run_case(${JSON.stringify(n)}, ${n})`),
  ];
}

function renderCase(c: Case, body: Stmt[] = c.body): string[] {
  return [`def ${caseName(c)}():`, ...(countStmts(body) === 0 ? ["    pass"] : render(body, "    ")), ""];
}

/** A whole program running `cases` in order. */
export function renderProgram(cases: readonly Case[], bodies?: readonly Stmt[][]): string {
  const out = ["import math", ""];
  cases.forEach((c, i) => out.push(...renderCase(c, bodies ? bodies[i] : c.body)));
  out.push(...harness(cases.map(caseName)));
  return out.join("\n") + "\n";
}

/** Splits a program's stdout by case: name → what the case printed. */
export function splitByCase(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  let current: string | null = null;
  let buf: string[] = [];
  const flush = () => {
    if (current !== null) out.set(current, buf.join("\n"));
  };
  for (const ln of stdout.split("\n")) {
    if (ln.startsWith(MARKER)) {
      flush();
      current = ln.slice(MARKER.length);
      buf = [];
    } else {
      buf.push(ln);
    }
  }
  flush();
  return out;
}
