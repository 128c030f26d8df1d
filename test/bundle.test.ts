/**
 * The installed command: bin/gilvm.js runs the one-file bundles that `npm run build` makes
 * (dist/vm/cli.bundle.js, and dist/vm/worker.bundle.js for every thread's worker), not the
 * TypeScript sources the other tests use. A bundle moves every module's import.meta.url to the
 * bundle's, so what finds files from it (lib/, the process pool's child command) is checked
 * here, against CPython's output: threads under --nogil, and child processes, which are
 * themselves started from the CLI bundle.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { REPO_ROOT, runPython } from "./helpers/run_gilvm.js";

const BIN = path.join(REPO_ROOT, "bin", "gilvm.js");
const BUNDLES = ["cli.bundle.js", "worker.bundle.js"].map((f) => path.join(REPO_ROOT, "dist", "vm", f));
const TIMEOUT_MS = 60_000;

function runBin(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: TIMEOUT_MS - 5_000, killSignal: "SIGKILL" });
}

describe("bin/gilvm.js from the bundles", () => {
  test("npm run build made both bundles (npm ci runs it)", () => {
    for (const f of BUNDLES) expect(fs.existsSync(f), `${f} is missing: run npm run build`).toBe(true);
  });

  for (const [program, flags] of [
    ["threads_bank.py", ["--nogil"]],
    ["process_pool.py", ["--gil"]],
  ] as const) {
    test(`${program} ${flags.join(" ")}: CPython's output`, () => {
      const ours = runBin(["run", ...flags, path.join("programs", program)]);
      const theirs = runPython([path.join("programs", program)]);
      expect(ours.stderr).toBe("");
      expect(ours.status).toBe(0);
      expect(ours.stdout).toBe(theirs.stdout);
    }, TIMEOUT_MS);
  }
});
