/**
 * The supervisor: the node main thread's side of a run. It runs no bytecode. It starts the
 * worker for the program's main thread, keeps a pool of workers for the threads the program
 * starts (so 1,000 short threads do not mean 1,000 worker start-ups; start-up time is counted
 * apart as startup_ms), collects each thread's counters and trace, and watches for a deadlock:
 * when every live thread is blocked without a timeout and nothing has changed since the last
 * look, no thread can ever wake another, so it reports each thread's wait and line and the run
 * ends with exit code 3 instead of hanging. A run given a time limit (--timeout) that is still
 * going when it expires is stopped (its workers terminated) with exit code 124, as timeout(1) does.
 */
import { Worker } from "node:worker_threads";
import { setFlagsFromString } from "node:v8";
import { cpus } from "node:os";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Heap, G_THREADS, MAX_THREADS, EB_SIGINT, TS_BLOCK_ON, TS_EVAL_BREAKER, threadStateOf, BLOCK_KINDS, ThreadRunState, TS_BLOCK_KIND, TS_BLOCK_TIMEOUT, TS_FRAME, TS_NAME, TS_STATE } from "../runtime/heap.js";
import { R_SHARED } from "../runtime/context.js";
import { SH_LIVE_THREADS, SH_PROGRESS } from "../runtime/gil.js";
import { readStr } from "../runtime/str.js";
import { CO_FILENAME, CO_LINES, CO_NAME } from "../runtime/code.js";
import { F_BACK, F_CODE, F_IP } from "./frame.js";
import { combineStats, type RunStats, type ThreadStats } from "./stats.js";
import { monotonicMs, type StateEvent } from "./interpreter.js";
import type { Finding, RunResult } from "./run.js";

type HeapInfo = RunResult["heap"];
import type { MainWorkerData, ThreadWorkerData, WorkerJob, WorkerMessage } from "./worker.js";

/** JS stack of each worker: room for deep (sys.setrecursionlimit) recursion. */
const WORKER_STACK_MB = 256;
const DEADLOCK_POLL_MS = 100;
const DEADLOCK_QUIET_POLLS = 3;
/** How long the end of a run waits for thread reports still in flight. */
const DONE_GRACE_MS = 250;
/** Workers started ahead of time for a program that uses threads. */
const PREWARMED_WORKERS = 2;
export const EXIT_DEADLOCK = 3;
export const EXIT_INTERNAL = 70;
export const EXIT_INTERRUPTED = 130;
export const EXIT_TIMEOUT = 124;
export const EXIT_SANITIZER = 4;

export interface RunLimits {
  /** Wall-clock limit of the whole run, in ms; past it the workers are terminated. */
  timeoutMs?: number;
}

export interface ThreadTraceData {
  tid: number;
  name: string;
  events: StateEvent[];
}

export interface ProgramResult {
  exitCode: number;
  stats: RunStats;
  findings: Finding[];
  traces: ThreadTraceData[] | null;
  endMs: number;
}

/**
 * How to start a worker: the bundled JS (dist/vm/worker.bundle.js, made by `npm run build`: one
 * file loads in half the time of the ~100 modules it holds), else the compiled JS from dist/, or
 * the TypeScript sources through tsx. This module may itself be inside dist/vm/cli.bundle.js, so
 * only its folder is used.
 */
function workerEntry(): { entry: string; evalCode: boolean } {
  const self = fileURLToPath(import.meta.url);
  const dir = path.dirname(self);
  if (self.endsWith(".ts")) {
    const entry =
      `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})` +
      `.then((api) => { api.register(); return import(${JSON.stringify(pathToFileURL(path.join(dir, "worker.ts")).href)}); });`;
    return { entry, evalCode: true };
  }
  const bundle = path.join(dir, "worker.bundle.js");
  return { entry: existsSync(bundle) ? bundle : path.join(dir, "worker.js"), evalCode: false };
}

function startWorker(data: MainWorkerData | ThreadWorkerData): Worker {
  const { entry, evalCode } = workerEntry();
  return new Worker(entry, { eval: evalCode, workerData: data, resourceLimits: { stackSizeMb: WORKER_STACK_MB } });
}

/** Where a blocked thread is: the innermost frame outside gilvm's own library modules. */
function blockedAt(heap: Heap, frame: number): string {
  const i32 = heap.i32;
  let where = "";
  for (let f = frame; f !== 0; f = i32[f + F_BACK]) {
    const code = i32[f + F_CODE] >> 2;
    const file = readStr(heap, i32[code + CO_FILENAME]);
    const ip = Math.max(0, i32[f + F_IP] - 1);
    const line = i32[(i32[code + CO_LINES] >> 2) + ip];
    const here = `${file}:${line} in ${readStr(heap, i32[code + CO_NAME])}`;
    if (where === "") where = here;
    if (!/[\\/]lib[\\/]/.test(file)) return here;
  }
  return where || "no Python frame";
}

/** The deadlock report, or null when some thread can still make progress. */
function findDeadlock(heap: Heap, tids: number[]): string | null {
  const i32 = heap.i32;
  const shared = heap.root(R_SHARED) >> 2;
  const lines: string[] = [];
  let alive = 0;
  for (const tid of tids) {
    const ts = i32[G_THREADS + tid] >> 2;
    if (ts === 0) continue;
    const state = Atomics.load(i32, ts + TS_STATE);
    if (state === ThreadRunState.IDLE || state === ThreadRunState.EXITED) continue;
    alive++;
    if (state !== ThreadRunState.BLOCKED || Atomics.load(i32, ts + TS_BLOCK_TIMEOUT) !== 0) return null;
    // a lock released for it that it has not run yet to take (a loaded machine may keep a woken
    // thread off the CPU for longer than the quiet polls): it can still go on
    const on = Atomics.load(i32, ts + TS_BLOCK_ON);
    if (on !== 0 && (Atomics.load(i32, on) & 1) === 0) return null;
    const nameRef = i32[ts + TS_NAME];
    const name = nameRef === 0 ? `worker ${tid}` : readStr(heap, nameRef);
    const kind = BLOCK_KINDS[i32[ts + TS_BLOCK_KIND]] ?? "?";
    lines.push(`  ${name}: waiting on a ${kind}, at ${blockedAt(heap, i32[ts + TS_FRAME])}`);
  }
  // a thread being started is not counted yet: it may still wake the others
  if (alive === 0 || alive < Atomics.load(i32, shared + SH_LIVE_THREADS)) return null;
  return `gilvm: deadlock: every thread is blocked with no timeout, and none can wake another\n${lines.join("\n")}\n`;
}

/** Runs a program to its end: the main thread's worker, the thread pool, the deadlock watch. */
export function superviseProgram(job: WorkerJob, writeErr: (s: string) => void, limits: RunLimits = {}): Promise<ProgramResult> {
  if (job.mode === "nogil" && process.env.GILVM_CONCURRENT_JIT !== "1") {
    // V8 optimises hot functions on background threads by default. Under --gil those threads
    // run on the cores the GIL leaves idle; under --nogil every core runs a Python thread, so a
    // background job only time-slices with them while the thread that needs the code keeps
    // running it unoptimised. Compiling on the thread itself gives it the code sooner: the talk's
    // pool on 8 threads −7 %, one thread −4 %; the same setting costs --gil +6 % on 8 threads, so
    // --gil keeps the default (docs/free_threading.md). Process-wide, so set before any worker starts.
    setFlagsFromString("--no-concurrent-recompilation");
  }
  const t0 = monotonicMs();
  const wallStart = performance.now();
  return new Promise((resolve) => {
    const workers: Worker[] = [];
    const idle: Worker[] = [];
    const waitingForWorker: ((w: Worker) => void)[] = [];
    const threadRows: ThreadStats[] = [];
    const traces: ThreadTraceData[] = [];
    let heap: Heap | null = null;
    const tids = [0];
    let startupMs = 0;
    let lastProgress = -1;
    let quietPolls = 0;
    let finished = false;
    let outstanding = 0;
    let starting = 0;
    let finishMain: (() => void) | null = null;

    const finish = (exitCode: number, main: ThreadStats | null, findings: Finding[] = [], heapInfo?: HeapInfo) => {
      if (finished) return;
      finished = true;
      clearInterval(poll);
      if (deadline !== null) clearTimeout(deadline);
      process.off("SIGINT", onSigint);
      for (const w of workers) void w.terminate();
      const rows = main === null ? threadRows : [main, ...threadRows.sort((a, b) => a.thread - b.thread)];
      const info = heapInfo ?? { live_objects: 0, peak_heap_bytes: heap?.top ?? 0, peak_live_bytes: 0, immortalized_at_thread_start: 0 };
      resolve({
        exitCode,
        findings,
        traces: job.trace ? traces : null,
        endMs: monotonicMs() - t0,
        stats: combineStats(job.mode, job.refcount ?? "plain", performance.now() - wallStart, startupMs, cpus().length, rows, info),
      });
    };

    const crashed = (m: { error: string; stack: string }) => {
      if (finished) return; // workers stopped by the end of the run (a deadlock) are no crash
      // a bug in gilvm itself, not in the program: say so plainly (the JS stack only on request)
      writeErr(`gilvm: internal error: ${m.error}\n`);
      if (process.env.GILVM_DEBUG) writeErr(m.stack + "\n");
      finish(EXIT_INTERNAL, null);
    };

    /** Pairs idle workers with the threads waiting to run. */
    const dispatch = () => {
      while (idle.length > 0 && waitingForWorker.length > 0) waitingForWorker.shift()!(idle.pop()!);
    };

    /** Starts a pooled worker; it joins `idle` when it has loaded. */
    const spawnWorker = () => {
      const tid = tids.length;
      if (tid >= MAX_THREADS) {
        crashed({ error: `more than ${MAX_THREADS} worker threads at once`, stack: "" });
        return;
      }
      tids.push(tid);
      starting++;
      const started = performance.now();
      const worker = startWorker({ role: "thread", sab: heap!.sab, tid, job, t0 });
      workers.push(worker);
      worker.on("message", (m: WorkerMessage) => {
        if (m.type === "ready") {
          startupMs += performance.now() - started;
          starting--;
          idle.push(worker);
          dispatch();
        } else onMessage(worker, m);
      });
      worker.on("error", (e) => crashed({ error: e.message, stack: e.stack ?? "" }));
    };

    /** Runs `then` on a pooled worker, starting a new one when none is idle or on its way. */
    const getWorker = (then: (w: Worker) => void) => {
      waitingForWorker.push(then);
      if (idle.length > 0) return dispatch();
      if (waitingForWorker.length > starting) spawnWorker();
    };

    const onMessage = (worker: Worker, m: WorkerMessage) => {
      switch (m.type) {
        case "world":
          heap = new Heap(m.sab);
          // A worker takes ~80 ms to load the VM: start a few ahead of time when the program
          // uses threads at all, so its first threads start together rather than one by one.
          if (/\b(threading|_thread|concurrent)\b/.test(job.source)) {
            for (let i = 0; i < PREWARMED_WORKERS; i++) spawnWorker();
          }
          break;
        case "start":
          outstanding++;
          getWorker((w) => w.postMessage({ type: "run", ident: m.ident, job: m.job }));
          break;
        case "done":
          outstanding--;
          threadRows.push(m.stats);
          if (m.events !== null) traces.push({ tid: m.ident, name: m.stats.name, events: m.events });
          idle.push(worker);
          dispatch();
          if (outstanding === 0) finishMain?.();
          break;
        case "result": {
          const r = m.result;
          if (r.events !== null) traces.unshift({ tid: 0, name: "MainThread", events: r.events });
          // a joined thread's "done" may still be in flight: give the reports a moment to land
          // (daemon threads still running never report; they are stopped)
          finishMain = () => finish(r.exitCode, r.main, r.findings, r.heap);
          if (outstanding === 0) finishMain();
          else setTimeout(finishMain, DONE_GRACE_MS);
          break;
        }
        case "crash":
          crashed(m);
          break;
        case "finding":
          // a thread's use-after-free or double-free stops the whole run, as on the main thread
          if (finished) break; // another thread's finding stopped it already
          writeErr(m.finding.message + "\n");
          finish(EXIT_SANITIZER, null, [m.finding]);
          break;
      }
    };

    const poll = setInterval(() => {
      if (heap === null) return;
      // a deadlock must hold, unchanged, over several looks (a loaded machine can stall a thread)
      const progress = Atomics.load(heap.i32, (heap.root(R_SHARED) >> 2) + SH_PROGRESS);
      quietPolls = progress === lastProgress ? quietPolls + 1 : 0;
      lastProgress = progress;
      const report = quietPolls >= DEADLOCK_QUIET_POLLS ? findDeadlock(heap, tids) : null;
      if (report !== null) {
        writeErr(report);
        finish(EXIT_DEADLOCK, null);
      }
    }, DEADLOCK_POLL_MS);

    const limitMs = limits.timeoutMs;
    const deadline = limitMs === undefined ? null : setTimeout(() => {
      writeErr(`gilvm: timed out after ${limitMs / 1000} s\n`);
      finish(EXIT_TIMEOUT, null);
    }, limitMs);

    // Ctrl-C: the main thread raises KeyboardInterrupt at its next eval-breaker check, or within
    // 50 ms when it is blocked in a sleep or a lock wait; a second Ctrl-C ends the run at once.
    let interrupts = 0;
    const onSigint = () => {
      interrupts++;
      if (heap === null || interrupts > 1) {
        writeErr("\nKeyboardInterrupt\n");
        finish(EXIT_INTERRUPTED, null);
        return;
      }
      Atomics.or(heap.i32, threadStateOf(heap.i32, 0) + TS_EVAL_BREAKER, EB_SIGINT);
    };
    process.on("SIGINT", onSigint);
    const main = startWorker({ role: "main", job, t0 });
    workers.push(main);
    main.on("message", (m: WorkerMessage) => onMessage(main, m));
    main.on("error", (e) => crashed({ error: e.message, stack: e.stack ?? "" }));
    main.on("exit", (code) => {
      if (finishMain === null && !finished) crashed({ error: `the main thread's worker exited with code ${code}`, stack: "" });
    });
  });
}
