/**
 * The header every report starts with: what machine and which versions produced the numbers.
 * python3 is optional (an anchor, never a dependency): `python` is null where it is missing.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import path from "node:path";
import { packageRoot } from "../package_root.js";

export interface MachineHeader {
  date: string;
  cores: number;
  cpu_model: string;
  memory_bytes: number;
  node: string;
  gilvm: string;
  /** The checkout's commit, with "+dirty" when the tree has changes (null outside git). */
  commit: string | null;
  python: string | null;
  /** 1-minute load average when the session started: above the core count, others compete. */
  load_average: number;
}

function gilvmVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

function gitCommit(): string | null {
  const opts = { cwd: packageRoot(), encoding: "utf8" as const };
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], opts);
  if (head.status !== 0) return null;
  // --no-optional-locks: only read; never touch the index while someone else may be committing
  const dirty = spawnSync("git", ["--no-optional-locks", "status", "--porcelain", "--untracked-files=no"], opts);
  return head.stdout.trim() + (dirty.status === 0 && dirty.stdout.trim() !== "" ? "+dirty" : "");
}

/** "3.11.7", or null when there is no python3 on the PATH. */
export function pythonVersion(python: string): string | null {
  const r = spawnSync(python, ["-c", "import sys; print(sys.version.split()[0])"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function machineHeader(python: string): MachineHeader {
  return {
    date: new Date().toISOString(),
    cores: cpus().length,
    cpu_model: cpus()[0]?.model.trim() ?? "unknown",
    memory_bytes: totalmem(),
    node: process.version,
    gilvm: gilvmVersion(),
    commit: gitCommit(),
    python: pythonVersion(python),
    load_average: Math.round(loadavg()[0] * 100) / 100,
  };
}

export function formatHeader(h: MachineHeader): string {
  const gib = (h.memory_bytes / 2 ** 30).toFixed(0);
  return `machine: ${h.cores} cores (${h.cpu_model}), ${gib} GiB; node ${h.node}; gilvm ${h.gilvm}` +
    `${h.commit === null ? "" : ` (${h.commit})`}; python3 ${h.python ?? "not found"}; ${h.date.slice(0, 10)}; load ${h.load_average}`;
}

/** A warning when other work was competing for the cores as the session started. */
export function busyWarning(h: MachineHeader): string | null {
  return h.load_average > h.cores * 0.5
    ? `warning: the machine is busy (1-minute load average ${h.load_average} on ${h.cores} cores): timings will be noisy and ratios less reliable`
    : null;
}
