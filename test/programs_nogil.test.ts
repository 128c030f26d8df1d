/**
 * The differential programs again, free-threaded: every program in programs/ must give CPython's
 * output under `--nogil` (no GIL: biased refcounting, per-object locks, QSBR) with the
 * memory-safety checker on, and end with no finding. Its own file, so vitest runs it beside the
 * GIL groups of programs.test.ts.
 */
import { describe, expect, test } from "vitest";
import { runGilvm, type RunResult } from "./helpers/run_gilvm.js";
import {
  SANITIZER_ERROR, TEST_TIMEOUT_MS, describeRun, expectPythonRan, isErrorProgram, isGilvmOnly, lastLine, observed,
  programs, pythonRun, relPath, testArgs,
} from "./helpers/programs.js";

describe("gilvm run --nogil --sanitize", () => {
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
        const vm = runGilvm(["run", "--nogil", "--sanitize", relPath(name), ...testArgs(name)]);
        const context = describeRun("gilvm run --nogil --sanitize", vm);
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
