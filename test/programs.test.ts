/**
 * Differential tests: every program in programs/ runs under CPython (the oracle) and under
 * gilvm, and standard output and exit status must match byte for byte.
 *
 * - Lines containing the marker `[timing]` are dropped from both outputs before comparing,
 *   so benchmarks may print their timings.
 * - Programs named `gilvm_*` show behaviour of gilvm's own that CPython does not share; they are
 *   skipped by the CPython comparison (the sanitizer group compares them with a plain gilvm run).
 * - A program may ask for command-line arguments with a comment line of its own:
 *     # test-args: alpha 42 "two words"
 * - For programs named `error_*`, the last line of stderr (`ValueError: ...`, the sys.exit
 *   message) must also match CPython's; the rest of stderr (tracebacks) is not compared.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { CLI_PATH, PROGRAMS_DIR, PYTHON, runGilvm, runPython, type RunResult } from "./helpers/run_gilvm.js";

const TEST_TIMEOUT_MS = 60_000;
const TIMING_MARKER = "[timing]";
const SANITIZER_ERROR = /^gilvm: (leak|use-after-free)/;

const programs = fs
  .readdirSync(PROGRAMS_DIR)
  .filter((name) => name.endsWith(".py"))
  .filter((name) => !name.startsWith("deadlock_")) // they hang under CPython: test/threads.test.ts checks them
  .sort();

const isGilvmOnly = (name: string) => name.startsWith("gilvm_");
const isErrorProgram = (name: string) => name.startsWith("error_");

/** Path given to both interpreters, relative to the repository root (their working directory). */
const relPath = (name: string) => path.posix.join("programs", name);

/** Arguments from a `# test-args: ...` line; double or single quotes group words. */
function testArgs(name: string): string[] {
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

function lastLine(text: string): string {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  return lines.length ? lines[lines.length - 1] : "";
}

/** What the comparison looks at. */
function observed(r: RunResult) {
  return { stdout: dropTimingLines(r.stdout), status: r.status };
}

function tail(text: string, n = 3000): string {
  return text.length > n ? "..." + text.slice(-n) : text;
}

/** Context printed with a failed assertion: why gilvm stopped and the end of its stderr. */
function describeRun(label: string, r: RunResult): string {
  const parts = [`${label}: status ${r.status}${r.signal ? `, signal ${r.signal}` : ""}`];
  if (r.error) parts.push(`error: ${r.error}`);
  if (!fs.existsSync(CLI_PATH)) parts.push(`note: ${CLI_PATH} does not exist (yet)`);
  if (r.stderr) parts.push(`stderr:\n${tail(r.stderr)}`);
  return parts.join("\n");
}

const pythonCache = new Map<string, RunResult>();

/** CPython's run of a program, computed once and shared by every group. */
function pythonRun(name: string): RunResult {
  let r = pythonCache.get(name);
  if (!r) {
    r = runPython([relPath(name), ...testArgs(name)]);
    pythonCache.set(name, r);
  }
  return r;
}

function expectPythonRan(name: string, r: RunResult): void {
  expect(r.error, `${PYTHON} could not run ${name}:\n${describeRun(PYTHON, r)}`).toBeUndefined();
  expect(r.status, `${PYTHON} was killed running ${name}`).not.toBeNull();
}

test("programs/ holds the differential test programs", () => {
  expect(programs.length).toBeGreaterThanOrEqual(32);
});

describe("CPython vs gilvm run", () => {
  for (const name of programs) {
    const define = isGilvmOnly(name) ? test.skip : test;
    define(
      name,
      () => {
        const py = pythonRun(name);
        expectPythonRan(name, py);
        const vm = runGilvm(["run", relPath(name), ...testArgs(name)]);
        expect(observed(vm), describeRun("gilvm run", vm)).toEqual(observed(py));
        if (isErrorProgram(name)) {
          expect(lastLine(vm.stderr), describeRun("gilvm run", vm)).toBe(lastLine(py.stderr));
        }
      },
      TEST_TIMEOUT_MS,
    );
  }
});

describe("gilvm run --sanitize", () => {
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
        const vm = runGilvm(["run", "--sanitize", relPath(name), ...testArgs(name)]);
        const context = describeRun("gilvm run --sanitize", vm);
        expect(observed(vm), context).toEqual(observed(expected));
        const reports = vm.stderr.split("\n").filter((line) => SANITIZER_ERROR.test(line));
        expect(reports, context).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );
  }
});

describe("programs are deterministic under CPython", () => {
  // A program whose output depends on string hashing (printing an unsorted set of strings,
  // say) would make the comparison above flaky, so check that under other hash seeds.
  for (const name of programs) {
    const define = isGilvmOnly(name) ? test.skip : test;
    define(
      name,
      () => {
        const first = pythonRun(name);
        expectPythonRan(name, first);
        const again = runPython([relPath(name), ...testArgs(name)], { env: { PYTHONHASHSEED: "4242" } });
        expectPythonRan(name, again);
        expect(observed(again)).toEqual(observed(first));
      },
      TEST_TIMEOUT_MS,
    );
  }
});
