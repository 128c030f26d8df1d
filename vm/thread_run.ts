/**
 * Running one Python thread on a pooled worker: take the GIL, call the thread's function, report
 * an escaped exception as CPython's _thread does, release the join sentinels, give the GIL back.
 * The worker's interpreter (its frame region, caches and allocator) is reused by the next thread.
 */
import type { Interpreter, StateEvent } from "./interpreter.js";
import { PyThrow } from "./interpreter.js";
import { NULL, type Ref } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import { T } from "../runtime/types.js";
import { tupleItems } from "../runtime/tuple.js";
import { readStr } from "../runtime/str.js";
import { intern } from "../runtime/intern.js";
import { SH_LIVE_THREADS } from "../runtime/gil.js";
import { EB_SETTLE, threadStateOf, ThreadRunState, TS_EVAL_BREAKER, TS_IDENT, TS_NAME } from "../runtime/heap.js";
import { formatException } from "./exceptions.js";
import { lockHeld, releaseLock } from "./thread_module.js";
import { diff, snapshot, type ThreadStats } from "./stats.js";
import * as A from "./abstract.js";

export interface ThreadJobResult {
  stats: ThreadStats;
  events: StateEvent[] | null;
}

/** Runs the job tuple (func, args, kwargs) — owned, dropped here — as Python thread `n`. */
export function runThreadJob(vm: Interpreter, n: number, job: Ref): ThreadJobResult {
  const rt = vm.rt;
  const i32 = vm.i32;
  const ts = rt.alloc.ts;
  const before = snapshot(vm);
  const t0 = performance.now();
  vm.ident = n;
  i32[ts + TS_IDENT] = n;
  vm.acquireGil();
  i32[ts + TS_NAME] = intern(rt, `Thread-${n}`); // the intern table is shared: only with the GIL
  const [fn, args, kwargs] = tupleItems(rt, job);
  try {
    rt.decref(vm.callWithTuple(fn, args, kwargs === rt.None ? NULL : kwargs));
  } catch (e) {
    const exc = e instanceof PyThrow ? e.exc : e instanceof PyError ? vm.toException(e) : NULL;
    if (exc === NULL) throw e;
    // CPython's _thread: SystemExit ends the thread quietly; anything else is reported
    if (!A.isInstanceT(vm, exc, T.SystemExit)) vm.opts.writeErr(unhandledReport(vm, fn, exc));
    rt.decref(exc);
  } finally {
    for (const lock of vm.sentinels.splice(0)) {
      if (lockHeld(vm, lock)) releaseLock(vm, lock);
      rt.decref(lock);
    }
    rt.decref(job);
    if (vm.handledExc !== NULL) {
      rt.decref(vm.handledExc);
      vm.handledExc = NULL;
    }
  }
  rt.rc.mergeQueued(); // what other threads queued to us while we ran
  const name = i32[ts + TS_NAME] === NULL ? `Thread-${n}` : readStr(rt.heap, i32[ts + TS_NAME]);
  // Without a GIL, objects queued to us between that merge and parking stay queued: the next
  // thread on this worker merges them at its first eval-breaker check (the bit stays set), or
  // the teardown does. Merging them after parking would race with other threads' merges of our
  // parked objects (vm/brc.ts queueOrRunParked), which only the parked state makes safe.
  rt.rc.flushPerThread(); // per-thread counts go into the objects before this thread is gone
  vm.setState(ThreadRunState.EXITED);
  i32[ts + TS_NAME] = NULL;
  if (Atomics.sub(i32, vm.shared + SH_LIVE_THREADS, 1) === 2) {
    // the main thread is alone now: it may settle the objects counted per thread
    Atomics.or(i32, threadStateOf(i32, 0) + TS_EVAL_BREAKER, EB_SETTLE);
  }
  const stats = { ...diff(snapshot(vm), before), thread: n, worker: rt.tid, name, wall_ms: performance.now() - t0 };
  vm.releaseGil();
  return { stats, events: vm.events === null ? null : vm.events.splice(0) };
}

/** CPython's report of an exception that escaped a _thread thread (repr failures included). */
function unhandledReport(vm: Interpreter, fn: Ref, exc: Ref): string {
  let name: string;
  try {
    name = A.repr(vm, fn);
  } catch (e) {
    if (e instanceof PyThrow) vm.rt.decref(e.exc);
    else if (!(e instanceof PyError)) throw e;
    name = "<object repr() failed>";
  }
  return `Exception ignored in thread started by: ${name}\n${formatException(vm, exc, vm.sources)}`;
}
