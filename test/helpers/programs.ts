/**
 * What the differential test files share: the program list, their arguments, the comparison
 * (stdout without `[timing]` lines, exit status) and CPython's runs, computed once per file.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { CLI_PATH, PROGRAMS_DIR, PYTHON, runGilvm, runPython, type RunResult } from "./run_gilvm.js";

export const TEST_TIMEOUT_MS = 60_000;
const TIMING_MARKER = "[timing]";
export const SANITIZER_ERROR = /^gilvm: (leak|use-after-free)/;

export const programs = fs
  .readdirSync(PROGRAMS_DIR)
  .filter((name) => name.endsWith(".py"))
  .filter((name) => !name.startsWith("deadlock_")) // they hang under CPython: test/threads.test.ts checks them
  .filter((name) => !name.startsWith("stress_")) // test/stress.test.ts runs them, in every mode, with the checker
  .sort();

export const isGilvmOnly = (name: string) => name.startsWith("gilvm_");
export const isErrorProgram = (name: string) => name.startsWith("error_");

/** Path given to both interpreters, relative to the repository root (their working directory). */
export const relPath = (name: string) => path.posix.join("programs", name);

/** Arguments from a `# test-args: ...` line; double or single quotes group words. */
export function testArgs(name: string): string[] {
  const source = fs.readFileSync(path.join(PROGRAMS_DIR, name), "utf8");
  const m = /^#\s*test-args:(.*)$/m.exec(source);
  if (!m) return [];
  const args: string[] = [];
  for (const tok of m[1].matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    args.push(tok[1] ?? tok[2] ?? tok[3]);
  }
  return args;
}

function dropTimingLines(text: string): string {
  return text
    .split("\n")
    .filter((line) => !line.includes(TIMING_MARKER))
    .join("\n");
}

export function lastLine(text: string): string {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  return lines.length ? lines[lines.length - 1] : "";
}

/** What the comparison looks at. */
export function observed(r: RunResult) {
  return { stdout: dropTimingLines(r.stdout), status: r.status };
}

function tail(text: string, n = 3000): string {
  return text.length > n ? "..." + text.slice(-n) : text;
}

/** Context printed with a failed assertion: why gilvm stopped and the end of its stderr. */
export function describeRun(label: string, r: RunResult): string {
  const parts = [`${label}: status ${r.status}${r.signal ? `, signal ${r.signal}` : ""}`];
  if (r.error) parts.push(`error: ${r.error}`);
  if (!fs.existsSync(CLI_PATH)) parts.push(`note: ${CLI_PATH} does not exist (yet)`);
  if (r.stderr) parts.push(`stderr:\n${tail(r.stderr)}`);
  return parts.join("\n");
}

const pythonCache = new Map<string, RunResult>();

/** CPython's run of a program, computed once and shared by every group. */
export function pythonRun(name: string): RunResult {
  let r = pythonCache.get(name);
  if (!r) {
    r = runPython([relPath(name), ...testArgs(name)]);
    pythonCache.set(name, r);
  }
  return r;
}

export function expectPythonRan(name: string, r: RunResult): void {
  expect(r.error, `${PYTHON} could not run ${name}:\n${describeRun(PYTHON, r)}`).toBeUndefined();
  expect(r.status, `${PYTHON} was killed running ${name}`).not.toBeNull();
}


/**
 * Every program under gilvm with `flags` (the checker among them): CPython's output (a plain
 * gilvm run's for gilvm_* programs), CPython's last stderr line for error_* programs, and no
 * checker finding.
 */
export function describeCheckedRuns(flags: string[]): void {
  const label = `gilvm run ${flags.join(" ")}`;
  describe(label, () => {
    for (const name of programs) {
      test(
        name,
        () => {
          let expected: RunResult;
          if (isGilvmOnly(name)) {
            expected = runGilvm(["run", relPath(name), ...testArgs(name)]);
            expect(expected.error, describeRun("gilvm run", expected)).toBeUndefined();
          } else {
            expected = pythonRun(name);
            expectPythonRan(name, expected);
          }
          const vm = runGilvm(["run", ...flags, relPath(name), ...testArgs(name)]);
          const context = describeRun(label, vm);
          expect(observed(vm), context).toEqual(observed(expected));
          if (isErrorProgram(name) && !isGilvmOnly(name)) {
            expect(lastLine(vm.stderr), context).toBe(lastLine(expected.stderr));
          }
          const reports = vm.stderr.split("\n").filter((line) => SANITIZER_ERROR.test(line));
          expect(reports, context).toEqual([]);
        },
        TEST_TIMEOUT_MS,
      );
    }
  });
}
