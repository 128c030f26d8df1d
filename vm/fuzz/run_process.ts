/**
 * Running an interpreter on a file as a child process, without blocking, with a time limit,
 * and a pool that keeps at most `jobs` children at once (one per core is plenty: each gilvm
 * run already uses a worker thread besides its main one).
 */
import { spawn } from "node:child_process";

export interface Outcome {
  stdout: string;
  stderr: string;
  /** Exit status, or null when killed (timed out). */
  status: number | null;
  timedOut: boolean;
}

export interface Command {
  cmd: string;
  args: string[];
  env?: Record<string, string>;
}

const MAX_OUTPUT = 32 * 1024 * 1024;

export function runCommand(c: Command, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(c.cmd, c.args, {
      env: { ...process.env, ...c.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    const keep = (into: Buffer[]) => (b: Buffer) => {
      size += b.length;
      if (size <= MAX_OUTPUT) into.push(b);
      else child.kill("SIGKILL");
    };
    child.stdout.on("data", keep(out));
    child.stderr.on("data", keep(err));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const done = (status: number | null) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        status: timedOut ? null : status,
        timedOut,
      });
    };
    child.on("error", (e) => {
      err.push(Buffer.from(`cannot start ${c.cmd}: ${e.message}\n`));
      done(127);
    });
    child.on("close", (code) => done(code));
  });
}

/** Runs async tasks with at most `jobs` in flight; results in input order. */
export async function pool<T, R>(items: readonly T[], jobs: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}
