/**
 * A worker thread: it runs Python threads over the shared heap. The node main thread
 * (vm/supervisor.ts) runs no bytecode; it starts workers, hands them threads to run, and
 * watches for deadlocks.
 *
 *   role "main":   creates the heap and runs the program's main thread; replies "result"
 *   role "thread": joins the heap, says "ready", then runs each "run" job it is given (a pooled
 *                  worker runs many short-lived Python threads one after another); replies "done"
 *
 * Every worker gets a JS stack big enough for CPython's recursion limit (each Python call is a
 * few JS frames of the eval loop).
 */
import { parentPort, workerData } from "node:worker_threads";
import { writeSync } from "node:fs";
import { runSource, sanitizerFinding, type Finding, type RunOptions, type RunResult } from "./run.js";
import { SanitizerError } from "../runtime/context.js";
import { attachWorld } from "./bootstrap.js";
import { Interpreter, monotonicMs, type ThreadHost } from "./interpreter.js";
import { runThreadJob, type ThreadJobResult } from "./thread_run.js";
import type { Ref } from "../runtime/layout.js";

export type WorkerJob = Omit<RunOptions, "write" | "writeErr" | "host" | "onWorld">;

/** Messages a worker sends to the supervisor. */
export type WorkerMessage =
  | { type: "world"; sab: SharedArrayBuffer }
  | { type: "start"; ident: number; job: Ref }
  | { type: "ready" }
  | ({ type: "done"; ident: number } & ThreadJobResult)
  | { type: "result"; result: RunResult }
  | { type: "crash"; error: string; stack: string }
  | { type: "finding"; finding: Finding };

export interface MainWorkerData {
  role: "main";
  job: WorkerJob;
  t0: number;
}
export interface ThreadWorkerData {
  role: "thread";
  sab: SharedArrayBuffer;
  tid: number;
  job: WorkerJob;
  t0: number;
}

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

function post(m: WorkerMessage): void {
  parentPort!.postMessage(m);
}

function crash(e: unknown): void {
  // the sanitizer stopped a thread: a verdict on the program, not a crash of gilvm
  if (e instanceof SanitizerError) return post({ type: "finding", finding: sanitizerFinding(e) });
  const err = e instanceof Error ? e : new Error(String(e));
  post({ type: "crash", error: err.message, stack: err.stack ?? "" });
}

function hostFor(t0: number): ThreadHost {
  return {
    startThread: (ident, job) => post({ type: "start", ident, job }),
    now: () => monotonicMs() - t0,
  };
}

const write = (s: string) => writeAll(1, s);
const writeErr = (s: string) => writeAll(2, s);

function runMain(data: MainWorkerData): void {
  try {
    const result = runSource({
      ...data.job, write, writeErr, host: hostFor(data.t0),
      onWorld: (sab) => post({ type: "world", sab }),
    });
    post({ type: "result", result });
  } catch (e) {
    crash(e);
  }
}

function runThreads(data: ThreadWorkerData): void {
  const world = attachWorld(data.sab, data.tid, { sanitize: data.job.sanitize, refcount: data.job.refcount, immortal: data.job.immortal, freeThreaded: data.job.mode === "nogil", sharedRc: data.job.sharedRc });
  const vm = new Interpreter(world.rt, world.builtins, world.modules, {
    write, writeErr, argv: data.job.argv, mode: data.job.mode, testHooks: data.job.testHooks === true,
    trace: data.job.trace === true,
  });
  vm.host = hostFor(data.t0);
  parentPort!.on("message", (m: { type: "run"; ident: number; job: Ref }) => {
    try {
      post({ type: "done", ident: m.ident, ...runThreadJob(vm, m.ident, m.job) });
    } catch (e) {
      crash(e);
    }
  });
  post({ type: "ready" });
}

if (parentPort !== null && workerData?.role !== undefined) {
  const data = workerData as MainWorkerData | ThreadWorkerData;
  if (data.role === "main") runMain(data);
  else runThreads(data);
}
