/**
 * Helpers for tests that run whole programs: gilvm's CLI (through tsx, straight from the
 * TypeScript sources) and CPython, the oracle. Both run synchronously, with the repository
 * root as the default working directory, and give back text stdout/stderr and the exit status.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CLI_PATH = path.join(REPO_ROOT, "vm", "cli.ts");
export const PROGRAMS_DIR = path.join(REPO_ROOT, "programs");

/** The Python used as the oracle; `GILVM_PYTHON` overrides it (it must be a CPython 3.11). */
export const PYTHON = process.env.GILVM_PYTHON || "python3";

export interface RunOptions {
  /** Text written to the child's stdin (default: empty, so nothing waits on a terminal). */
  input?: string;
  /** Wall-clock limit; the child is killed with SIGKILL when it runs past it. */
  timeoutMs?: number;
  /** Working directory (default: the repository root). */
  cwd?: string;
  /** Extra environment variables, on top of the inherited environment and the defaults below. */
  env?: Record<string, string>;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** Exit status, or null when the child was killed by a signal (a timeout, say). */
  status: number | null;
  /** The signal that ended the child, if any. */
  signal: NodeJS.Signals | null;
  /** Set when the child could not be started or ran past timeoutMs. */
  error?: string;
}

/** Default limits: well under the 60 s a program test may take in all. */
export const GILVM_TIMEOUT_MS = 50_000;
export const PYTHON_TIMEOUT_MS = 20_000;

const MAX_BUFFER = 64 * 1024 * 1024;

/**
 * `--import` takes a module specifier resolved against the *child's* working directory, so a
 * bare "tsx" would break for a cwd outside the repository; hand it tsx's loader by file URL.
 */
function tsxImportSpecifier(): string {
  try {
    const require = createRequire(import.meta.url);
    return pathToFileURL(require.resolve("tsx")).href;
  } catch {
    return "tsx";
  }
}

const TSX = tsxImportSpecifier();

function toResult(r: SpawnSyncReturns<string>, what: string, timeoutMs: number): RunResult {
  const result: RunResult = {
    stdout: r.stdout ?? "",
    stderr: r.stderr ?? "",
    status: r.status,
    signal: r.signal,
  };
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    result.error =
      code === "ETIMEDOUT" ? `${what} ran past ${timeoutMs} ms and was killed` : `${what}: ${r.error.message}`;
  }
  return result;
}

/** Runs `node --import tsx vm/cli.ts ARGS...`, e.g. `runGilvm(["run", "--nogil", "programs/x.py"])`. */
export function runGilvm(args: string[], opts: RunOptions = {}): RunResult {
  const timeoutMs = opts.timeoutMs ?? GILVM_TIMEOUT_MS;
  const r = spawnSync(process.execPath, ["--import", TSX, CLI_PATH, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    input: opts.input ?? "",
    encoding: "utf8",
    timeout: timeoutMs,
    killSignal: "SIGKILL",
    maxBuffer: MAX_BUFFER,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...opts.env },
  });
  return toResult(r, `gilvm ${args.join(" ")}`, timeoutMs);
}

/** Runs `python3 ARGS...` with UTF-8 standard streams and a fixed hash seed. */
export function runPython(args: string[], opts: RunOptions = {}): RunResult {
  const timeoutMs = opts.timeoutMs ?? PYTHON_TIMEOUT_MS;
  const r = spawnSync(PYTHON, args, {
    cwd: opts.cwd ?? REPO_ROOT,
    input: opts.input ?? "",
    encoding: "utf8",
    timeout: timeoutMs,
    killSignal: "SIGKILL",
    maxBuffer: MAX_BUFFER,
    env: {
      ...process.env,
      PYTHONIOENCODING: "utf-8",
      PYTHONUTF8: "1",
      PYTHONHASHSEED: "0",
      PYTHONDONTWRITEBYTECODE: "1",
      ...opts.env,
    },
  });
  return toResult(r, `${PYTHON} ${args.join(" ")}`, timeoutMs);
}
