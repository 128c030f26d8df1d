/**
 * `gilvm bench demo` (what `npm start` runs): the talk's threaded program — 8 × do_work on a
 * ThreadPoolExecutor of 8 threads — under --gil and then --nogil, side by side: the speed-up,
 * and the counters that explain it (time spent waiting for the GIL; reference-count operations
 * that stayed thread-local vs went atomic). python3 runs it too where it exists.
 */
import { ANCHOR_CPYTHON_315 as A, TALK } from "./anchors.js";
import { counterMedians, refcountOps } from "./counters.js";
import { count, fixed, seconds, share, times } from "./format.js";
import { RUN_MODES } from "./modes.js";
import { ratio } from "./stats.js";
import {
  available, baseReport, coreWarnings, failure, find, runInterleaved, runsFor, summaryOf,
  type Config, type Suite, type SuiteContext, type SuiteReport,
} from "./suite.js";

function demoConfigs(quick: boolean): Config[] {
  // a few seconds a run: long enough for the threads' speed-up to outweigh their start-up
  const n = quick ? 5000 : 2_000_000;
  return RUN_MODES.map((m) => ({
    id: m.id, label: m.label,
    spec: { runtime: m.runtime, flags: m.flags, program: "programs/threads_talk_pool.py", args: [String(n)] },
    threads: 8,
    params: { mode: m.id, n },
  }));
}

export const demo: Suite = {
  name: "demo",
  description: "the headline demo: the talk's 8-thread ThreadPoolExecutor program under --gil, then --nogil, with the counters",
  defaultRuns: 1,
  inAll: false,
  async run(ctx: SuiteContext): Promise<SuiteReport> {
    const runs = runsFor(ctx, this);
    const configs = available(ctx, demoConfigs(ctx.quick));
    const results = await runInterleaved(ctx, this.name, configs, runs);
    const report = baseReport(ctx, this, "The talk's thread pool, with and without the GIL", results, runs);
    const wall = (id: string) => summaryOf(find(results, id), (r) => r.wall_ms);
    const speedup = ratio(wall("gil"), wall("nogil"));
    report.results = { n: configs[0].params.n, speedup, gil_ms: wall("gil"), nogil_ms: wall("nogil"), python3_ms: wall("python3") };
    report.tables.push({
      title: `8 × do_work(${Number(configs[0].params.n).toLocaleString("en-US")}) on ThreadPoolExecutor(max_workers=8): programs/threads_talk_pool.py`,
      head: ["", "wall time", "threads", "GIL acquisitions", "waiting for the GIL", "refcount ops, thread-local", "refcount ops, atomic", "Atomics ops"],
      rows: RUN_MODES.filter((m) => find(results, m.id) !== undefined).map((m) => {
        const k = counterMedians(find(results, m.id));
        const err = failure(find(results, m.id));
        if (err !== null) return [m.label, `failed: ${err}`, "", "", "", "", "", ""];
        if (k === null) return [m.label, seconds(wall(m.id)), "", "", "", "", "", ""];
        const ops = refcountOps(k);
        return [m.label, seconds(wall(m.id)), String(k.threads), count(k.gil_acquisitions), `${fixed(k.gil_wait_ms / 1000, 2)} s`,
          `${count(k.rc_local)} (${share(k.rc_local, ops)})`, `${count(k.rc_shared)} (${share(k.rc_shared, ops)})`, count(k.atomic_ops)];
      }),
      notes: [
        `--nogil over --gil: ${times(speedup)} on ${ctx.header.cores} cores (whole-process wall time, start-up included)`,
        `the talk: ${times(TALK.speedup_8_threads)} (CPython 3.14t vs 3.14, a machine with more cores); CPython 3.15t vs 3.15 on this machine kind: ${times(A.gil.p2 / A.free_threaded.p2)}`,
        ...coreWarnings(configs, ctx.header.cores),
      ],
    });
    return report;
  },
};
