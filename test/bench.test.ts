/**
 * The benchmark harness stays working: every suite runs end to end in its tiny --quick form and
 * writes well-formed JSON and SVG; and the pure parts (medians, the [bench] line, the chart
 * renderer, the suite plan) do what the reports rely on. The numbers themselves are not
 * checked: --quick sizes are far too small to mean anything.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { plan } from "../vm/bench.js";
import { renderLineChart } from "../vm/bench/chart_svg.js";
import { failureLine, parseBenchValues } from "../vm/bench/runner.js";
import { median, summarise } from "../vm/bench/stats.js";
import { renderMarkdown, renderText } from "../vm/bench/table.js";
import { CLI_PATH, REPO_ROOT, runGilvm } from "./helpers/run_gilvm.js";

interface Finished {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `gilvm bench ARGS` from the sources, without blocking (two run side by side). */
function benchAsync(args: string[]): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI_PATH, "bench", ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), 110_000);
    child.on("close", (status) => {
      clearTimeout(killer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Well-formed XML, as far as these hand-written files go: every tag closed, in order. */
function wellFormedSvg(text: string): void {
  expect(text.trimStart().startsWith("<svg")).toBe(true);
  expect(text.trimEnd().endsWith("</svg>")).toBe(true);
  const open: string[] = [];
  for (const m of text.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) expect(open.pop()).toBe(name);
    else open.push(name);
  }
  expect(open).toEqual([]);
  // nothing that looks like a tag was skipped by the pattern above (a bad attribute, say)
  const tags = text.match(/<[^>]*>/g) ?? [];
  const matched = text.match(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g) ?? [];
  expect(matched.length).toBe(tags.length);
}

const SUITES = ["single", "threads", "mixed", "contention", "switch", "nogil"];

describe("gilvm bench --quick", () => {
  const out = mkdtempSync(path.join(tmpdir(), "gilvm-bench-test-"));
  let runs: Finished[];

  // two sessions side by side, to use both cores (--quick numbers mean nothing anyway); nogil
  // reads the single, threads and contention reports of its own session
  beforeAll(async () => {
    runs = await Promise.all([
      benchAsync(["single", "threads", "contention", "nogil", "--quick", "--out", out]),
      benchAsync(["mixed", "switch", "--quick", "--out", out]),
    ]);
  }, 120_000);

  test("runs every suite and exits 0, with a header and the tables on stdout, progress on stderr", () => {
    for (const run of runs) {
      expect(run.status, run.stderr.slice(-2000)).toBe(0);
      expect(run.stdout).toMatch(/machine: \d+ cores .* node v\d+.*; gilvm \d+\.\d+\.\d+/);
    }
    const stdout = runs.map((r) => r.stdout).join("");
    for (const s of SUITES) expect(stdout).toContain(`== ${s}: `);
    expect(runs[0].stderr).toContain("[single] run 1/1");
  });

  test.each(SUITES)("%s: JSON with the machine, every configuration's runs and the derived numbers", (suite) => {
    const report = JSON.parse(readFileSync(path.join(out, `${suite}.json`), "utf8"));
    expect(report.suite).toBe(suite);
    expect(report.quick).toBe(true);
    expect(report.header.cores).toBeGreaterThan(0);
    expect(report.header.memory_bytes).toBeGreaterThan(0);
    expect(report.header.node).toBe(process.version);
    expect(report.tables.length).toBeGreaterThan(0);
    expect(report.results).not.toBeNull();
    if (suite !== "nogil") {
      expect(report.configs.length).toBeGreaterThan(0);
      // gilvm's own configurations ran and measured something (some may fail while features land)
      const gilvmRuns = report.configs.filter((c: { command: string }) => c.command.startsWith("gilvm")).flatMap((c: { runs: unknown[] }) => c.runs);
      expect(gilvmRuns.length).toBeGreaterThan(0);
      expect(gilvmRuns.some((r: { ok: boolean; wall_ms: number; stats: unknown }) => r.ok && r.wall_ms > 0 && r.stats !== null)).toBe(true);
    }
    expect(readFileSync(path.join(out, `${suite}.md`), "utf8")).toContain(`npx gilvm bench ${suite} --quick`);
  });

  test("the charts are written and well-formed SVG with a title, axes and data", () => {
    const charts = SUITES.flatMap((s) => JSON.parse(readFileSync(path.join(out, `${s}.json`), "utf8")).charts as string[]);
    expect(charts).toEqual(expect.arrayContaining([
      "threads_speedup.svg", "mixed_rps.svg", "mixed_memory.svg", "contention_cost.svg", "switch_latency.svg", "nogil_refcount_ns.svg",
    ]));
    for (const file of charts) {
      const svg = readFileSync(path.join(out, file), "utf8");
      wellFormedSvg(svg);
      expect(svg).toContain('font-weight="bold"'); // the title
      expect(svg).toMatch(/<circle /); // at least one measured point
    }
  });
});

describe("the harness's parts", () => {
  test("median and spread", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(summarise([5, Number.NaN, 1, 3])).toEqual({ n: 3, median: 3, min: 1, max: 5 });
    expect(summarise([Number.NaN])).toBeNull();
  });

  test("a program's [bench] line and [timing] line", () => {
    const v = parseBenchValues("run 0\n[timing] 8 runs took 1.250 s\n[bench] rps=312.5 requests=40 bad=x\n");
    expect(v).toEqual({ inner_s: 1.25, rps: 312.5, requests: 40 });
  });

  test("why a run failed: gilvm's own report line, else the exception at the end of a traceback", () => {
    expect(failureLine("gilvm: warning: x\ngilvm: double-free: 'list' object freed twice\n  touched by T at f.py:3\n")).toBe("gilvm: double-free: 'list' object freed twice");
    expect(failureLine("Traceback (most recent call last):\n  File \"x.py\", line 1\nImportError: no\n")).toBe("ImportError: no");
  });

  test("the plan: all suites but demo, and nogil after what it reads", () => {
    const names = (x: ReturnType<typeof plan>) => (typeof x === "string" ? x : x.map((s) => s.name));
    expect(names(plan([]))).toEqual(["single", "threads", "mixed", "contention", "switch", "nogil"]);
    expect(names(plan(["nogil"]))).toEqual(["single", "threads", "contention", "nogil"]);
    expect(names(plan(["demo"]))).toEqual(["demo"]);
    expect(plan(["nope"])).toMatch(/unknown benchmark suite 'nope'/);
  });

  test("a chart with one x value, an empty series and text that needs escaping stays well-formed", () => {
    const svg = renderLineChart({
      title: "a < b & c", xLabel: "x", yLabel: "y", xLog2: true,
      series: [
        { name: "one point", points: [[2, 3]], color: "#000" },
        { name: "nothing", points: [], color: "#f00", dashed: true },
      ],
    });
    wellFormedSvg(svg);
    expect(svg).toContain("a &lt; b &amp; c");
    expect(svg).toContain("nothing (no data)");
  });

  test("tables render as aligned text and as Markdown", () => {
    const t = { title: "T", head: ["case", "time"], rows: [["a|b", "1.0 s"]], notes: ["n"] };
    expect(renderText(t)).toBe("T\ncase   time\n----  -----\na|b   1.0 s\n  n\n");
    expect(renderMarkdown(t)).toContain("| a\\|b | 1.0 s |");
  });
});

test("an unknown suite is a usage error", () => {
  const r = runGilvm(["bench", "nope", "--out", mkdtempSync(path.join(tmpdir(), "gilvm-bench-x-"))]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain("unknown benchmark suite 'nope'");
  expect(existsSync("nope.json")).toBe(false);
}, 30_000);
