/**
 * The counters of a run, as `--stats` prints them and `--stats-json` writes them. Every number
 * is counted where the thing happens (the refcount policy, the allocator, the eval loop, the
 * GIL). Each Python thread reports its own row; a pooled worker that runs several Python
 * threads one after another reports the difference of its counters over each.
 */
import type { Interpreter } from "./interpreter.js";
import { poolCounters } from "./pool_counters.js";

/** The counters a thread reports (all numbers; summed into the totals). */
export interface Counters {
  instructions: number;
  /** incref = incref_local + incref_shared; decref likewise. */
  incref: number;
  decref: number;
  incref_local: number;
  incref_shared: number;
  decref_local: number;
  decref_shared: number;
  immortal_skips: number;
  tagged_skips: number;
  merges: number;
  queued: number;
  /** Every Atomics read-modify-write: refcounts, object locks, the allocator's shared lists. */
  atomic_ops: number;
  /** Refcount operations counted in a per-thread table, and objects switched to it (--shared-rc=per-thread). */
  per_thread_ops: number;
  promotions: number;
  /** Per-object (container) locks taken, and how many of them were held by another thread. */
  lock_acquires: number;
  lock_contended: number;
  /** Blocks freed by a thread that did not allocate them (sent back through the owner's delayed-free list). */
  cross_thread_frees: number;
  /** Frees whose block waited for a QSBR grace period before reuse (free-threaded runs). */
  deferred_frees: number;
  allocs: number;
  frees: number;
  alloc_bytes: number;
  free_bytes: number;
  gil_acquisitions: number;
  gil_wait_ms: number;
  gil_drop_requests: number;
  gil_forced_switches: number;
  /** Process pool children that ended, and the sum of their peak RSS (vm/modules/process.ts). */
  child_processes: number;
  child_peak_rss_bytes: number;
}

export interface ThreadStats extends Counters {
  /** The Python thread's ident number (0: the main thread) and the worker it ran on. */
  thread: number;
  worker: number;
  name: string;
  wall_ms: number;
}

/** What only the heap can tell at exit. */
export interface HeapTotals {
  live_objects: number;
  peak_heap_bytes: number;
  peak_live_bytes: number;
  /** Objects made immortal when the first extra thread started (CPython 3.13t's rule). */
  immortalized_at_thread_start: number;
}

export interface RunStats {
  mode: string;
  refcount: string;
  threads: number;
  wall_ms: number;
  startup_ms: number;
  cores: number;
  totals: Counters & HeapTotals;
  per_thread: ThreadStats[];
}

/** The counters of this interpreter's thread so far. */
export function snapshot(vm: Interpreter): Counters {
  const rc = vm.rt.rc.counters;
  const a = vm.rt.alloc.counters;
  const g = vm.gil?.counters;
  return {
    instructions: vm.instructions,
    incref: rc.increfLocal + rc.increfShared,
    decref: rc.decrefLocal + rc.decrefShared,
    incref_local: rc.increfLocal,
    incref_shared: rc.increfShared,
    decref_local: rc.decrefLocal,
    decref_shared: rc.decrefShared,
    immortal_skips: rc.immortalSkips,
    tagged_skips: rc.taggedSkips,
    merges: rc.merges,
    queued: rc.queued,
    atomic_ops: rc.atomicOps + vm.rt.locks.counters.atomicOps + a.atomicOps,
    per_thread_ops: rc.perThreadOps,
    promotions: rc.promotions,
    lock_acquires: vm.rt.locks.counters.lockAcquires,
    lock_contended: vm.rt.locks.counters.lockContended,
    cross_thread_frees: a.crossThreadFrees,
    deferred_frees: a.deferredFrees,
    allocs: a.allocs,
    frees: a.frees,
    alloc_bytes: a.allocBytes,
    free_bytes: a.freeBytes,
    gil_acquisitions: g?.acquisitions ?? 0,
    gil_wait_ms: g?.waitMs ?? 0,
    gil_drop_requests: g?.dropRequests ?? 0,
    gil_forced_switches: g?.forcedSwitches ?? 0,
    child_processes: poolCounters.childProcesses,
    child_peak_rss_bytes: poolCounters.childPeakRssBytes,
  };
}

const COUNTER_KEYS: (keyof Counters)[] = [
  "instructions", "incref", "decref", "incref_local", "incref_shared", "decref_local", "decref_shared",
  "immortal_skips", "tagged_skips", "merges", "queued", "atomic_ops", "per_thread_ops", "promotions", "lock_acquires", "lock_contended",
  "cross_thread_frees", "deferred_frees", "allocs", "frees", "alloc_bytes",
  "free_bytes", "gil_acquisitions", "gil_wait_ms", "gil_drop_requests", "gil_forced_switches",
  "child_processes", "child_peak_rss_bytes",
];

export function diff(now: Counters, before: Counters): Counters {
  const out = {} as Counters;
  for (const k of COUNTER_KEYS) out[k] = now[k] - before[k];
  return out;
}

/** The counters of every row added up (only the counters: not a row's name or ids). */
function sum(rows: Counters[]): Counters {
  const out = {} as Counters;
  for (const k of COUNTER_KEYS) out[k] = rows.reduce((s, r) => s + r[k], 0);
  return out;
}

export function combineStats(
  mode: string, refcount: string, wallMs: number, startupMs: number, cores: number,
  perThread: ThreadStats[], heap: HeapTotals,
): RunStats {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const rows = perThread.map((r) => ({ ...r, gil_wait_ms: round(r.gil_wait_ms), wall_ms: round(r.wall_ms) }));
  const totals = sum(rows);
  totals.gil_wait_ms = round(totals.gil_wait_ms);
  return {
    mode, refcount, threads: rows.length, wall_ms: round(wallMs), startup_ms: round(startupMs), cores,
    totals: { ...totals, ...heap }, per_thread: rows,
  };
}

const ROWS: [keyof RunStats["totals"], string][] = [
  ["instructions", "instructions executed"],
  ["incref", "increfs"],
  ["incref_local", "  of them thread-local (plain)"],
  ["incref_shared", "  of them shared (atomic)"],
  ["decref", "decrefs"],
  ["decref_local", "  of them thread-local (plain)"],
  ["decref_shared", "  of them shared (atomic)"],
  ["merges", "biased-count merges"],
  ["queued", "objects queued to their owner"],
  ["atomic_ops", "atomic operations (all Atomics RMW)"],
  ["per_thread_ops", "refcount ops in per-thread tables"],
  ["promotions", "objects promoted to per-thread counts"],
  ["lock_acquires", "object locks taken (containers)"],
  ["lock_contended", "  of them contended"],
  ["immortal_skips", "refcount ops skipped (immortal)"],
  ["tagged_skips", "refcount ops skipped (tagged int)"],
  ["allocs", "allocations"],
  ["frees", "frees"],
  ["cross_thread_frees", "  of them cross-thread"],
  ["deferred_frees", "  of them deferred (QSBR)"],
  ["live_objects", "live objects at exit"],
  ["peak_heap_bytes", "peak heap bytes"],
  ["immortalized_at_thread_start", "made immortal at first thread start"],
  ["gil_acquisitions", "GIL acquisitions"],
  ["gil_wait_ms", "time waiting for the GIL (ms)"],
  ["gil_drop_requests", "GIL drop requests"],
  ["gil_forced_switches", "GIL forced switches"],
  ["child_processes", "child processes (process pools)"],
  ["child_peak_rss_bytes", "  their peak RSS, summed (bytes)"],
];

/** The --stats table: totals, then one line per thread when there are several. */
export function formatStats(s: RunStats): string {
  const lines = [
    `gilvm stats: mode=${s.mode} refcount=${s.refcount} threads=${s.threads} wall=${s.wall_ms.toFixed(1)} ms startup=${s.startup_ms.toFixed(1)} ms cores=${s.cores}`,
  ];
  for (const [key, label] of ROWS) {
    if (key.startsWith("child_") && s.totals.child_processes === 0) continue; // no process pool ran
    lines.push(`  ${label.padEnd(36)} ${String(s.totals[key]).padStart(14)}`);
  }
  if (s.per_thread.length > 1) {
    lines.push(`  ${"thread".padEnd(24)} ${"instructions".padStart(13)} ${"GIL acq".padStart(8)} ${"GIL wait ms".padStart(12)} ${"drop req".padStart(9)} ${"forced".padStart(7)}`);
    for (const r of s.per_thread) {
      lines.push(`  ${r.name.slice(0, 24).padEnd(24)} ${String(r.instructions).padStart(13)} ${String(r.gil_acquisitions).padStart(8)} ${r.gil_wait_ms.toFixed(1).padStart(12)} ${String(r.gil_drop_requests).padStart(9)} ${String(r.gil_forced_switches).padStart(7)}`);
    }
  }
  return lines.join("\n") + "\n";
}
