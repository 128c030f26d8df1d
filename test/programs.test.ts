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
import { describe, expect, test } from "vitest";
import { runGilvm, runPython } from "./helpers/run_gilvm.js";
import {
  TEST_TIMEOUT_MS, describeCheckedRuns, describeRun, expectPythonRan, isErrorProgram, isGilvmOnly, lastLine, observed,
  programs, pythonRun, relPath, testArgs,
} from "./helpers/programs.js";

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

describeCheckedRuns(["--sanitize"]);

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
