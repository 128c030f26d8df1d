/**
 * Differential runs: one program under CPython (the oracle) and under gilvm in each mode,
 * and what differs between them. Compared: what each case printed (split by the harness's
 * markers, so that a difference names its case), the exit status, the last line of stderr
 * when the program failed, and gilvm's own verdicts: an internal error, a sanitizer finding,
 * a run past the time limit.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { runCommand, type Command, type Outcome } from "./run_process.js";
import { splitByCase } from "./program.js";

export type Mode = "gil" | "nogil";

export interface Interpreters {
  /** CPython: the program's path is appended. */
  python: Command;
  /** gilvm in a mode (run with --sanitize): the program's path is appended. */
  gilvm: (mode: Mode) => Command;
  timeoutMs: number;
  /** Where program files are written. */
  workDir: string;
}

export type DifferenceKind = "output" | "exit" | "stderr" | "crash" | "sanitizer" | "cycle" | "timeout";

export interface Difference {
  mode: Mode;
  kind: DifferenceKind;
  /** Cases whose printed output differs, in program order (the first is the prime suspect). */
  cases: string[];
  /** One line saying what differs. */
  summary: string;
  /** What a smaller program must still show to count as the same disagreement. */
  signature: string;
  /**
   * A guess at which bug this is, to shrink one case per bug: the signature, and for output
   * the first differing lines with numbers and generated names blurred.
   */
  bugKey: string;
}

export interface ProgramRun {
  python: Outcome;
  gilvm: Map<Mode, Outcome>;
}

export const PYTHON_ENV: Record<string, string> = {
  PYTHONHASHSEED: "0",
  PYTHONIOENCODING: "utf-8",
  PYTHONUTF8: "1",
  PYTHONDONTWRITEBYTECODE: "1",
  PYTHONWARNINGS: "ignore",
};

let fileCounter = 0;

/** Writes `source` to a new file in the work directory and returns its path. */
export function writeProgram(workDir: string, source: string, stem = "fuzz"): string {
  const file = path.join(workDir, `${stem}_${process.pid}_${fileCounter++}.py`);
  writeFileSync(file, source);
  return file;
}

function withFile(c: Command, file: string): Command {
  return { ...c, args: [...c.args, file] };
}

/** Runs CPython and gilvm (each mode) on one program, all at once. */
export async function runEverywhere(source: string, interp: Interpreters, modes: readonly Mode[]): Promise<ProgramRun> {
  const file = writeProgram(interp.workDir, source);
  const [python, ...vms] = await Promise.all([
    runCommand(withFile(interp.python, file), interp.timeoutMs),
    ...modes.map((m) => runCommand(withFile(interp.gilvm(m), file), interp.timeoutMs)),
  ]);
  return { python, gilvm: new Map(modes.map((m, i) => [m, vms[i]])) };
}

/** Object addresses differ by design: `<C object at 0x7f…>`. */
export function normalize(text: string): string {
  return text.replace(/ at 0x[0-9a-f]+/gi, " at 0x…"); // "i": .title() and .upper() change them too
}

function lastLine(text: string): string {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  return lines.length ? lines[lines.length - 1] : "";
}

/** A line with its numbers blurred, so that one bug gives one signature. */
function shape(s: string): string {
  return s.replace(/0x[0-9a-f]+/gi, "0x…").replace(/\d+/g, "N").slice(0, 160);
}

/** A line with generated names and all literal values blurred too. */
function bugShape(s: string): string {
  return shape(s.replace(/\b[A-Za-z_]+\d+\b/g, "ID").replace(/'[^']*'|"[^"]*"/g, "S"));
}

/** The first pair of lines where two texts part, and its line number (0 when they agree). */
function firstDifferingLines(expected: string, actual: string): { line: number; a: string | undefined; b: string | undefined } {
  const a = expected.split("\n");
  const b = actual.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return { line: i + 1, a: a[i], b: b[i] };
  return { line: 0, a: "", b: "" };
}

const INTERNAL = /^gilvm: internal error: (.*)$/m;
const SANITIZER_ALL = /^gilvm: (leak|cycles|use-after-free|double-free|refcount)\b(.*)$/gm;

/** The first line where two texts part, shown side by side. */
function firstDifference(expected: string, actual: string): string {
  const d = firstDifferingLines(expected, actual);
  const show = (s: string | undefined) => (s === undefined ? "<nothing>" : JSON.stringify(s.length > 200 ? s.slice(0, 200) + "…" : s));
  return d.line === 0 ? "no difference" : `line ${d.line}: python3 ${show(d.a)} vs gilvm ${show(d.b)}`;
}

/**
 * Everything that differs between CPython's run and gilvm's (nothing when they agree): a
 * crash or a sanitizer finding does not hide output that differs before it.
 *
 * A report of reference cycles is its own kind, "cycle": gilvm has no cycle collector yet, so
 * a cycle CPython's collector would free (a class whose methods use super(), a recursive
 * closure) is reported at exit. It is gilvm's documented limitation, not a disagreement in
 * what the program does, and campaigns count it apart.
 */
export function compareRuns(py: Outcome, vm: Outcome, mode: Mode): Difference[] {
  const pyCases = splitByCase(normalize(py.stdout));
  const vmCases = splitByCase(normalize(vm.stdout));
  const differing = [...pyCases.keys()].filter((k) => pyCases.get(k) !== vmCases.get(k));
  const out: Difference[] = [];
  const add = (kind: DifferenceKind, cases: string[], summary: string, signature: string, bugKey = `${kind}:${signature}`) =>
    out.push({ mode, kind, cases, summary, signature: `${kind}:${signature}`, bugKey });

  if (vm.timedOut) {
    add("timeout", differing, "gilvm ran past the time limit", "");
    return out;
  }
  const internal = INTERNAL.exec(vm.stderr);
  const crashed = internal !== null || vm.status === 70;
  if (crashed) {
    const msg = internal ? internal[1] : lastLine(vm.stderr);
    add("crash", differing, `gilvm: internal error: ${msg}`, shape(msg));
  }
  const findings = [...vm.stderr.matchAll(SANITIZER_ALL)];
  const real = findings.find((f) => f[1] !== "cycles");
  const cycle = findings.find((f) => f[1] === "cycles");
  if (real) add("sanitizer", [], real[0].slice(0, 300), real[1] + shape(real[2].replace(/'[^']*' object at/g, "object at")).slice(0, 40));
  if (cycle) add("cycle", [], cycle[0].slice(0, 300), "");
  // exit status 4 is the sanitizer's, and a crash's output ends early: neither is compared
  const explained = crashed || (findings.length > 0 && vm.status === 4);
  // output of a run cut short by a crash is missing, not different: the crash says it all
  const differingOutput = crashed ? differing.filter((k) => vmCases.has(k) && k !== [...vmCases.keys()].pop()) : differing;
  if (differingOutput.length > 0) {
    const first = differingOutput[0];
    const expected = pyCases.get(first) ?? "", actual = vmCases.get(first) ?? "<case never ran>";
    const d = firstDifferingLines(expected, actual);
    add("output", differingOutput, `${first}: ${firstDifference(expected, actual)}`, "", `output:${bugShape(d.a ?? "")} vs ${bugShape(d.b ?? "")}`);
  }
  if (!explained) {
    if (py.status !== vm.status) add("exit", [], `exit status: python3 ${py.status} vs gilvm ${vm.status}: ${lastLine(vm.stderr)}`, `${py.status}/${vm.status}`);
    else if (py.status !== 0 && normalize(lastLine(py.stderr)) !== normalize(lastLine(vm.stderr))) {
      add("stderr", [], `last line of stderr: python3 ${JSON.stringify(lastLine(py.stderr))} vs gilvm ${JSON.stringify(lastLine(vm.stderr))}`, shape(lastLine(py.stderr).split(":")[0]));
    }
  }
  return out;
}
