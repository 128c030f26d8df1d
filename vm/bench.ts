/**
 * `gilvm bench [SUITE…]`: runs the benchmark suites (all but `demo` when none is named), with
 * progress on stderr and the tables on stdout, and writes to --out, per suite, SUITE.json (the
 * machine, every run, the derived numbers, the goals), SUITE.md (the tables as Markdown) and
 * its SVG charts. `--update-docs` also rewrites the suites' regions of docs/results.md.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { contention } from "./bench/contention.js";
import { demo } from "./bench/demo.js";
import { busyWarning, formatHeader, machineHeader } from "./bench/machine.js";
import { mixed } from "./bench/mixed.js";
import { NOGIL_NEEDS, nogil } from "./bench/nogil.js";
import { suiteMarkdown, suiteText, summaryTable, updateResultsPage } from "./bench/results_page.js";
import { REPO, Runner, type Launcher } from "./bench/runner.js";
import { single } from "./bench/single.js";
import type { Suite, SuiteContext, SuiteReport } from "./bench/suite.js";
import { switchInterval } from "./bench/switch.js";
import { renderMarkdown, renderText } from "./bench/table.js";
import { threads } from "./bench/threads.js";

/** In the order `gilvm bench` runs them. */
export const SUITES: Suite[] = [single, threads, mixed, contention, switchInterval, nogil, demo];

export interface BenchOptions {
  runs?: number;
  out: string;
  quick?: boolean;
  updateDocs?: boolean;
}

/** Runs gilvm the way this process was run (compiled dist/, or the sources through tsx). */
export function selfLauncher(): Launcher {
  return {
    gilvm: [process.execPath, ...process.execArgv, process.argv[1]],
    python: process.env.GILVM_PYTHON || "python3",
  };
}

/** The suites to run, each after the ones it reads. */
export function plan(names: string[]): Suite[] | string {
  const wanted = names.length === 0 ? SUITES.filter((s) => s.inAll).map((s) => s.name) : names;
  const unknown = wanted.filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length > 0) return `unknown benchmark suite '${unknown[0]}' (available: ${SUITES.map((s) => s.name).join(", ")})`;
  const set = new Set(wanted);
  if (set.has("nogil")) for (const n of NOGIL_NEEDS) set.add(n);
  return SUITES.filter((s) => set.has(s.name));
}

function commandFor(suite: string, opts: BenchOptions): string {
  return ["npx gilvm bench", suite, opts.runs === undefined ? "" : `--runs ${opts.runs}`, opts.quick ? "--quick" : ""].filter((s) => s !== "").join(" ");
}

export async function benchCommand(names: string[], opts: BenchOptions, writeOut: (s: string) => void, writeErr: (s: string) => void): Promise<number> {
  const suites = plan(names);
  if (typeof suites === "string") {
    writeErr(`gilvm: ${suites}\n`);
    return 2;
  }
  if (opts.updateDocs && opts.quick) {
    writeErr("gilvm: --update-docs takes the full suites' numbers, not --quick ones\n");
    return 2;
  }
  const launcher = selfLauncher();
  const header = machineHeader(launcher.python!);
  if (header.python === null) launcher.python = null;
  const runner = new Runner(launcher);
  const out = path.resolve(opts.out);
  mkdirSync(out, { recursive: true });
  const ctx: SuiteContext = {
    runner, header, runs: opts.runs ?? null, quick: opts.quick === true, previous: new Map(),
    commandFor: (suite) => commandFor(suite, opts),
    progress: (line) => writeErr(line + "\n"),
  };
  writeOut(`gilvm bench ${suites.map((s) => s.name).join(" ")}${opts.quick ? " (quick)" : ""}\n${formatHeader(header)}\n`);
  if (header.python === null) writeOut("python3 not found: the CPython columns are left out\n");
  const busy = busyWarning(header);
  if (busy !== null) {
    writeOut(busy + "\n");
    writeErr(busy + "\n");
  }
  writeOut("\n");
  const reports: SuiteReport[] = [];
  try {
    for (const suite of suites) {
      const t0 = performance.now();
      writeErr(`[${suite.name}] ${suite.description}\n`);
      const report = await suite.run(ctx);
      report.seconds = Math.round((performance.now() - t0) / 100) / 10;
      ctx.previous.set(suite.name, report);
      reports.push(report);
      writeOut(suiteText(report) + "\n");
      for (const c of report.charts) writeFileSync(path.join(out, c.file), c.svg);
      const { charts, ...rest } = report;
      writeFileSync(path.join(out, `${suite.name}.json`), JSON.stringify({ ...rest, charts: charts.map((c) => c.file) }, null, 2) + "\n");
      writeFileSync(path.join(out, `${suite.name}.md`), suiteMarkdown(report, "."));
      writeErr(`[${suite.name}] done in ${report.seconds} s: ${path.relative(process.cwd(), out) || "."}/${suite.name}.json${charts.map((c) => `, ${c.file}`).join("")}\n`);
    }
  } finally {
    runner.close();
  }
  const summary = summaryTable(ctx.previous);
  if (summary !== null) {
    writeOut(renderText(summary) + "\n");
    writeFileSync(path.join(out, "summary.md"), renderMarkdown(summary));
  }
  if (opts.updateDocs) {
    const written = updateResultsPage(path.join(REPO, "docs", "results.md"), reports.filter((r) => r.suite !== "demo"), out);
    writeErr(`updated ${written.map((f) => path.relative(REPO, f)).join(", ")}\n`);
  }
  return 0;
}
