/**
 * How to start the two interpreters: CPython (python3, or $GILVM_PYTHON) with a fixed hash
 * seed and UTF-8 streams, and gilvm — compiled from dist/ when the fuzzer itself runs from
 * dist/, or from the TypeScript sources through tsx when it runs from them (under vitest).
 */
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { packageRoot } from "../package_root.js";
import { PYTHON_ENV, type Interpreters, type Mode } from "./differential.js";
import type { Command } from "./run_process.js";

export const PYTHON = process.env.GILVM_PYTHON || "python3";

/** The command that runs gilvm's CLI with `args` (the file to run is appended later). */
export function gilvmCli(args: string[]): Command {
  const root = packageRoot();
  const env = { NO_COLOR: "1", FORCE_COLOR: "0" };
  if (fileURLToPath(import.meta.url).endsWith(".ts")) {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    return { cmd: process.execPath, args: ["--import", tsx, path.join(root, "vm", "cli.ts"), ...args], env };
  }
  return { cmd: process.execPath, args: [path.join(root, "bin", "gilvm.js"), ...args], env };
}

export function defaultInterpreters(timeoutMs: number): Interpreters {
  return {
    python: { cmd: PYTHON, args: [], env: PYTHON_ENV },
    gilvm: (mode: Mode) => gilvmCli(["run", `--${mode}`, "--sanitize"]),
    timeoutMs,
    workDir: mkdtempSync(path.join(os.tmpdir(), "gilvm-fuzz-")),
  };
}

/** Deletes the programs written for a campaign (findings are saved elsewhere). */
export function removeWorkDir(interp: Interpreters): void {
  rmSync(interp.workDir, { recursive: true, force: true });
}
