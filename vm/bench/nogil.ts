/**
 * `gilvm bench nogil` (issue 4's performance study): (a) the single-thread cost of --nogil on
 * the talk's serial do_work, (b) the speed-up of the talk's thread pool, --nogil over --gil and
 * 1 → 2 → N threads, (c) the contention study's cost per refcount operation under atomic,
 * biased and biased + immortal. It summarises the single, threads and contention suites (run
 * first when they were not run in this session) beside the talk's and the anchors' numbers.
 */
import { ANCHOR_CPYTHON_315 as A, ANCHOR_NOTE, TALK } from "./anchors.js";
import { COLORS, renderLineChart, type Series } from "./chart_svg.js";
import type { ContentionRow } from "./contention.js";
import { fixed, percent, share, times } from "./format.js";
import type { ThreadsRow } from "./threads.js";
import { baseReport, type Suite, type SuiteContext, type SuiteReport } from "./suite.js";

interface SingleCase {
  case: string;
  nogil_overhead: number | null;
  nogil_overhead_inner: number | null;
}

const POLICY_COLORS: Record<string, string> = { atomic: COLORS.red, biased: COLORS.orange, "biased+immortal": COLORS.green, "per-thread": COLORS.cyan };
const POLICY_LABELS: Record<string, string> = { "biased+immortal": "biased + immortal", "per-thread": "--shared-rc per-thread" };
const policyLabel = (id: string) => POLICY_LABELS[id] ?? id;

function needed(ctx: SuiteContext, name: string): SuiteReport {
  const r = ctx.previous.get(name);
  if (r === undefined) throw new Error(`the nogil summary needs the ${name} suite's report`);
  return r;
}

function perOpChart(rows: ContentionRow[], cores: number): string {
  const series: Series[] = Object.entries(POLICY_COLORS).flatMap(([policy, color]) => (["shared", "private"] as const).map((c) => ({
    name: `${policyLabel(policy)}, ${c}`,
    points: rows.filter((r) => r.policy === policy && r.case === c && r.added_ns_per_refcount_op !== null)
      .map((r) => [r.threads, r.added_ns_per_refcount_op!] as [number, number]),
    color,
    dashed: c === "private",
  })));
  return renderLineChart({
    title: "Added cost of one refcount operation over plain counting",
    subtitle: `x = lst[0]; y = lst; (core-ns per iteration − --gil's) ÷ refcount ops per iteration; solid: shared list, dashed: private; ${cores} cores`,
    xLabel: "threads", yLabel: "added ns per refcount operation", xLog2: true, series,
  });
}

export const nogil: Suite = {
  name: "nogil",
  description: "issue 4's study: --nogil's single-thread cost, thread-pool speed-up, and ns per refcount op per policy (runs single, threads, contention)",
  defaultRuns: 3,
  inAll: true,
  async run(ctx: SuiteContext): Promise<SuiteReport> {
    const single = needed(ctx, "single");
    const threads = needed(ctx, "threads");
    const contention = needed(ctx, "contention");
    const report = baseReport(ctx, this, "Free-threading (--nogil): cost, speed-up, refcount cost", [], threads.runs_per_config);
    const cores = ctx.header.cores;
    const doWork = (single.results as { cases: SingleCase[] }).cases.find((c) => c.case === "do_work")!;
    const rows = (threads.results as { rows: ThreadsRow[] }).rows;
    const rc = (contention.results as { rows: ContentionRow[] }).rows;
    const top = rows[rows.length - 1];
    report.results = { single_overhead: doWork.nogil_overhead, single_overhead_inner: doWork.nogil_overhead_inner, threads: rows, refcount: rc };

    const anchorOverhead = A.free_threaded.p1 / A.gil.p1;
    const anchor8 = A.gil.p2 / A.free_threaded.p2;
    const anchor2 = A.free_threaded.p3_1 / A.free_threaded.p3_2;
    const two = rows.find((r) => r.threads === 2);
    report.tables.push({
      title: "--nogil beside the talk and the real free-threaded CPython",
      head: ["measure", "gilvm (this run)", "talk (CPython 3.14t vs 3.14)", "CPython 3.15t vs 3.15, this machine kind"],
      rows: [
        ["single-thread cost (8 × do_work, one thread)", `${percent(doWork.nogil_overhead)} (inside: ${percent(doWork.nogil_overhead_inner)})`, percent(TALK.single_overhead), percent(anchorOverhead)],
        [`${top.threads}-thread pool, --nogil over --gil`, times(top.nogil_vs_gil), times(TALK.speedup_8_threads), `${times(anchor8)} (8 threads)`],
        ["2 threads over 1 thread, --nogil", times(two?.nogil_scaling ?? null), "n/a", times(anchor2)],
        ["shared list ÷ private lists, 2 threads, --nogil", times(rc.find((r) => r.policy === "biased+immortal" && r.case === "shared" && r.threads === 2)?.shared_vs_private ?? null), "n/a", times(A.free_threaded.rc_shared / A.free_threaded.rc_private)],
        ["the same with --shared-rc per-thread", times(rc.find((r) => r.policy === "per-thread" && r.case === "shared" && r.threads === 2)?.shared_vs_private ?? null), "n/a", "n/a"],
      ],
      notes: [ANCHOR_NOTE, ...coreNote(cores, top.threads)],
    });
    report.tables.push({
      title: "--nogil scaling, 1 → 2 → N threads (whole-process time)",
      head: ["threads", "--nogil over --gil", "--nogil over its 1 thread", "ideal on this machine", "atomic share"],
      rows: rows.map((r) => [String(r.threads), times(r.nogil_vs_gil), times(r.nogil_scaling), `${Math.min(r.threads, cores)}×`,
        r.nogil_shared_share === null ? "n/a" : share(r.nogil_shared_share, 1)]),
    });
    report.tables.push({
      title: "Refcount cost per policy: added ns per refcount operation over --gil's plain counting",
      head: ["policy", "case", ...[...new Set(rc.map((r) => r.threads))].map((t) => `${t} thread${t === 1 ? "" : "s"}`)],
      rows: Object.keys(POLICY_COLORS).flatMap((p) => (["shared", "private"] as const).map((c) => [policyLabel(p), c,
        ...[...new Set(rc.map((r) => r.threads))].map((t) => {
          const row = rc.find((r) => r.policy === p && r.case === c && r.threads === t);
          return row === undefined ? "n/a" : `${fixed(row.added_ns_per_refcount_op, 1)} ns (${row.shared_share === null ? "n/a" : share(row.shared_share, 1)} atomic)`;
        })])),
      notes: ["negative values: the policy's run was faster than --gil's (no GIL hand-offs), so its refcounting costs less than the noise"],
    });
    report.charts.push({ file: "nogil_refcount_ns.svg", title: "Added ns per refcount op", svg: perOpChart(rc, cores) });
    report.goals.push(
      ...single.goals,
      {
        goal: "the talk's 8-thread program ≥ 1.8× faster with --nogil than --gil on this machine",
        measured: `${top.threads} threads: ${times(top.nogil_vs_gil)}`,
        met: top.threads !== 8 || top.nogil_vs_gil === null ? null : top.nogil_vs_gil >= 1.8,
      },
      ...threads.goals,
      ...contention.goals,
    );
    return report;
  },
};

function coreNote(cores: number, threads: number): string[] {
  return threads > cores ? [`this machine has ${cores} cores: ${threads} threads can speed up by ${cores}× at most (the talk's machine had more)`] : [];
}

/** The suites the nogil summary reads. */
export const NOGIL_NEEDS = ["single", "threads", "contention"];
