/**
 * Running one configuration once: the program under gilvm (`gilvm run FLAGS --stats-json F
 * PROGRAM ARGS`) or under python3, timed from outside (process wall clock, start-up included,
 * as the talk's hyperfine and ../shared/docs/anchors.md time whole processes). Also reads the
 * program's own `[bench] key=value …` line, gilvm's counters, and — when asked — the peak
 * resident memory of the process and every process it started.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunStats } from "../stats.js";
import { packageRoot } from "../package_root.js";

export const REPO = packageRoot();

export type RuntimeName = "gilvm" | "python3";

export interface RunSpec {
  runtime: RuntimeName;
  /** `gilvm run` options (--gil, --nogil, --refcount …); ignored for python3. */
  flags: string[];
  /** Relative to the repository root, which is the working directory. */
  program: string;
  args: string[];
  /** Sample the process tree's memory while it runs (costs a /proc scan every 100 ms). */
  trackMemory?: boolean;
  timeoutMs?: number;
}

/** gilvm's --stats-json, plus whatever fields later versions add (child_peak_rss_bytes, …). */
export type GilvmStats = RunStats & Record<string, unknown>;

export interface RunRecord {
  ok: boolean;
  exit_code: number | null;
  /** Why it failed: the last line of its stderr, or the timeout. */
  error?: string;
  /** Process wall clock, measured from outside. */
  wall_ms: number;
  /** The program's `[bench] key=value` numbers (and `inner_s` from a `[timing] … took X s`). */
  values: Record<string, number>;
  stats: GilvmStats | null;
  /** Sum over the process tree of each process's peak resident set (VmHWM), when tracked. */
  peak_rss_bytes: number | null;
  /** How many processes the tree had at its largest sample, when tracked. */
  processes: number | null;
}

export interface Launcher {
  /** argv prefix that runs gilvm's CLI: [node, ...execArgv, cli entry]. */
  gilvm: string[];
  /** python3's command, or null where there is none. */
  python: string | null;
}

const DEFAULT_TIMEOUT_MS = 180_000;
const MEMORY_SAMPLE_MS = 100;
const OUTPUT_LIMIT = 1 << 20;

/** Every `[bench] a=1 b=2.5` pair; a `[timing] … took 1.234 s` line gives `inner_s`. */
export function parseBenchValues(stdout: string): Record<string, number> {
  const values: Record<string, number> = {};
  const timing = /^\[timing\].* took ([0-9.]+) s/m.exec(stdout);
  if (timing) values.inner_s = Number(timing[1]);
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("[bench] ")) continue;
    for (const pair of line.slice(8).trim().split(/\s+/)) {
      const eq = pair.indexOf("=");
      const v = Number(pair.slice(eq + 1));
      if (eq > 0 && Number.isFinite(v)) values[pair.slice(0, eq)] = v;
    }
  }
  return values;
}

/**
 * Peak memory of a process tree, sampled from /proc (Linux): the tree is re-discovered at each
 * sample from the parent pids, and each member's VmHWM (its own high-water mark, so a sample
 * between two peaks loses nothing) is kept. Whatever a process adds in its last sampling
 * interval before it exits is missed.
 */
class TreeMemory {
  private readonly peaks = new Map<number, number>();
  maxProcesses = 0;

  constructor(private readonly root: number) {}

  static available(): boolean {
    return existsSync("/proc/self/status");
  }

  sample(): void {
    const parentOf = new Map<number, number>();
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        // fields after the command name, which is in parentheses and may hold spaces
        const after = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        parentOf.set(Number(name), Number(after[1]));
      } catch {
        // the process ended between the listing and the read
      }
    }
    const tree = [this.root];
    for (let i = 0; i < tree.length; i++) {
      for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
    }
    this.maxProcesses = Math.max(this.maxProcesses, tree.length);
    for (const pid of tree) {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        if (m) this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, Number(m[1]) * 1024));
      } catch {
        // gone already: its last sample stands
      }
    }
  }

  total(): number {
    let sum = 0;
    for (const v of this.peaks.values()) sum += v;
    return sum;
  }
}

/**
 * The line of stderr that says why a run failed: gilvm's own first report line (`gilvm:
 * double-free: …`, its details follow it), else the last line (a Python traceback ends with
 * the exception).
 */
export function failureLine(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const own = lines.find((l) => l.startsWith("gilvm: ") && !l.startsWith("gilvm: warning"));
  return own ?? lines[lines.length - 1] ?? "";
}

/** A scratch folder for the --stats-json files of one bench session. */
export class Runner {
  private readonly scratch = mkdtempSync(path.join(tmpdir(), "gilvm-bench-"));
  private seq = 0;

  constructor(readonly launcher: Launcher) {}

  close(): void {
    rmSync(this.scratch, { recursive: true, force: true });
  }

  commandFor(spec: RunSpec, statsFile: string | null): string[] {
    if (spec.runtime === "python3") {
      if (this.launcher.python === null) throw new Error("python3 is not available");
      return [this.launcher.python, spec.program, ...spec.args];
    }
    const stats = statsFile === null ? [] : ["--stats-json", statsFile];
    return [...this.launcher.gilvm, "run", ...spec.flags, ...stats, spec.program, ...spec.args];
  }

  /** The command line a person would type for this spec (for the reports). */
  static display(spec: RunSpec): string {
    const head = spec.runtime === "python3" ? ["python3"] : ["gilvm", "run", ...spec.flags];
    return [...head, spec.program, ...spec.args].join(" ");
  }

  run(spec: RunSpec): Promise<RunRecord> {
    const statsFile = spec.runtime === "gilvm" ? path.join(this.scratch, `stats-${this.seq++}.json`) : null;
    const [cmd, ...args] = this.commandFor(spec, statsFile);
    const timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve) => {
      const t0 = performance.now();
      const child = spawn(cmd, args, { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => { if (stdout.length < OUTPUT_LIMIT) stdout += d.toString(); });
      child.stderr.on("data", (d: Buffer) => { if (stderr.length < OUTPUT_LIMIT) stderr += d.toString(); });
      const memory = spec.trackMemory && TreeMemory.available() && child.pid !== undefined ? new TreeMemory(child.pid) : null;
      const sampler = memory === null ? null : setInterval(() => memory.sample(), MEMORY_SAMPLE_MS);
      let timedOut = false;
      const killer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, timeoutMs);
      let settled = false;
      const done = (code: number | null, spawnError?: string) => {
        if (settled) return; // 'error' and 'close' can both come
        settled = true;
        const wallMs = performance.now() - t0;
        clearTimeout(killer);
        if (sampler !== null) clearInterval(sampler);
        let stats: GilvmStats | null = null;
        if (statsFile !== null && existsSync(statsFile)) {
          try {
            stats = JSON.parse(readFileSync(statsFile, "utf8")) as GilvmStats;
          } catch {
            stats = null; // a run killed while writing it
          }
          rmSync(statsFile, { force: true });
        }
        const ok = code === 0 && !timedOut && spawnError === undefined;
        const record: RunRecord = {
          ok,
          exit_code: code,
          wall_ms: wallMs,
          values: parseBenchValues(stdout),
          stats,
          peak_rss_bytes: memory === null ? null : memory.total(),
          processes: memory === null ? null : memory.maxProcesses,
        };
        if (!ok) {
          record.error = spawnError ?? (timedOut ? `ran past ${timeoutMs / 1000} s and was killed` : failureLine(stderr) || `exit code ${code}`);
        }
        resolve(record);
      };
      child.on("error", (e) => done(null, e.message));
      child.on("close", (code) => done(code));
    });
  }
}
