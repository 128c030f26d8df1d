/**
 * `gilvm bench mixed`: the talk's mixed workload. Simulated API requests (2 ms of CPU work,
 * then 8 ms of time.sleep: 80 % I/O) served by 1 … 32 workers as GIL threads, free threads
 * (--nogil) and processes (ProcessPoolExecutor: each child its own gilvm and heap) → the
 * requests per second each sustains, and the peak memory it took (the process tree's peak
 * resident memory, sampled from /proc; gilvm's peak heap bytes from its counters).
 *
 * The CPU part is calibrated once per runtime (gilvm under --gil, python3), so every gilvm
 * configuration serves the same requests and python3's take the same time on python3.
 */
import { COLORS, renderLineChart, type Series } from "./chart_svg.js";
import { counterMedians } from "./counters.js";
import { mib, times, withSpread } from "./format.js";
import type { RunSpec, RuntimeName } from "./runner.js";
import { median, ratio, type Summary } from "./stats.js";
import {
  available, baseReport, coreWarnings, failure, find, runInterleaved, runsFor, summaryOf,
  type Config, type ConfigResult, type Suite, type SuiteContext, type SuiteReport,
} from "./suite.js";

const PROGRAM = "bench/mixed_server.py";
const CPU_MS = 2;
export const MIXED_SPEEDUP_GOAL = 1.8;
export const PROCESS_TOLERANCE = 0.9;

interface Server {
  id: string;
  label: string;
  runtime: RuntimeName;
  flags: string[];
  kind: "threads" | "processes";
  color: string;
  dashed: boolean;
}

const SERVERS: Server[] = [
  { id: "gil-threads", label: "gilvm GIL threads", runtime: "gilvm", flags: ["--gil"], kind: "threads", color: COLORS.blue, dashed: false },
  { id: "free-threads", label: "gilvm free threads", runtime: "gilvm", flags: ["--nogil"], kind: "threads", color: COLORS.red, dashed: false },
  { id: "processes", label: "gilvm processes", runtime: "gilvm", flags: ["--gil"], kind: "processes", color: COLORS.green, dashed: false },
  { id: "python3-threads", label: "python3 threads", runtime: "python3", flags: [], kind: "threads", color: COLORS.purple, dashed: true },
  { id: "python3-processes", label: "python3 processes", runtime: "python3", flags: [], kind: "processes", color: COLORS.brown, dashed: true },
];

export function workerCounts(quick: boolean): number[] {
  return quick ? [2] : [1, 2, 4, 8, 16, 32];
}

function durationS(quick: boolean): number {
  return quick ? 0.2 : 0.7;
}

/** The request each runtime serves: K iterations of the CPU part, then io_ms of sleep. */
interface Calibration {
  k: number;
  io_ms: number;
  /** The k of each calibration run (their median is used). */
  runs: number[];
}

async function calibrate(ctx: SuiteContext, runtime: RuntimeName, repeats: number): Promise<Calibration | string> {
  const spec: RunSpec = { runtime, flags: ["--gil"], program: PROGRAM, args: ["calibrate", String(CPU_MS)] };
  const ks: number[] = [];
  let ioMs = 0;
  for (let i = 0; i < repeats; i++) {
    const r = await ctx.runner.run(spec);
    if (!r.ok || r.values.k === undefined) return `calibration failed: ${r.error ?? "no k printed"}`;
    ks.push(r.values.k);
    ioMs = r.values.io_ms;
    ctx.progress(`[mixed] calibration (${runtime}): ${r.values.k} iterations take ${CPU_MS} ms`);
  }
  return { k: Math.round(median(ks)), io_ms: ioMs, runs: ks };
}

export function mixedConfigs(quick: boolean, calibration: Partial<Record<RuntimeName, Calibration>>): Config[] {
  return workerCounts(quick).flatMap((w) => SERVERS.flatMap((s) => {
    const cal = calibration[s.runtime];
    if (cal === undefined) return [];
    return [{
      id: `${s.id}/${w}`,
      label: `${s.label}, ${w} worker${w === 1 ? "" : "s"}`,
      spec: {
        runtime: s.runtime, flags: s.flags, program: PROGRAM, trackMemory: true, timeoutMs: 150_000,
        args: [s.kind, String(w), String(durationS(quick)), String(cal.k), String(cal.io_ms), String(quick ? 2 : 6)],
      },
      threads: w,
      params: { server: s.id, workers: w },
    }];
  }));
}

interface MixedRow {
  server: string;
  workers: number;
  rps: Summary | null;
  peak_rss_bytes: Summary | null;
  peak_heap_bytes: number | null;
  /** ProcessPoolExecutor's children as gilvm's stats count them (a cross-check of /proc's). */
  child_peak_rss_bytes: Summary | null;
  child_processes: number | null;
  processes: number | null;
  max_late_s: Summary | null;
  error: string | null;
}

function rowsOf(results: ConfigResult[], quick: boolean): MixedRow[] {
  return workerCounts(quick).flatMap((w) => SERVERS.map((s) => {
    const r = find(results, `${s.id}/${w}`);
    const okRuns = (r?.runs ?? []).filter((x) => x.ok);
    return {
      server: s.id, workers: w,
      rps: summaryOf(r, (x) => x.values.rps),
      peak_rss_bytes: summaryOf(r, (x) => x.peak_rss_bytes),
      peak_heap_bytes: counterMedians(r)?.peak_heap_bytes ?? null,
      child_peak_rss_bytes: summaryOf(r, (x) => (x.stats?.totals as unknown as Record<string, number> | undefined)?.child_peak_rss_bytes ?? null),
      child_processes: counterMedians(r)?.child_processes ?? null,
      processes: okRuns.length === 0 ? null : median(okRuns.map((x) => x.processes ?? Number.NaN)),
      max_late_s: summaryOf(r, (x) => x.values.max_late_s),
      error: failure(r),
    };
  }));
}

function lineChart(rows: MixedRow[], servers: Server[], f: (r: MixedRow) => number | null, title: string, subtitle: string, yLabel: string): string {
  const series: Series[] = servers.map((s) => ({
    name: rows.some((r) => r.server === s.id && r.error !== null) && !rows.some((r) => r.server === s.id && f(r) !== null) ? `${s.label} (failed)` : s.label,
    points: rows.filter((r) => r.server === s.id && f(r) !== null).map((r) => [r.workers, f(r)!] as [number, number]),
    color: s.color,
    dashed: s.dashed,
  }));
  return renderLineChart({ title, subtitle, xLabel: "workers (threads or processes)", yLabel, xLog2: true, series });
}

export const mixed: Suite = {
  name: "mixed",
  description: "the talk's mixed workload (80 % I/O, 20 % CPU) on 1…32 GIL threads, free threads and processes: requests/s and memory",
  defaultRuns: 3,
  inAll: true,
  async run(ctx: SuiteContext): Promise<SuiteReport> {
    const runs = runsFor(ctx, this);
    const calibration: Partial<Record<RuntimeName, Calibration>> = {};
    const calibrationErrors: string[] = [];
    for (const runtime of ["gilvm", "python3"] as RuntimeName[]) {
      if (runtime === "python3" && ctx.runner.launcher.python === null) continue;
      const c = await calibrate(ctx, runtime, ctx.quick ? 1 : 3);
      if (typeof c === "string") calibrationErrors.push(`${runtime}: ${c}`);
      else calibration[runtime] = c;
    }
    const configs = available(ctx, mixedConfigs(ctx.quick, calibration));
    const results = await runInterleaved(ctx, this.name, configs, runs);
    const report = baseReport(ctx, this, "Mixed workload: requests per second and memory, threads vs processes", results, runs);
    const rows = rowsOf(results, ctx.quick);
    const servers = SERVERS.filter((s) => calibration[s.runtime] !== undefined);
    const cores = ctx.header.cores;
    report.results = { cpu_ms: CPU_MS, duration_s: durationS(ctx.quick), calibration, rows };
    report.notes.push(...coreWarnings(configs, cores), ...calibrationErrors);

    const at = (server: string, w: number) => rows.find((r) => r.server === server && r.workers === w)!;
    const rpsCell = (r: MixedRow) => (r.error !== null && r.rps === null ? "failed" : withSpread(r.rps, 0));
    const errors = [...new Set(rows.filter((r) => r.error !== null).map((r) => `${SERVERS.find((s) => s.id === r.server)!.label}: ${r.error}`))];
    report.tables.push({
      title: `Mixed workload: requests per second (median (min–max) of ${runs} interleaved runs, ${durationS(ctx.quick)} s each after warm-up)`,
      head: ["workers", ...servers.map((s) => s.label)],
      rows: workerCounts(ctx.quick).map((w) => [String(w), ...servers.map((s) => rpsCell(at(s.id, w)))]),
      notes: [
        `a request: ${CPU_MS} ms of CPU (sum(i * i for i in range(k)), k calibrated per runtime: gilvm ${calibration.gilvm?.k ?? "n/a"}, python3 ${calibration.python3?.k ?? "n/a"}) then ${calibration.gilvm?.io_ms ?? 4 * CPU_MS} ms of time.sleep`,
        `the ceiling of one core: ${1000 / CPU_MS} requests/s; of ${cores} cores: ${(1000 / CPU_MS) * cores}; of the sleeps alone: ${Math.round(1000 / (5 * CPU_MS))} per worker`,
        ...errors,
        ...coreWarnings(configs, cores),
        ...calibrationErrors,
      ],
    });
    report.tables.push({
      title: "Mixed workload: peak memory (resident memory of the whole process tree, summed over its processes; gilvm's peak heap bytes)",
      head: ["workers", ...servers.map((s) => s.label), "heap: GIL threads", "heap: free threads", "gilvm's children (its own count)"],
      rows: workerCounts(ctx.quick).map((w) => {
        const pool = at("processes", w);
        return [
          String(w),
          ...servers.map((s) => { const r = at(s.id, w); return r.peak_rss_bytes === null ? (r.error !== null ? "failed" : "n/a") : `${mib(r.peak_rss_bytes.median)}${s.kind === "processes" && r.processes !== null ? ` (${r.processes} proc)` : ""}`; }),
          mib(at("gil-threads", w).peak_heap_bytes), mib(at("free-threads", w).peak_heap_bytes),
          pool.child_processes === null || pool.child_processes === 0 ? "n/a" : `${pool.child_processes} children, ${mib(pool.child_peak_rss_bytes?.median)}`,
        ];
      }),
      notes: [
        "resident memory is sampled every 100 ms from /proc (VmHWM of each process); processes: the parent and its children at the largest sample",
        "gilvm's children: child_processes and child_peak_rss_bytes from the pool parent's --stats-json",
      ],
    });

    const rpsOf = (server: string, w: number) => at(server, w).rps?.median ?? null;
    report.charts.push({
      file: "mixed_rps.svg", title: "Requests/s vs workers",
      svg: lineChart(rows, servers, (r) => r.rps?.median ?? null, "Mixed workload: requests per second vs workers",
        `${CPU_MS} ms CPU + ${4 * CPU_MS} ms sleep per request; ${cores} cores; dashed: python3 ${ctx.header.python ?? ""}`, "requests per second"),
    });
    report.charts.push({
      file: "mixed_memory.svg", title: "Peak memory vs workers",
      svg: lineChart(rows, servers, (r) => (r.peak_rss_bytes === null ? null : r.peak_rss_bytes.median / 2 ** 20), "Mixed workload: peak memory vs workers",
        "resident memory of the process tree (sum of each process's peak); dashed: python3", "peak resident memory (MiB)"),
    });

    const top = Math.max(...workerCounts(ctx.quick));
    const free = rpsOf("free-threads", top);
    const gil = rpsOf("gil-threads", top);
    const proc = rpsOf("processes", top);
    const r1 = free !== null && gil !== null ? free / gil : null;
    report.goals.push({
      goal: `free threads ≥ ${MIXED_SPEEDUP_GOAL}× GIL threads at ${top} workers (talk: 2.5× at 32 threads)`,
      measured: `${times(r1)} (${free?.toFixed(0) ?? "n/a"} vs ${gil?.toFixed(0) ?? "n/a"} requests/s)`,
      met: r1 === null ? null : r1 >= MIXED_SPEEDUP_GOAL,
    });
    const r2 = free !== null && proc !== null ? free / proc : null;
    report.goals.push({
      goal: `free threads within ${Math.round((1 - PROCESS_TOLERANCE) * 100)} % of processes at ${top} workers`,
      measured: proc === null ? `processes: ${at("processes", top).error ?? "no result"}` : `${times(r2)} of the processes' ${proc.toFixed(0)} requests/s`,
      met: r2 === null ? null : r2 >= PROCESS_TOLERANCE,
    });
    const memFree = at("free-threads", top).peak_rss_bytes;
    const memProc = at("processes", top).peak_rss_bytes;
    report.goals.push({
      goal: `free threads use less memory than processes at ${top} workers`,
      measured: memProc === null ? `processes: ${at("processes", top).error ?? "no result"}` : `${mib(memFree?.median)} vs ${mib(memProc.median)} (${times(ratio(memFree, memProc))})`,
      met: memFree === null || memProc === null ? null : memFree.median < memProc.median,
    });
    return report;
  },
};
