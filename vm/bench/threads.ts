/**
 * `gilvm bench threads`: the talk's ThreadPoolExecutor program (8 × do_work) on pools of 1, 2,
 * 4 and 8 threads, the same total work at every size, under --gil, --nogil and python3 → the
 * speed-up curves (the talk: ~3× with 8 threads, CPython 3.14t vs 3.14).
 */
import { COLORS, renderLineChart, type Series } from "./chart_svg.js";
import { counterMedians, refcountOps } from "./counters.js";
import { fixed, seconds, share, times } from "./format.js";
import { RUN_MODES } from "./modes.js";
import { ratio, type Summary } from "./stats.js";
import {
  available, baseReport, coreWarnings, failure, find, runInterleaved, runsFor, summaryOf,
  type Config, type ConfigResult, type Suite, type SuiteContext, type SuiteReport,
} from "./suite.js";

const TASKS = 8;
export const SPEEDUP_GOAL = 1.8;
export const LINEAR_TOLERANCE = 0.95;

export function threadCounts(quick: boolean): number[] {
  return quick ? [1, 2] : [1, 2, 4, 8];
}

/**
 * The talk's own size, do_work()'s default n = 10,000,000 (~12 s a run under --gil). Smaller
 * sizes measure gilvm's fixed costs more than its threads: every Python thread is a worker
 * that loads and JIT-compiles the VM (~0.1 s of CPU each), which --gil hides on the core its
 * GIL leaves idle and --nogil pays on the cores its threads need.
 */
export const TALK_N = 10_000_000;

function workSize(quick: boolean): number {
  return quick ? 2000 : TALK_N;
}

export function threadsConfigs(quick: boolean): Config[] {
  const n = workSize(quick);
  return threadCounts(quick).flatMap((w) => RUN_MODES.map((m) => ({
    id: `${m.id}/${w}`,
    label: `${m.label}, ${w} thread${w === 1 ? "" : "s"}`,
    spec: { runtime: m.runtime, flags: m.flags, program: "bench/talk_pool.py", args: [String(n), String(w), String(TASKS)] },
    threads: w,
    params: { mode: m.id, threads: w },
  })));
}

export interface ThreadsRow {
  threads: number;
  gil_ms: Summary | null;
  nogil_ms: Summary | null;
  python3_ms: Summary | null;
  /** --gil time ÷ --nogil time at this pool size (the talk's ratio). */
  nogil_vs_gil: number | null;
  /** Over the --gil one-thread run (so --nogil's single-thread cost counts against it). */
  gil_speedup: number | null;
  nogil_speedup: number | null;
  /** Over --nogil's own one-thread run: how it scales. */
  nogil_scaling: number | null;
  python3_speedup: number | null;
  gil_wait_ms: number | null;
  nogil_shared_share: number | null;
}

export function threadsRows(results: ConfigResult[], quick: boolean): ThreadsRow[] {
  const wall = (id: string) => summaryOf(find(results, id), (r) => r.wall_ms);
  const gil1 = wall("gil/1");
  const nogil1 = wall("nogil/1");
  const py1 = wall("python3/1");
  return threadCounts(quick).map((w) => {
    const [g, ng, py] = [wall(`gil/${w}`), wall(`nogil/${w}`), wall(`python3/${w}`)];
    const kg = counterMedians(find(results, `gil/${w}`));
    const kn = counterMedians(find(results, `nogil/${w}`));
    return {
      threads: w, gil_ms: g, nogil_ms: ng, python3_ms: py,
      nogil_vs_gil: ratio(g, ng), gil_speedup: ratio(gil1, g), nogil_speedup: ratio(gil1, ng),
      nogil_scaling: ratio(nogil1, ng), python3_speedup: ratio(py1, py),
      gil_wait_ms: kg?.gil_wait_ms ?? null,
      nogil_shared_share: kn === null ? null : kn.rc_shared / Math.max(1, refcountOps(kn)),
    };
  });
}

function speedupChart(rows: ThreadsRow[], cores: number, pythonVersion: string | null, n: number): string {
  const pts = (f: (r: ThreadsRow) => number | null): [number, number][] =>
    rows.flatMap((r) => { const v = f(r); return v === null ? [] : [[r.threads, v] as [number, number]]; });
  const series: Series[] = [
    { name: "gilvm --nogil", points: pts((r) => r.nogil_speedup), color: COLORS.red },
    { name: "gilvm --gil", points: pts((r) => r.gil_speedup), color: COLORS.blue },
  ];
  if (pythonVersion !== null) series.push({ name: `python3 ${pythonVersion} (GIL)`, points: pts((r) => r.python3_speedup), color: COLORS.purple });
  series.push(
    { name: "ideal (linear)", points: rows.map((r) => [r.threads, r.threads]), color: COLORS.gray, dashed: true, markers: false },
    { name: `ideal on ${cores} cores`, points: rows.map((r) => [r.threads, Math.min(r.threads, cores)]), color: COLORS.olive, dashed: true, markers: false },
  );
  return renderLineChart({
    title: "Speed-up vs threads: the talk's ThreadPoolExecutor program",
    subtitle: `${TASKS} × do_work(${n.toLocaleString("en-US")}), whole-process time; gilvm over its --gil 1-thread run, python3 over its own; ${cores} cores`,
    xLabel: "threads in the pool", yLabel: "speed-up (×)", xLog2: true, series,
  });
}

export const threads: Suite = {
  name: "threads",
  description: "the talk's ThreadPoolExecutor program on 1, 2, 4, 8 threads under --gil, --nogil and python3",
  defaultRuns: 3,
  inAll: true,
  async run(ctx: SuiteContext): Promise<SuiteReport> {
    const runs = runsFor(ctx, this);
    const configs = available(ctx, threadsConfigs(ctx.quick));
    const results = await runInterleaved(ctx, this.name, configs, runs);
    const report = baseReport(ctx, this, "Threads: speed-up of the talk's CPU-bound thread pool", results, runs);
    const rows = threadsRows(results, ctx.quick);
    const cores = ctx.header.cores;
    const n = workSize(ctx.quick);
    report.results = { tasks: TASKS, n, rows };
    report.notes.push(...coreWarnings(configs, cores));
    report.tables.push({
      title: `Threads: ${TASKS} × do_work(${n.toLocaleString("en-US")}) on a pool of N threads, whole-process wall time, median (min–max) of ${runs} interleaved runs`,
      head: ["threads", "gilvm --gil", "gilvm --nogil", "--nogil speed-up over --gil", "--nogil scaling", "python3", "python3 scaling", "GIL wait (--gil)", "atomic share (--nogil)"],
      rows: rows.map((r) => [
        String(r.threads), seconds(r.gil_ms), seconds(r.nogil_ms), times(r.nogil_vs_gil), times(r.nogil_scaling),
        seconds(r.python3_ms), times(r.python3_speedup),
        r.gil_wait_ms === null ? "n/a" : `${fixed(r.gil_wait_ms / 1000, 2)} s`,
        r.nogil_shared_share === null ? "n/a" : share(r.nogil_shared_share, 1),
      ]),
      notes: [
        "scaling: the configuration's own 1-thread time ÷ its N-thread time (ideal: N up to the core count)",
        "GIL wait: the threads' total time waiting for the GIL; atomic share: refcount operations that went to the shared (atomic) count",
        ...coreWarnings(configs, cores),
        ...results.map((r) => failure(r) === null ? null : `${r.label} failed: ${failure(r)}`).filter((x): x is string => x !== null),
      ],
    });
    report.charts.push({ file: "threads_speedup.svg", title: "Speed-up vs threads", svg: speedupChart(rows, cores, ctx.header.python, n) });

    const multi = rows.filter((r) => r.threads >= 2);
    const worst = multi.reduce<number | null>((m, r) => (r.nogil_vs_gil === null ? m : m === null ? r.nogil_vs_gil : Math.min(m, r.nogil_vs_gil)), null);
    report.goals.push({
      goal: `--nogil ≥ ${SPEEDUP_GOAL}× --gil at 2 or more threads`,
      measured: multi.map((r) => `${r.threads} threads: ${times(r.nogil_vs_gil)}`).join(", "),
      met: worst === null || multi.some((r) => r.nogil_vs_gil === null) ? null : worst >= SPEEDUP_GOAL,
    });
    const upToCores = rows.filter((r) => r.threads > 1 && r.threads <= cores);
    report.goals.push({
      goal: `--nogil within ${Math.round((1 - LINEAR_TOLERANCE) * 100)} % of linear up to the core count (${cores})`,
      measured: upToCores.map((r) => `${r.threads} threads: ${times(r.nogil_scaling)} of ${r.threads}×`).join(", ") || "n/a",
      met: upToCores.length === 0 || upToCores.some((r) => r.nogil_scaling === null) ? null :
        upToCores.every((r) => r.nogil_scaling! >= LINEAR_TOLERANCE * r.threads),
    });
    return report;
  },
};
