/**
 * The counters of a run, as `--stats` prints them and `--stats-json` writes them. Every number
 * is counted where the thing happens (the refcount policy, the allocator, the eval loop).
 */
import type { Interpreter } from "./interpreter.js";

export interface ThreadStats {
  thread: number;
  name: string;
  instructions: number;
  incref: number;
  decref: number;
  immortal_skips: number;
  tagged_skips: number;
  allocs: number;
  frees: number;
  alloc_bytes: number;
  free_bytes: number;
  peak_live_bytes: number;
}

export interface RunStats {
  mode: string;
  refcount: string;
  threads: number;
  wall_ms: number;
  startup_ms: number;
  totals: Omit<ThreadStats, "thread" | "name"> & { live_objects: number; peak_heap_bytes: number };
  per_thread: ThreadStats[];
}

export function threadStats(vm: Interpreter, name: string): ThreadStats {
  const rc = vm.rt.rc.counters;
  const a = vm.rt.alloc.counters;
  return {
    thread: vm.rt.tid,
    name,
    instructions: vm.instructions,
    incref: rc.incref,
    decref: rc.decref,
    immortal_skips: rc.immortalSkips,
    tagged_skips: rc.taggedSkips,
    allocs: a.allocs,
    frees: a.frees,
    alloc_bytes: a.allocBytes,
    free_bytes: a.freeBytes,
    peak_live_bytes: a.peakLiveBytes,
  };
}

export function collectStats(vm: Interpreter, mode: string, wallMs: number): RunStats {
  const t = threadStats(vm, "MainThread");
  let live = 0;
  vm.rt.alloc.seal();
  vm.rt.heap.forEachLiveBlock((_ref, raw) => {
    if (!raw) live++;
  });
  const { thread: _t, name: _n, ...sums } = t;
  return {
    mode,
    refcount: vm.rt.rc.name,
    threads: 1,
    wall_ms: Math.round(wallMs * 1000) / 1000,
    startup_ms: 0,
    totals: { ...sums, live_objects: live, peak_heap_bytes: vm.rt.heap.top },
    per_thread: [t],
  };
}

const ROWS: [keyof RunStats["totals"], string][] = [
  ["instructions", "instructions executed"],
  ["incref", "increfs"],
  ["decref", "decrefs"],
  ["immortal_skips", "refcount ops skipped (immortal)"],
  ["tagged_skips", "refcount ops skipped (tagged int)"],
  ["allocs", "allocations"],
  ["frees", "frees"],
  ["live_objects", "live objects at exit"],
  ["peak_heap_bytes", "peak heap bytes"],
];

/** The --stats table. */
export function formatStats(s: RunStats): string {
  const lines = [`gilvm stats: mode=${s.mode} refcount=${s.refcount} threads=${s.threads} wall=${s.wall_ms.toFixed(1)} ms`];
  for (const [key, label] of ROWS) lines.push(`  ${label.padEnd(36)} ${String(s.totals[key]).padStart(14)}`);
  return lines.join("\n") + "\n";
}
