/**
 * gilvm's test API, the package's export: run a Python program in a chosen mode and get back
 * what it printed, its exit code, its counters and the memory-safety checker's findings as data,
 * so a test can say in a few lines what must hold:
 *
 *   const r = await runProgram("x = [1, 2]\nprint(len(x))\n", { mode: "nogil" });
 *   expect(r.findings).toEqual([]);
 *
 * Each run is a child process (`gilvm run … --stats-json F --findings-json G`): a program that
 * crashes, hangs or fills its heap cannot take the test runner with it, and runs may go in
 * parallel. The sanitizer is on unless `sanitize: false` is given.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { constants, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { RefcountPolicyName } from "../runtime/refcount.js";
import type { Finding } from "./run.js";
import type { RunStats } from "./stats.js";

export type { Finding } from "./run.js";
export type { Site } from "../runtime/sanitizer_site.js";
export type { RunStats } from "./stats.js";
export type { RefcountPolicyName } from "../runtime/refcount.js";

export interface ProgramOptions {
  /** "gil" (the default) or "nogil" (free-threading: biased refcounting, per-object locks). */
  mode?: "gil" | "nogil";
  /** Reference counting policy; by default plain under the GIL, biased without it. */
  refcount?: RefcountPolicyName;
  /** Immortal objects skip refcounting (default true; false is the --no-immortal ablation). */
  immortal?: boolean;
  /** The memory-safety checker (default true). */
  sanitize?: boolean;
  /** Heap cap in MiB (MemoryError past it); default 512. */
  heapMb?: number;
  /** Wall-clock limit; past it the run is stopped with exit code 124. Default 60 000 ms. */
  timeoutMs?: number;
  /** sys.argv[1:]. */
  args?: string[];
  /** Working directory of the run (default: this process's). */
  cwd?: string;
  /** Allows `import _gilvm_test`, the module of deliberate refcount bugs that tests plant. */
  testHooks?: boolean;
}

export interface ProgramResult {
  stdout: string;
  stderr: string;
  /** gilvm's exit code: 0, 1 (uncaught exception), 3 (deadlock), 4 (sanitizer findings), 124 (timeout)… */
  exitCode: number;
  /** The counters (`--stats-json`), or null when the run ended before writing them (a usage error). */
  stats: RunStats | null;
  /** The checker's verdicts; empty for a clean run (and for a run stopped by its time limit). */
  findings: Finding[];
  /** Whether the time limit stopped the run. */
  timedOut: boolean;
}

/** What to run: source text, or a file. A plain string is source unless it names an existing .py file. */
export type Program = string | { source: string } | { file: string };

const DEFAULT_TIMEOUT_MS = 60_000;
/** How long past its own limit a run may take to stop before it is killed outright. */
const KILL_GRACE_MS = 10_000;

/** Runs a program under gilvm and collects its output, exit code, counters and findings. */
export async function runProgram(program: Program, options: ProgramOptions = {}): Promise<ProgramResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "gilvm-run-"));
  const statsFile = path.join(dir, "stats.json");
  const findingsFile = path.join(dir, "findings.json");
  try {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const args = [
      "run",
      options.mode === "nogil" ? "--nogil" : "--gil",
      "--stats-json", statsFile,
      "--findings-json", findingsFile,
      "--timeout", String(timeoutMs / 1000),
    ];
    if (options.refcount !== undefined) args.push("--refcount", options.refcount);
    if (options.immortal === false) args.push("--no-immortal");
    if (options.sanitize !== false) args.push("--sanitize");
    if (options.heapMb !== undefined) args.push("--heap-mb", String(options.heapMb));
    const file = fileOf(program, options.cwd);
    if (file === null) args.push("-c", sourceOf(program), "--");
    else args.push("--", file);
    args.push(...(options.args ?? []));
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (options.testHooks === true) env.GILVM_TEST_HOOKS = "1";
    else delete env.GILVM_TEST_HOOKS;
    const run = await spawnCli(args, { env, cwd: options.cwd, killAfterMs: timeoutMs + KILL_GRACE_MS });
    return {
      stdout: run.stdout,
      stderr: run.stderr,
      exitCode: run.exitCode,
      stats: readJson<RunStats>(statsFile),
      findings: readJson<Finding[]>(findingsFile) ?? [],
      timedOut: run.exitCode === 124 || run.killed,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fileOf(program: Program, cwd: string | undefined): string | null {
  if (typeof program === "object") return "file" in program ? program.file : null;
  const looksLikePath = program.endsWith(".py") && !program.includes("\n");
  return looksLikePath && existsSync(path.resolve(cwd ?? ".", program)) ? program : null;
}

function sourceOf(program: Program): string {
  return typeof program === "string" ? program : "source" in program ? program.source : "";
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number;
  killed: boolean;
}

/**
 * Runs gilvm's CLI in a child node: the compiled one next to this file (dist/), or, when this
 * module runs from its TypeScript source (a test under vitest), the source through tsx.
 */
function spawnCli(
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd: string | undefined; killAfterMs: number },
): Promise<CliRun> {
  const self = fileURLToPath(import.meta.url);
  const fromSource = self.endsWith(".ts");
  const cli = path.join(path.dirname(self), fromSource ? "cli.ts" : "cli.js");
  const nodeArgs = fromSource ? ["--import", tsxLoader(), cli, ...args] : [cli, ...args];
  return new Promise((resolve, reject) => {
    // no standard input: nothing can wait on a terminal
    const child = spawn(process.execPath, nodeArgs, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, opts.killAfterMs);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        // a signal's end as a shell reports it: 128 + its number
        exitCode: code ?? 128 + (signal === null ? 0 : constants.signals[signal]),
        killed,
      });
    });
  });
}

/** tsx's loader as a file URL, so it resolves from any working directory. */
function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
}
