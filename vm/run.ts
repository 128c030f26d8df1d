/**
 * Running a program from source to exit code: compile, run the module body, report an uncaught
 * exception as CPython does, tear down (clear __main__ and sys.modules as CPython's finalisation
 * does), and — with the sanitizer — check that nothing but immortal objects is left.
 */
import { parse } from "./parser.js";
import { compile } from "./compiler.js";
import { PySyntaxError, formatSyntaxError } from "./syntax_error.js";
import { createWorld } from "./bootstrap.js";
import { Interpreter, PyThrow, type StateEvent, type ThreadHost } from "./interpreter.js";
import { materializeCode } from "../runtime/code.js";
import { dictGetStrRef, dictPopEntry, dictSet, newDict, dictEntriesUnshared, releasePairs } from "../runtime/dict.js";
import { intern } from "../runtime/intern.js";
import { SanitizerError, type Runtime } from "../runtime/context.js";
import type { Site } from "../runtime/sanitizer_site.js";
import type { RefcountPolicyName } from "../runtime/refcount.js";
import { NULL, type Ref, type Value } from "../runtime/layout.js";
import { T } from "../runtime/types.js";
import { PyError } from "../runtime/py_error.js";
import { EXC_ARGS } from "../runtime/instance.js";
import { tupleItems } from "../runtime/tuple.js";
import { formatException } from "./exceptions.js";
import { MOD_DICT, newModule } from "./modules.js";
import { findLeaks } from "./leak_check.js";
import { auditRefcounts } from "./refcount_audit.js";
import { snapshot, type HeapTotals, type ThreadStats } from "./stats.js";
import { SH_FINALIZING, SH_IMMORTALIZED, SH_LIVE_THREADS } from "../runtime/gil.js";
import { EB_FINALIZE, G_THREADS, MAX_THREADS, ThreadRunState, TS_EVAL_BREAKER, TS_NAME, TS_STATE, threadStateOf } from "../runtime/heap.js";
import * as A from "./abstract.js";

export interface RunOptions {
  source: string;
  filename: string;
  argv: string[];
  mode: "gil" | "nogil";
  sanitize: boolean;
  heapMb: number;
  write: (s: string) => void;
  writeErr: (s: string) => void;
  /** Allows `import _gilvm_test` (see vm/test_hooks.ts). */
  testHooks?: boolean;
  /** The refcount policy (default plain) and immortality (default on): the ablations. */
  refcount?: RefcountPolicyName;
  immortal?: boolean;
  /** Under biased refcounting: atomic shared counts (default) or per-thread counts of hot objects. */
  sharedRc?: "atomic" | "per-thread";
  /** Record state changes for --trace. */
  trace?: boolean;
  /** The supervisor's side: starts threads (without one, starting a thread is an error). */
  host?: ThreadHost;
  /** Called with the heap once it exists, before any Python runs (so threads can join it). */
  onWorld?: (sab: SharedArrayBuffer) => void;
}

/** One verdict of the memory-safety checker, as data (the CLI's --findings-json writes a list). */
export interface Finding {
  kind: "leak" | "cycle" | "use-after-free" | "double-free" | "refcount";
  /** The report as printed on stderr. */
  message: string;
  /** The object's type name (a leak or cycle report: the most common type among the objects). */
  type?: string;
  /** The object's id: its address in the heap. */
  id?: number;
  /** use-after-free, double-free: the thread, file and line that touched the freed object. */
  thread?: string;
  file?: string | null;
  line?: number | null;
  /** use-after-free, double-free: where it was freed (null for a raw block) and touched. */
  freedAt?: Site | null;
  touchedAt?: Site;
  /** refcount: the object's count, the references to it found, and which way they differ. */
  count?: number;
  found?: number;
  verdict?: "too high" | "too low";
  /** leak, cycle: how many objects of each type. */
  types?: Record<string, number>;
}

/** A sanitizer error as a finding. */
export function sanitizerFinding(e: SanitizerError): Finding {
  const at = e.touchedAt;
  return {
    kind: e.finding, message: e.report(), type: e.typeName, id: e.id,
    thread: at.thread, file: at.file, line: at.line, freedAt: e.freedAt, touchedAt: at,
  };
}

export interface RunResult {
  exitCode: number;
  /** The main thread's counters (the supervisor adds the other threads' rows). */
  main: ThreadStats;
  heap: HeapTotals;
  findings: Finding[];
  events: StateEvent[] | null;
}

/** Exit code for a SystemExit, printing its message as CPython does. */
function systemExitCode(vm: Interpreter, exc: Ref, writeErr: (s: string) => void): number {
  const rt = vm.rt;
  const args = vm.i32[(exc >> 2) + EXC_ARGS];
  const items = args === NULL ? [] : tupleItems(rt, args);
  if (items.length === 0) return 0;
  const code = items.length === 1 ? items[0] : args;
  if (code === rt.None) return 0;
  if (A.numKind(vm, code) === 0) return Number(BigInt.asIntN(32, A.bigOf(vm, code))) & 0xff;
  writeErr(A.str(vm, code) + "\n");
  return 1;
}

export function runSource(opts: RunOptions): RunResult {
  const t0 = performance.now();
  const world = createWorld(opts.heapMb * 1024 * 1024, { sanitize: opts.sanitize, refcount: opts.refcount, immortal: opts.immortal, freeThreaded: opts.mode === "nogil", sharedRc: opts.sharedRc });
  const { rt } = world;
  opts.onWorld?.(world.heap.sab);
  const vm = new Interpreter(rt, world.builtins, world.modules, {
    write: opts.write,
    writeErr: opts.writeErr,
    argv: opts.argv,
    mode: opts.mode,
    testHooks: opts.testHooks === true,
    trace: opts.trace === true,
  });
  vm.host = opts.host ?? null;
  vm.onAlone = () => mergeAllQueues(vm);
  vm.i32[rt.alloc.ts + TS_NAME] = intern(rt, "MainThread");
  Atomics.store(vm.i32, vm.shared + SH_LIVE_THREADS, 1);
  vm.acquireGil();
  const findings: Finding[] = [];
  const finish = (exitCode: number): RunResult => {
    vm.setState(ThreadRunState.EXITED);
    return {
      exitCode,
      findings,
      main: { ...snapshot(vm), thread: 0, worker: rt.tid, name: "MainThread", wall_ms: performance.now() - t0 },
      heap: heapStats(vm),
      events: vm.events,
    };
  };

  let codeRef: Ref;
  try {
    const spec = compile(parse(opts.source, opts.filename), opts.filename, opts.source);
    codeRef = materializeCode(rt, spec);
  } catch (e) {
    if (e instanceof PySyntaxError) {
      opts.writeErr(formatSyntaxError(e));
      return finish(1);
    }
    throw e;
  }

  vm.sources.set(opts.filename, opts.source);
  const globals = newDict(rt);
  dictSet(rt, globals, intern(rt, "__name__"), intern(rt, "__main__"));
  dictSet(rt, globals, intern(rt, "__file__"), intern(rt, opts.filename));
  const main = newModule(vm, "__main__", globals);
  dictSet(rt, world.modules, intern(rt, "__main__"), main);
  rt.decref(main);

  let exitCode = 0;
  try {
    try {
      rt.decref(vm.runModule(codeRef, globals));
    } catch (e) {
      const exc = e instanceof PyThrow ? e.exc : e instanceof PyError ? vm.toException(e) : NULL;
      if (exc === NULL) throw e;
      if (A.isInstanceT(vm, exc, T.SystemExit)) exitCode = systemExitCode(vm, exc, opts.writeErr);
      else {
        opts.writeErr(formatException(vm, exc, vm.sources));
        // CPython ends an uncaught Ctrl-C by the signal itself: a shell sees 128 + SIGINT
        exitCode = A.isInstanceT(vm, exc, T.KeyboardInterrupt) ? 130 : 1;
      }
      rt.decref(exc);
    }
    // As CPython's Py_FinalizeEx: wait for the non-daemon threads (threading._shutdown), then
    // keep the GIL for good, so daemon threads never run again, and tear down.
    waitForThreads(vm, opts.writeErr);
    Atomics.store(vm.i32, vm.shared + SH_FINALIZING, 1);
    if (vm.gil === null) stopDaemonThreads(vm);
    teardown(vm, globals, world.modules);
    rt.decref(globals);
  } catch (e) {
    if (e instanceof SanitizerError) {
      opts.writeErr(e.report() + "\n");
      findings.push(sanitizerFinding(e));
      return finish(4);
    }
    throw e;
  }
  if (opts.sanitize) {
    const audit = auditRefcounts(rt); // first: the leak report's reprs may run Python code
    const report = [...leakReport(vm), ...audit];
    findings.push(...report);
    for (const f of report) opts.writeErr(f.message + "\n");
    // cycles are reported, not failed: gilvm has no cycle collector to blame them on the program
    if (report.some((f) => f.kind !== "cycle")) exitCode = 4;
  }
  return finish(exitCode);
}

/** Calls threading._shutdown() when the program used threading (it joins non-daemon threads). */
function waitForThreads(vm: Interpreter, writeErr: (s: string) => void): void {
  const rt = vm.rt;
  const threading = dictGetStrRef(rt, vm.modules, "threading"); // no allocation: the heap may be full
  if (threading === NULL) return;
  const shutdown = A.getAttrOrNull(vm, threading, intern(rt, "_shutdown"));
  rt.decref(threading);
  if (shutdown === NULL) return;
  try {
    rt.decref(vm.call(shutdown, []));
  } catch (e) {
    const exc = e instanceof PyThrow ? e.exc : e instanceof PyError ? vm.toException(e) : NULL;
    if (exc === NULL) throw e;
    writeErr(formatException(vm, exc, vm.sources));
    rt.decref(exc);
  } finally {
    rt.decref(shutdown);
  }
}

/**
 * Without a GIL to keep, daemon threads still running at finalization are stopped another way,
 * as free-threaded CPython hangs them when they next attach: each is told through its eval
 * breaker (or, when it wakes from a blocking wait, by the finalizing flag) to park for good, and
 * the main thread waits until none runs Python code any more, so teardown is alone in the heap.
 */
function stopDaemonThreads(vm: Interpreter): void {
  const i32 = vm.i32;
  const running = (tid: number): boolean => {
    const ts = threadStateOf(i32, tid);
    const state = Atomics.load(i32, ts + TS_STATE);
    return state === ThreadRunState.RUNNING || state === ThreadRunState.GIL_WAIT;
  };
  const others: number[] = [];
  for (let tid = 0; tid < MAX_THREADS; tid++) {
    if (tid === vm.rt.tid || i32[G_THREADS + tid] === 0) continue;
    Atomics.or(i32, threadStateOf(i32, tid) + TS_EVAL_BREAKER, EB_FINALIZE);
    others.push(tid);
  }
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (others.some(running)) Atomics.wait(pause, 0, 0, 1);
}

/** Live objects and heap sizes at exit (the heap walk sees every thread's blocks). */
function heapStats(vm: Interpreter): RunResult["heap"] {
  let live = 0;
  vm.rt.alloc.seal();
  vm.rt.heap.forEachLiveBlock((_ref, raw) => {
    if (!raw) live++;
  });
  const immortalized = Math.max(0, Atomics.load(vm.i32, vm.shared + SH_IMMORTALIZED) - 1);
  return {
    live_objects: live, peak_heap_bytes: vm.rt.heap.top, peak_live_bytes: vm.rt.alloc.counters.peakLiveBytes,
    immortalized_at_thread_start: immortalized,
  };
}

function teardown(vm: Interpreter, globals: Ref, modules: Ref): void {
  const rt = vm.rt;
  // the main thread's own join sentinel (threading made one at import) goes with it
  for (const lock of vm.sentinels.splice(0)) rt.decref(lock);
  if (vm.handledExc !== NULL) {
    rt.decref(vm.handledExc);
    vm.handledExc = NULL;
  }
  emptyDict(rt, globals);
  // module dicts hold the module's functions, which hold the module's globals: clear them too
  for (const [, m] of dictEntriesUnshared(rt, modules)) { // every other thread is parked now
    const d = vm.i32[(m >> 2) + MOD_DICT];
    if (d !== globals) emptyDict(rt, d);
  }
  emptyDict(rt, modules);
  vm.preallocatedMemoryError();
  // biased refcounting: objects still queued to any thread (the others are parked now: we hold
  // the GIL for good) are merged, so the leak check sees their true counts
  // (freeing a merged object can queue the objects it held to their owners: repeat until none)
  // and objects counted per thread (--shared-rc=per-thread) are settled, which can free more
  mergeAllQueues(vm);
}

/**
 * Merges every thread's biased-refcount queue and settles the per-thread counted objects, until
 * neither frees anything more — only while every other thread is parked: at exit, or when the
 * main thread is alone again (Interpreter's eval breaker, EB_SETTLE).
 */
export function mergeAllQueues(vm: Interpreter): void {
  const rt = vm.rt;
  for (let merged = 1; merged > 0; ) {
    merged = 0;
    // thread slots fill in the order workers finish loading, not by tid: look at every one
    for (let tid = 0; tid < MAX_THREADS; tid++) if (vm.i32[G_THREADS + tid] !== 0) merged += rt.rc.mergeQueued(tid);
    merged += rt.rc.settlePerThread();
  }
}

/**
 * Empties a dict without allocating — a program stopped by MemoryError leaves the heap full, and
 * the sanitizer's quarantine keeps freed blocks from being reused — then drops its entries in
 * insertion order, as clearing it would.
 */
function emptyDict(rt: Runtime, d: Ref): void {
  const taken: [Value, Value][] = [];
  for (let e = dictPopEntry(rt, d, "last"); e !== null; e = dictPopEntry(rt, d, "last")) taken.push([e[0], e[1]]);
  releasePairs(rt, taken.reverse());
}

function leakReport(vm: Interpreter): Finding[] {
  const rt = vm.rt;
  const { leaked, cycles } = findLeaks(rt);
  const out: Finding[] = [];
  const describe = (refs: Ref[]) => {
    const byType = new Map<string, number>();
    for (const r of refs) {
      const t = rt.typeNameOf(r);
      byType.set(t, (byType.get(t) ?? 0) + 1);
    }
    const sorted = [...byType.entries()].sort((a, b) => b[1] - a[1]);
    const types = sorted.map(([t, n]) => `${t}: ${n}`).join(", ");
    const examples = refs.slice(0, 3).map((r) => {
      let text: string;
      try {
        text = A.repr(vm, r);
      } catch (e) {
        if (e instanceof PyThrow) rt.decref(e.exc);
        text = "?";
      }
      if (text.length > 60) text = text.slice(0, 57) + "...";
      return `    0x${r.toString(16)} ${rt.typeNameOf(r)} refcount=${rt.rc.count(r)} ${text}`;
    });
    return { types, examples, data: { type: sorted[0][0], types: Object.fromEntries(sorted) } };
  };
  if (leaked.length > 0) {
    const { types, examples, data } = describe(leaked);
    out.push({ kind: "leak", message: `gilvm: leak: ${leaked.length} object${leaked.length === 1 ? "" : "s"} still alive at exit (${types})\n${examples.join("\n")}`, ...data });
  }
  if (cycles.length > 0) {
    const { types, data } = describe(cycles);
    out.push({ kind: "cycle", message: `gilvm: cycles: ${cycles.length} object${cycles.length === 1 ? "" : "s"} kept alive only by reference cycles (${types}); gilvm has no cycle collector yet`, ...data });
  }
  return out;
}
