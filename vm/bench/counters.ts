/**
 * gilvm's counters (--stats-json totals) as the suites report them: medians over a
 * configuration's runs of refcount traffic and GIL waiting.
 */
import type { ConfigResult } from "./suite.js";
import { median } from "./stats.js";

export interface CounterMedians {
  /** Reference-count operations that changed a count, thread-local (plain) and shared (atomic). */
  rc_local: number;
  rc_shared: number;
  /** Operations on per-thread count tables (--shared-rc per-thread): plain, not atomic. */
  rc_per_thread: number;
  atomic_ops: number;
  immortal_skips: number;
  gil_acquisitions: number;
  gil_wait_ms: number;
  instructions: number;
  peak_heap_bytes: number;
  /** ProcessPoolExecutor's children, as gilvm counts them (0 where it reports none). */
  child_processes: number;
  child_peak_rss_bytes: number;
  threads: number;
}

type Totals = Record<string, number>;

/** The refcount operations that changed a count, however they were done. */
export function refcountOps(k: CounterMedians): number {
  return k.rc_local + k.rc_shared + k.rc_per_thread;
}

/** Medians of the counters over the runs that produced them; null for python3 or no stats. */
export function counterMedians(result: ConfigResult | undefined): CounterMedians | null {
  const runs = (result?.runs ?? []).filter((r) => r.ok && r.stats !== null);
  if (runs.length === 0) return null;
  const totals = runs.map((r) => r.stats!.totals as unknown as Totals);
  const m = (f: (t: Totals) => number) => median(totals.map(f));
  return {
    rc_local: m((t) => t.incref_local + t.decref_local),
    rc_shared: m((t) => t.incref_shared + t.decref_shared),
    rc_per_thread: m((t) => t.per_thread_ops ?? 0),
    atomic_ops: m((t) => t.atomic_ops),
    immortal_skips: m((t) => t.immortal_skips),
    gil_acquisitions: m((t) => t.gil_acquisitions),
    gil_wait_ms: m((t) => t.gil_wait_ms),
    instructions: m((t) => t.instructions),
    peak_heap_bytes: m((t) => t.peak_heap_bytes),
    child_processes: m((t) => t.child_processes ?? 0),
    child_peak_rss_bytes: m((t) => t.child_peak_rss_bytes ?? 0),
    threads: median(runs.map((r) => r.stats!.threads)),
  };
}
