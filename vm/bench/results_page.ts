/**
 * The reports as Markdown, and the results page kept up to date from them: each suite owns the
 * region of docs/results.md between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`, which
 * `gilvm bench --update-docs` rewrites (the prose around the regions is written by hand), and
 * its charts are copied to docs/img/bench_FILE.svg.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ANCHOR_CPYTHON_315 as A, ANCHOR_NOTE, TALK } from "./anchors.js";
import type { ContentionRow } from "./contention.js";
import { percent, times } from "./format.js";
import { formatHeader } from "./machine.js";
import type { Summary } from "./stats.js";
import type { Goal, SuiteReport } from "./suite.js";
import type { ThreadsRow } from "./threads.js";
import { renderMarkdown, renderText, type Table } from "./table.js";

export function goalMark(g: Goal): string {
  return g.met === null ? "not measured" : g.met ? "met" : "not met";
}

/** A suite's section: the command, the machine, the tables, the charts, the goals. */
export function suiteMarkdown(r: SuiteReport, imageDir: string): string {
  const out = [
    "```sh",
    r.command,
    "```",
    "",
    `${formatHeader(r.header)}; ${r.runs_per_config} run${r.runs_per_config === 1 ? "" : "s"} per configuration, interleaved; the suite took ${r.seconds} s.`,
    "",
  ];
  for (const t of r.tables) out.push(renderMarkdown(t));
  for (const c of r.charts) out.push(`![${c.title}](${imageDir}/bench_${c.file})`, "");
  if (r.goals.length > 0) {
    out.push("Goals:", "");
    for (const g of r.goals) out.push(`- ${g.goal}: **${goalMark(g)}** (${g.measured})`);
    out.push("");
  }
  for (const n of r.notes.filter((n) => !r.tables.some((t) => t.notes?.includes(n)))) out.push(`- ${n}`);
  return out.join("\n").trimEnd() + "\n";
}

/** The same for the terminal. */
export function suiteText(r: SuiteReport): string {
  const out = [`== ${r.suite}: ${r.title} ==`, ""];
  for (const t of r.tables) out.push(renderText(t));
  if (r.goals.length > 0) {
    out.push("goals:");
    for (const g of r.goals) out.push(`  [${goalMark(g)}] ${g.goal}: ${g.measured}`);
    out.push("");
  }
  return out.join("\n");
}

/**
 * The talk's four experiments in one table: the talk's number, the real CPython builds' on this
 * machine kind, gilvm's from this session (null when a suite it needs was not run).
 */
export function summaryTable(reports: Map<string, SuiteReport>): Table | null {
  const single = reports.get("single");
  const threads = reports.get("threads");
  const mixed = reports.get("mixed");
  const contention = reports.get("contention");
  if (!single || !threads || !mixed || !contention) return null;
  const doWork = (single.results as { cases: { case: string; nogil_overhead: number | null }[] }).cases.find((c) => c.case === "do_work");
  const rows = (threads.results as { rows: ThreadsRow[] }).rows;
  const top = rows[rows.length - 1];
  const mixedRows = (mixed.results as { rows: { server: string; workers: number; rps: Summary | null }[] }).rows;
  const most = Math.max(...mixedRows.map((r) => r.workers));
  const rps = (server: string) => mixedRows.find((r) => r.server === server && r.workers === most)?.rps?.median ?? null;
  const over = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
  const rcRows = (contention.results as { rows: ContentionRow[] }).rows;
  const rc = rcRows.find((r) => r.policy === "biased+immortal" && r.case === "shared" && r.threads === 2);
  const perThread = rcRows.find((r) => r.policy === "per-thread" && r.case === "shared" && r.threads === 2);
  const py = (rows.find((r) => r.threads === top.threads)?.python3_speedup ?? null);
  return {
    title: "The talk's experiments: the talk, the real CPython builds on this machine kind, gilvm",
    head: ["experiment", "talk", "CPython 3.15 (GIL vs free-threaded), this machine kind", "gilvm --gil vs --nogil, this run"],
    rows: [
      ["single-thread cost of free-threading (8 × do_work)", percent(TALK.single_overhead), percent(A.free_threaded.p1 / A.gil.p1), percent(doWork?.nogil_overhead ?? null)],
      [`thread pool, 8 × do_work on ${top.threads} threads: free-threaded over GIL`, times(TALK.speedup_8_threads), times(A.gil.p2 / A.free_threaded.p2),
        `${times(top.nogil_vs_gil)} (python3 ${single.header.python ?? "n/a"} ${top.threads} threads over 1: ${times(py)})`],
      [`mixed workload at ${most} workers: free threads over GIL threads`, `${TALK.mixed_32_threads}×`, "not measured",
        `${times(over(rps("free-threads"), rps("gil-threads")))}; free threads over processes: ${times(over(rps("free-threads"), rps("processes")))}`],
      ["one shared list ÷ private lists, 2 threads (not in the talk)", "n/a", times(A.free_threaded.rc_shared / A.free_threaded.rc_private),
        `${times(rc?.shared_vs_private ?? null)}; with --shared-rc per-thread: ${times(perThread?.shared_vs_private ?? null)}`],
    ],
    notes: [ANCHOR_NOTE, `gilvm: ${formatHeader(single.header)}`],
  };
}

function replaceRegion(text: string, name: string, title: string, markdown: string): string {
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const body = `${begin}\n${markdown}${end}`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  return i >= 0 && j > i ? text.slice(0, i) + body + text.slice(j + end.length) : `${text.trimEnd()}\n\n## ${title}\n\n${body}\n`;
}

/** Rewrites each report's region in the page (appending a region that is not there yet). */
export function updateResultsPage(page: string, reports: SuiteReport[], chartsDir: string): string[] {
  let text = readFileSync(page, "utf8");
  const imgDir = path.join(path.dirname(page), "img");
  mkdirSync(imgDir, { recursive: true });
  const written: string[] = [page];
  const summary = summaryTable(new Map(reports.map((r) => [r.suite, r])));
  if (summary !== null) text = replaceRegion(text, "summary", "Summary", renderMarkdown(summary));
  for (const r of reports) {
    text = replaceRegion(text, r.suite, r.title, suiteMarkdown(r, "img"));
    for (const c of r.charts) {
      const to = path.join(imgDir, `bench_${c.file}`);
      copyFileSync(path.join(chartsDir, c.file), to);
      written.push(to);
    }
  }
  writeFileSync(page, text);
  return written;
}
