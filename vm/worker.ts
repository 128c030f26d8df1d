/**
 * The worker that runs a program's Python main thread. The node main thread (vm/cli.ts) is the
 * supervisor and runs no bytecode; a worker gets a JS stack big enough for CPython's recursion
 * limit (each Python call is a few JS frames of the eval loop), which the main thread's fixed
 * stack is not.
 */
import { parentPort, workerData } from "node:worker_threads";
import { writeSync } from "node:fs";
import { runSource, type RunOptions, type RunResult } from "./run.js";

export type WorkerJob = Omit<RunOptions, "write" | "writeErr">;
export type WorkerReply = { ok: true; result: RunResult } | { ok: false; error: string; stack: string };

/** One synchronous write per call, so output order is the order things happened. */
export function writeAll(fd: number, s: string): void {
  const buf = Buffer.from(s, "utf8");
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") continue;
      if (code === "EPIPE") return;
      throw e;
    }
  }
}

if (parentPort !== null && workerData?.gilvmJob !== undefined) {
  const job = workerData.gilvmJob as WorkerJob;
  let reply: WorkerReply;
  try {
    const result = runSource({ ...job, write: (s) => writeAll(1, s), writeErr: (s) => writeAll(2, s) });
    reply = { ok: true, result };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply = { ok: false, error: err.message, stack: err.stack ?? "" };
  }
  parentPort.postMessage(reply);
}
