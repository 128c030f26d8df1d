/**
 * `gilvm bench single`: one thread, no sharing. The talk's serial program (8 × do_work) and a
 * call-heavy recursive fib, under --gil, --nogil and python3: the single-thread cost of
 * free-threading (the talk: 1.2 %, CPython 3.14t vs 3.14) and gilvm's distance from CPython.
 */
import { counterMedians, refcountOps } from "./counters.js";
import { count, percent, seconds, share, times } from "./format.js";
import { RUN_MODES } from "./modes.js";
import { ratio } from "./stats.js";
import {
  available, baseReport, failure, find, runInterleaved, runsFor, summaryOf,
  type Config, type Suite, type SuiteContext, type SuiteReport,
} from "./suite.js";

interface Case {
  id: string;
  name: string;
  program: string;
  args: string[];
}

export const OVERHEAD_GOAL = 1.03;

function cases(quick: boolean): Case[] {
  // long enough (~4 s a run) that the JIT's warm-up and the process start are noise
  const n = quick ? 3000 : 3_000_000;
  const doWork = { id: "do_work", name: `do_work 8 × ${n.toLocaleString("en-US")}`, program: "programs/talk_do_work.py", args: [String(n)] };
  // the quick form checks the harness: one case is enough
  return quick ? [doWork] : [doWork, { id: "fib", name: "fib(25) recursive", program: "programs/bench_fib.py", args: ["25"] }];
}

export function singleConfigs(quick: boolean): Config[] {
  return cases(quick).flatMap((c) => RUN_MODES.map((m) => ({
    id: `${c.id}/${m.id}`,
    label: `${c.id} ${m.label}`,
    spec: { runtime: m.runtime, flags: m.flags, program: c.program, args: c.args },
    threads: 1,
    params: { case: c.id, mode: m.id },
  })));
}

export const single: Suite = {
  name: "single",
  description: "one thread: the talk's serial do_work and fib under --gil, --nogil and python3",
  defaultRuns: 5,
  inAll: true,
  async run(ctx: SuiteContext): Promise<SuiteReport> {
    const runs = runsFor(ctx, this);
    const configs = available(ctx, singleConfigs(ctx.quick));
    const results = await runInterleaved(ctx, this.name, configs, runs);
    const report = baseReport(ctx, this, "Single thread: the cost of free-threading, and gilvm vs CPython", results, runs);

    const wall = (id: string) => summaryOf(find(results, id), (r) => r.wall_ms);
    const inner = (id: string) => summaryOf(find(results, id), (r) => (r.values.inner_s ?? Number.NaN) * 1000);
    const derived = cases(ctx.quick).map((c) => {
      const [g, ng, py] = [wall(`${c.id}/gil`), wall(`${c.id}/nogil`), wall(`${c.id}/python3`)];
      return {
        case: c.id, name: c.name, command: `${c.program} ${c.args.join(" ")}`,
        gil_ms: g, nogil_ms: ng, python3_ms: py,
        gil_inner_ms: inner(`${c.id}/gil`), nogil_inner_ms: inner(`${c.id}/nogil`), python3_inner_ms: inner(`${c.id}/python3`),
        nogil_overhead: ratio(ng, g), nogil_overhead_inner: ratio(inner(`${c.id}/nogil`), inner(`${c.id}/gil`)),
        gil_vs_python3: ratio(g, py), gil_vs_python3_inner: ratio(inner(`${c.id}/gil`), inner(`${c.id}/python3`)),
        failures: RUN_MODES.map((m) => failure(find(results, `${c.id}/${m.id}`))).filter((f) => f !== null),
      };
    });
    report.results = { cases: derived };

    report.tables.push({
      title: `Single thread: whole-process wall time, median (min–max) of ${runs} interleaved runs`,
      head: ["case", "gilvm --gil", "gilvm --nogil", "--nogil cost", "python3", "--gil ÷ python3"],
      rows: derived.map((d) => [d.name, seconds(d.gil_ms), seconds(d.nogil_ms), percent(d.nogil_overhead), seconds(d.python3_ms), times(d.gil_vs_python3)]),
      notes: [
        "timed inside the program (its [timing] line, start-up excluded): " + derived.map((d) =>
          `${d.case}: --nogil cost ${percent(d.nogil_overhead_inner)}, --gil ÷ python3 ${times(d.gil_vs_python3_inner)}`).join("; "),
        ...derived.flatMap((d) => d.failures.map((f) => `${d.case}: a configuration failed: ${f}`)),
      ],
    });
    report.tables.push({
      title: "Single thread: reference-count traffic (medians of the counters)",
      head: ["case", "mode", "instructions", "refcount ops", "thread-local", "atomic ops", "immortal skips"],
      rows: cases(ctx.quick).flatMap((c) => ["gil", "nogil"].map((m) => {
        const k = counterMedians(find(results, `${c.id}/${m}`));
        if (k === null) return [c.id, `--${m}`, "n/a", "", "", "", ""];
        const ops = refcountOps(k);
        return [c.id, `--${m}`, count(k.instructions), count(ops), share(k.rc_local, ops), count(k.atomic_ops), count(k.immortal_skips)];
      })),
    });

    const doWork = derived[0];
    report.goals.push({
      goal: "single-thread cost of --nogil ≤ 3 % (talk: 1.2 %, CPython 3.14t vs 3.14), do_work",
      measured: `${percent(doWork.nogil_overhead)} whole process, ${percent(doWork.nogil_overhead_inner)} timed inside`,
      met: doWork.nogil_overhead === null ? null : doWork.nogil_overhead <= OVERHEAD_GOAL,
    });
    return report;
  },
};
