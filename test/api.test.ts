/**
 * The package's test API (vm/api.ts): runProgram runs source or a file in a mode and hands back
 * output, exit code, counters and findings; the limits it passes on (--timeout) hold.
 */
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { runProgram } from "../vm/api.js";

const T = 60_000;

describe("runProgram", () => {
  test("runs source with arguments, in the mode asked, with its counters", async () => {
    const r = await runProgram("import sys\nprint(sys.argv[1:])\n", { mode: "nogil", args: ["a", "--b"] });
    expect(r.stdout).toBe("['a', '--b']\n");
    expect(r.exitCode).toBe(0);
    expect(r.findings).toEqual([]);
    expect(r.timedOut).toBe(false);
    expect(r.stats).toMatchObject({ mode: "nogil", refcount: "biased" });
    expect(r.stats!.totals.instructions).toBeGreaterThan(0);
  }, T);

  test("runs a file, and reports an uncaught exception's exit code and traceback", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "gilvm-api-"));
    const file = path.join(dir, "boom.py");
    writeFileSync(file, "def f():\n    raise ValueError('boom')\nf()\n");
    const r = await runProgram(file, { sanitize: false, refcount: "atomic" }); // a path: a file
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`File "${file}", line 2, in f`);
    expect(r.stderr).toMatch(/ValueError: boom\n$/);
    expect(r.stats?.refcount).toBe("atomic");
  }, T);

  test("the test hooks are there only when asked for", async () => {
    const r = await runProgram("import _gilvm_test\n");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("ModuleNotFoundError: No module named '_gilvm_test'");
  }, T);

  test("timeoutMs stops a runaway program with exit code 124 and a clear message", async () => {
    // the limit counts from the run's start, worker start-up included: leave it room to print
    const r = await runProgram("print('started', flush=True)\nwhile True:\n    pass\n", { timeoutMs: 2500 });
    expect(r.stdout).toBe("started\n");
    expect(r.exitCode).toBe(124);
    expect(r.timedOut).toBe(true);
    expect(r.stderr).toBe("gilvm: timed out after 2.5 s\n");
  }, T);
});
