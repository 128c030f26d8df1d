/**
 * `gilvm bench switch`: the GIL's switch interval (sys.setswitchinterval: 1, 5, 20 ms) against
 * the response time of an I/O thread beside a CPU-bound one. When its 5 ms sleep ends, the I/O
 * thread needs the GIL back; under a GIL it waits up to one interval before it may ask the
 * CPU-bound holder to drop it. Shorter intervals answer faster and switch more often.
 */
import { COLORS, renderLineChart, type Series } from "./chart_svg.js";
import { count, fixed } from "./format.js";
import { RUN_MODES } from "./modes.js";
import { type Summary } from "./stats.js";
import {
  available, baseReport, failure, find, runInterleaved, runsFor, summaryOf,
  type Config, type ConfigResult, type Suite, type SuiteContext, type SuiteReport,
} from "./suite.js";

function intervals(quick: boolean): number[] {
  return quick ? [1, 5] : [1, 5, 20];
}

function samples(quick: boolean): number {
  return quick ? 8 : 40;
}

/** The quick form checks the harness: --nogil, which has no interval to set, is left out. */
function modesFor(quick: boolean): typeof RUN_MODES {
  return quick ? RUN_MODES.filter((m) => m.id !== "nogil") : RUN_MODES;
}

export function switchConfigs(quick: boolean): Config[] {
  return intervals(quick).flatMap((ms) => modesFor(quick).map((m) => ({
    id: `${m.id}/${ms}`,
    label: `${m.label}, switch interval ${ms} ms`,
    spec: { runtime: m.runtime, flags: m.flags, program: "bench/switch_latency.py", args: [String(ms), String(samples(quick))] },
    threads: 2,
    params: { mode: m.id, interval_ms: ms },
  })));
}

interface SwitchRow {
  mode: string;
  interval_ms: number;
  latency_median_ms: Summary | null;
  latency_p95_ms: Summary | null;
  cpu_rounds_per_s: Summary | null;
}

function rowsOf(results: ConfigResult[], quick: boolean): SwitchRow[] {
  return intervals(quick).flatMap((ms) => modesFor(quick).map((m) => {
    const r = find(results, `${m.id}/${ms}`);
    return {
      mode: m.id, interval_ms: ms,
      latency_median_ms: summaryOf(r, (x) => x.values.latency_median_ms),
      latency_p95_ms: summaryOf(r, (x) => x.values.latency_p95_ms),
      cpu_rounds_per_s: summaryOf(r, (x) => x.values.cpu_rounds_per_s),
    };
  }));
}

function chart(rows: SwitchRow[], modes: typeof RUN_MODES, quick: boolean): string {
  const pts = (mode: string, f: (r: SwitchRow) => Summary | null): [number, number][] =>
    rows.filter((r) => r.mode === mode && f(r) !== null).map((r) => [r.interval_ms, f(r)!.median]);
  const series: Series[] = modes.flatMap((m) => [
    { name: `${m.label}, median`, points: pts(m.id, (r) => r.latency_median_ms), color: m.color },
    { name: `${m.label}, 95th pct`, points: pts(m.id, (r) => r.latency_p95_ms), color: m.color, dashed: true },
  ]);
  series.push({ name: "delay = interval", points: intervals(quick).map((ms) => [ms, ms]), color: COLORS.gray, dashed: true, markers: false });
  return renderLineChart({
    title: "GIL switch interval vs I/O response time",
    subtitle: "an I/O thread's extra delay after each 5 ms sleep, beside a CPU-bound thread (medians over runs)",
    xLabel: "switch interval (ms, sys.setswitchinterval)", yLabel: "I/O thread's delay past its wake-up (ms)",
    xLog2: true, xTicks: intervals(quick), series,
  });
}

export const switchInterval: Suite = {
  name: "switch",
  description: "GIL switch interval (1, 5, 20 ms) vs an I/O thread's response time beside a CPU-bound thread",
  defaultRuns: 3,
  inAll: true,
  async run(ctx: SuiteContext): Promise<SuiteReport> {
    const runs = runsFor(ctx, this);
    const configs = available(ctx, switchConfigs(ctx.quick));
    const results = await runInterleaved(ctx, this.name, configs, runs);
    const report = baseReport(ctx, this, "Switch interval: I/O latency beside a CPU-bound thread", results, runs);
    const rows = rowsOf(results, ctx.quick);
    const modes = modesFor(ctx.quick).filter((m) => m.runtime === "gilvm" || ctx.header.python !== null);
    report.results = { samples_per_run: samples(ctx.quick), rows };
    const cell = (mode: string, ms: number) => {
      const r = rows.find((x) => x.mode === mode && x.interval_ms === ms)!;
      return r.latency_median_ms === null ? "n/a" : `${fixed(r.latency_median_ms.median, 2)} ms (p95 ${fixed(r.latency_p95_ms?.median, 2)})`;
    };
    const rounds = (mode: string, ms: number) => count(rows.find((x) => x.mode === mode && x.interval_ms === ms)!.cpu_rounds_per_s?.median);
    report.tables.push({
      title: `Switch interval: the I/O thread's delay past each 5 ms sleep (median, 95th percentile), medians of ${runs} interleaved runs of ${samples(ctx.quick)} samples`,
      head: ["interval", ...modes.map((m) => m.label), ...modes.map((m) => `CPU rounds/s, ${m.id}`)],
      rows: intervals(ctx.quick).map((ms) => [`${ms} ms`, ...modes.map((m) => cell(m.id, ms)), ...modes.map((m) => rounds(m.id, ms))]),
      notes: [
        "CPU rounds/s: work the CPU-bound thread got done meanwhile (a round: 200 additions)",
        ...results.map((r) => failure(r) === null ? null : `${r.label} failed: ${failure(r)}`).filter((x): x is string => x !== null),
      ],
    });
    report.charts.push({ file: "switch_latency.svg", title: "Switch interval vs I/O latency", svg: chart(rows, modes, ctx.quick) });
    return report;
  },
};
