/**
 * The timeline pictures (`gilvm run --trace FILE.svg|FILE.json`): segments, the sub-pixel merging,
 * the per-thread summary, the Chrome trace-event JSON, and the SVG's well-formedness and size.
 *
 * The three pictures in docs/img/trace_*.svg are made from the synthetic scenarios below:
 *   GILVM_WRITE_TRACE_IMAGES=1 npx vitest run test/trace_render.test.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  laneRects,
  renderChromeTrace,
  renderTraceSvg,
  timeTicks,
  traceSegments,
  traceSummary,
  type ThreadTrace,
  type TraceEvent,
  type TraceInput,
  type TraceSegment,
} from "../vm/trace_render.js";

// ---------------------------------------------------------------------------------------------
// synthetic scenarios

/** a small deterministic PRNG (mulberry32) so the pictures do not change from run to run */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Recorder {
  readonly threads = new Map<number, ThreadTrace>();
  add(tid: number, name: string): void {
    this.threads.set(tid, { tid, name, events: [] });
  }
  ev(tid: number, t: number, state: TraceEvent["state"], detail?: string): void {
    const e: TraceEvent = { t: Math.round(t * 1e4) / 1e4, state };
    if (detail !== undefined) e.detail = detail;
    this.threads.get(tid)!.events.push(e);
  }
  input(title: string, mode: string, endMs: number, switchIntervalMs?: number): TraceInput {
    const input: TraceInput = { title, mode, endMs: Math.round(endMs * 1e4) / 1e4, threads: [...this.threads.values()] };
    if (switchIntervalMs !== undefined) input.switchIntervalMs = switchIntervalMs;
    return input;
  }
}

/**
 * Two CPU-bound threads under a GIL with a `switchMs` switch interval: the holder runs until a
 * drop request (one interval after the other started waiting), drops the GIL and waits; the
 * other wakes after a short hand-off latency. MainThread starts both and joins them.
 */
function scenarioTwoCpuThreads(switchMs = 5, workMs = 100, seed = 1): TraceInput {
  const r = rng(seed);
  const rec = new Recorder();
  rec.add(1, "MainThread");
  rec.add(2, "Thread-1 (count)");
  rec.add(3, "Thread-2 (count)");
  rec.ev(1, 0, "running");
  rec.ev(2, 0.62, "gil_wait");
  rec.ev(3, 0.91, "gil_wait");
  let t = 1.05;
  rec.ev(1, t, "blocked", "join");
  const left = new Map([
    [2, workMs],
    [3, workMs],
  ]);
  let holder = 2;
  t += 0.03;
  rec.ev(holder, t, "running");
  for (;;) {
    const other = holder === 2 ? 3 : 2;
    const slice = switchMs + r() * 0.15; // the drop request is seen at the next eval-breaker check
    const mine = left.get(holder)!;
    if (!left.has(other) || mine <= slice) {
      const run = left.has(other) ? mine : mine;
      t += run;
      left.delete(holder);
      rec.ev(holder, t, "exited");
      if (!left.has(other)) break;
      t += 0.02 + r() * 0.04;
      holder = other;
      rec.ev(holder, t, "running");
      continue;
    }
    t += slice;
    left.set(holder, mine - slice);
    rec.ev(holder, t, "gil_wait");
    t += 0.02 + r() * 0.05; // hand-off: both wait while the OS wakes the other thread
    holder = other;
    rec.ev(holder, t, "running");
  }
  t += 0.04;
  rec.ev(1, t, "running");
  t += 0.25;
  rec.ev(1, t, "exited");
  return rec.input("two CPU-bound threads: count(100M) twice", "gil", t, switchMs);
}

/**
 * The convoy effect: a CPU-bound thread and an I/O thread that sleeps 1 ms, then needs the GIL
 * for a moment (~0.1 ms) — and has to wait for the CPU thread's switch interval (up to 5 ms)
 * every time, because the CPU thread never releases the GIL on its own.
 */
function scenarioConvoy(endMs = 150, switchMs = 5, seed = 2): TraceInput {
  const r = rng(seed);
  const rec = new Recorder();
  rec.add(1, "MainThread");
  rec.add(2, "Thread-1 (spin)");
  rec.add(3, "Thread-2 (echo)");
  rec.ev(1, 0, "running");
  rec.ev(2, 0.5, "gil_wait");
  rec.ev(3, 0.8, "gil_wait");
  rec.ev(1, 1.0, "blocked", "join");
  let t = 1.03;
  rec.ev(2, t, "running");
  t += 0.3;
  // the I/O thread gets the GIL once at startup (the CPU thread hit a switch)
  rec.ev(2, t, "gil_wait");
  t += 0.03;
  rec.ev(3, t, "running");
  const stop = endMs - 2;
  while (t < stop) {
    t += 0.08 + r() * 0.08; // echo one message
    rec.ev(3, t, "blocked", "sleep"); // releases the GIL: time.sleep(0.001)
    rec.ev(2, t + 0.03, "running");
    t += 1.0 + r() * 0.1;
    rec.ev(3, t, "gil_wait"); // wakes up, wants the GIL back: waits a whole interval
    t += switchMs + r() * 0.12;
    if (t >= stop) break;
    rec.ev(2, t, "gil_wait"); // forced switch
    t += 0.02 + r() * 0.04;
    rec.ev(3, t, "running");
  }
  t = Math.max(t, stop);
  rec.ev(2, t, "exited");
  rec.ev(3, t, "exited");
  rec.ev(1, t + 0.05, "running");
  rec.ev(1, t + 0.3, "exited");
  return rec.input("convoy: a CPU thread and an I/O thread (sleep 1 ms, echo)", "gil", t + 0.3, switchMs);
}

/** Four threads without a GIL: the workers run in parallel; MainThread and one worker join. */
function scenarioNoGil(): TraceInput {
  const rec = new Recorder();
  rec.add(1, "MainThread");
  rec.add(2, "Thread-1 (crunch)");
  rec.add(3, "Thread-2 (crunch)");
  rec.add(4, "Thread-3 (merge)");
  rec.ev(1, 0, "running");
  rec.ev(2, 0.6, "running");
  rec.ev(3, 0.9, "running");
  rec.ev(4, 1.2, "running");
  rec.ev(1, 1.4, "blocked", "join");
  rec.ev(2, 118.4, "exited");
  rec.ev(3, 61.7, "blocked", "lock"); // a contended lock around a shared dict
  rec.ev(3, 64.2, "running");
  rec.ev(3, 152.9, "exited");
  rec.ev(4, 38.5, "blocked", "queue"); // waits for the first partial result
  rec.ev(4, 44.0, "running");
  rec.ev(4, 79.6, "blocked", "join"); // joins Thread-1 and Thread-2 before merging
  rec.ev(4, 152.95, "running");
  rec.ev(4, 171.2, "exited");
  rec.ev(1, 171.25, "running");
  rec.ev(1, 172.0, "exited");
  return rec.input("four threads, free-threaded: crunch, crunch, merge", "nogil", 172.0);
}

/** A GIL handed over every `intervalMs` between `n` threads for `endMs`: many events. */
function thrash(n: number, endMs: number, intervalMs: number): TraceInput {
  const threads: ThreadTrace[] = [];
  for (let i = 0; i < n; i++) threads.push({ tid: i + 1, name: `Thread-${i + 1}`, events: [] });
  let k = 0;
  for (let t = 0; t < endMs; t += intervalMs, k++) {
    for (let i = 0; i < n; i++) threads[i]!.events.push({ t, state: i === k % n ? "running" : "gil_wait" });
  }
  return { title: "thrash", mode: "gil", endMs, threads, switchIntervalMs: intervalMs };
}

// ---------------------------------------------------------------------------------------------
// a small XML well-formedness check (no dependency)

function checkXml(xml: string): string[] {
  const errors: string[] = [];
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, "");
  const re = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<!--[\s\S]*?-->|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  let roots = 0;
  while ((m = re.exec(body)) !== null) {
    if (m[6] !== undefined) {
      errors.push(`stray '<' at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
      continue;
    }
    if (m[5] !== undefined) {
      const text = m[5];
      if (stack.length === 0 && text.trim() !== "") errors.push(`text outside the root: ${text.slice(0, 40)}`);
      const bad = text.replace(/&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, "");
      if (bad.includes("&") || bad.includes(">")) errors.push(`unescaped text: ${text.slice(0, 60)}`);
      continue;
    }
    if (m[2] === undefined) continue; // comment
    const [, close, name, attrs, selfClose] = m;
    if (attrs) {
      const names = [...attrs.matchAll(/([\w:.-]+)\s*=/g)].map((a) => a[1]!);
      if (new Set(names).size !== names.length) errors.push(`duplicate attribute in <${name}>`);
      for (const v of attrs.matchAll(/=\s*"([^"]*)"/g)) {
        if (v[1]!.replace(/&(?:amp|lt|gt|quot|apos|#\d+);/g, "").includes("&")) errors.push(`unescaped & in <${name}>`);
      }
    }
    if (close) {
      const open = stack.pop();
      if (open !== name) errors.push(`</${name}> closes <${open}>`);
    } else if (!selfClose) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length) errors.push(`unclosed: ${stack.join(" > ")}`);
  if (roots !== 1) errors.push(`${roots} root elements`);
  return errors;
}

function sumByState(segs: TraceSegment[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of segs) {
    const k = s.state === "blocked" ? `blocked:${s.detail ?? ""}` : s.state;
    out[k] = (out[k] ?? 0) + (s.end - s.start);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

describe("segments", () => {
  it("turn events into [t, next t) segments, the last ending at endMs, zero-length ones dropped", () => {
    const th: ThreadTrace = {
      tid: 7,
      name: "T",
      events: [
        { t: 1, state: "gil_wait" },
        { t: 1.5, state: "running" },
        { t: 4, state: "blocked", detail: "sleep" },
        { t: 4, state: "running" },
        { t: 6, state: "exited" },
      ],
    };
    expect(traceSegments(th, 10)).toEqual([
      { start: 1, end: 1.5, state: "gil_wait" },
      { start: 1.5, end: 4, state: "running" },
      { start: 4, end: 6, state: "running" },
      { start: 6, end: 10, state: "exited" },
    ]);
  });

  it("are clamped to [0, endMs] and sorted by time (stably)", () => {
    const th: ThreadTrace = {
      tid: 1,
      name: "T",
      events: [
        { t: 5, state: "blocked", detail: "lock" },
        { t: -1, state: "running" },
        { t: 3, state: "gil_wait" },
        { t: 12, state: "running" },
      ],
    };
    expect(traceSegments(th, 8)).toEqual([
      { start: 0, end: 3, state: "running" },
      { start: 3, end: 5, state: "gil_wait" },
      { start: 5, end: 8, state: "blocked", detail: "lock" },
    ]);
  });

  it("a thread with no events has no segments", () => {
    expect(traceSegments({ tid: 1, name: "T", events: [] }, 5)).toEqual([]);
  });
});

describe("pixel columns (laneRects)", () => {
  it("segments wider than a pixel keep their extent, snapped to columns", () => {
    const segs: TraceSegment[] = [
      { start: 0, end: 30, state: "running" },
      { start: 30, end: 50, state: "gil_wait" },
      { start: 50, end: 80, state: "blocked", detail: "join" },
      { start: 80, end: 100, state: "exited" },
    ];
    expect(laneRects(segs, 100, 100)).toEqual([
      { x0: 0, x1: 30, key: "running" },
      { x0: 30, x1: 50, key: "gil_wait" },
      { x0: 50, x1: 80, key: "blocked:join" },
    ]);
    // 10 ms per pixel: edges round to the state that has most of the pixel
    expect(laneRects([{ start: 0, end: 36, state: "running" }, { start: 36, end: 100, state: "gil_wait" }], 100, 10)).toEqual([
      { x0: 0, x1: 4, key: "running" },
      { x0: 4, x1: 10, key: "gil_wait" },
    ]);
  });

  it("a pixel gets the state that occupied most of it; time before the start and after exit stays empty", () => {
    const segs: TraceSegment[] = [
      { start: 2.2, end: 2.5, state: "gil_wait" },
      { start: 2.5, end: 3.1, state: "running" },
      { start: 3.1, end: 10, state: "running" },
    ];
    const rects = laneRects(segs, 10, 10);
    expect(rects).toEqual([{ x0: 2, x1: 10, key: "running" }]);
    // the thread exists for only 0.3 of its first pixel: that pixel stays empty
    expect(laneRects([{ start: 0.7, end: 5, state: "running" }], 10, 10)).toEqual([{ x0: 1, x1: 5, key: "running" }]);
  });

  it("thousands of sub-pixel segments: ≤ 1 rect per column, each state's total kept within a pixel", () => {
    // 0.1 ms hand-offs, 70/30 between running and gil_wait, over 1000 ms drawn on 700 columns
    const segs: TraceSegment[] = [];
    for (let t = 0; t < 1000; t += 0.1) {
      segs.push({ start: t, end: t + 0.07, state: "running" });
      segs.push({ start: t + 0.07, end: t + 0.1, state: "gil_wait" });
    }
    const cols = 700;
    const colMs = 1000 / cols;
    const rects = laneRects(segs, 1000, cols);
    expect(rects.length).toBeLessThanOrEqual(cols);
    const drawn: Record<string, number> = {};
    for (const r of rects) drawn[r.key] = (drawn[r.key] ?? 0) + (r.x1 - r.x0) * colMs;
    const truth = sumByState(segs);
    expect(Math.abs(drawn.running! - truth.running!)).toBeLessThanOrEqual(colMs + 1e-6);
    expect(Math.abs(drawn.gil_wait! - truth.gil_wait!)).toBeLessThanOrEqual(colMs + 1e-6);
    // and rects tile the lane without overlapping
    for (let i = 1; i < rects.length; i++) expect(rects[i]!.x0).toBeGreaterThanOrEqual(rects[i - 1]!.x1);
  });

  it("the same holds in every stretch: no state disappears under a majority", () => {
    // 55/45 at a sub-pixel scale: plain majority would paint everything "running"
    const segs: TraceSegment[] = [];
    for (let t = 0; t < 100; t += 0.02) {
      segs.push({ start: t, end: t + 0.011, state: "running" }, { start: t + 0.011, end: t + 0.02, state: "gil_wait" });
    }
    const rects = laneRects(segs, 100, 200);
    const colMs = 0.5;
    for (const [a, b] of [
      [0, 50],
      [50, 100],
      [0, 100],
    ] as const) {
      let wait = 0;
      for (const r of rects) if (r.key === "gil_wait") wait += Math.max(0, Math.min(r.x1, b * 2) - Math.max(r.x0, a * 2)) * colMs;
      expect(Math.abs(wait - 0.45 * (b - a))).toBeLessThanOrEqual(2 * colMs);
    }
  });
});

describe("summary", () => {
  it("sums running / GIL wait / blocked per thread in tid order, not counting exited time", () => {
    const input: TraceInput = {
      title: "t",
      mode: "gil",
      endMs: 20,
      threads: [
        { tid: 3, name: "B", events: [{ t: 0, state: "gil_wait" }, { t: 4, state: "running" }, { t: 10, state: "exited" }] },
        {
          tid: 1,
          name: "A",
          events: [
            { t: 0, state: "running" },
            { t: 4, state: "blocked", detail: "sleep" },
            { t: 5, state: "blocked", detail: "join" },
            { t: 10, state: "running" },
          ],
        },
      ],
    };
    expect(traceSummary(input)).toEqual([
      { tid: 1, name: "A", runningMs: 14, gilWaitMs: 0, blockedMs: 6 },
      { tid: 3, name: "B", runningMs: 6, gilWaitMs: 4, blockedMs: 0 },
    ]);
  });

  it("two CPU threads under a 5 ms GIL: each runs about half the time and waits the other half", () => {
    const input = scenarioTwoCpuThreads();
    const [main, t1, t2] = traceSummary(input);
    expect(main!.blockedMs).toBeGreaterThan(0.95 * input.endMs);
    for (const t of [t1!, t2!]) {
      expect(t.runningMs).toBeCloseTo(100, 2);
      expect(t.gilWaitMs).toBeGreaterThan(80);
    }
  });
});

describe("Chrome trace-event JSON", () => {
  it("has thread_name metadata per thread and one X event per segment, in µs", () => {
    const input = scenarioConvoy(60);
    const trace = renderChromeTrace(input);
    const json = JSON.parse(JSON.stringify(trace)) as { traceEvents: Record<string, unknown>[]; displayTimeUnit: string };
    expect(json.displayTimeUnit).toBe("ms");
    const meta = json.traceEvents.filter((e) => e.ph === "M" && e.name === "thread_name");
    expect(meta.map((e) => [e.tid, (e.args as { name: string }).name])).toEqual(input.threads.map((t) => [t.tid, t.name]));
    const xs = json.traceEvents.filter((e) => e.ph === "X");
    let expected = 0;
    for (const th of input.threads) expected += traceSegments(th, input.endMs).filter((s) => s.state !== "exited").length;
    expect(xs.length).toBe(expected);
    for (const e of xs) {
      expect(e.cat).toBe("gilvm");
      expect(e.pid).toBe(1);
      expect(typeof e.ts).toBe("number");
      expect(typeof e.dur).toBe("number");
      expect(e.dur as number).toBeGreaterThan(0);
      expect(input.threads.some((t) => t.tid === e.tid)).toBe(true);
      expect(["running", "gil_wait"].includes(e.name as string) || (e.name as string).startsWith("blocked")).toBe(true);
      expect((e.ts as number) + (e.dur as number)).toBeLessThanOrEqual(input.endMs * 1000 + 1e-3);
    }
    const sleep = xs.find((e) => e.name === "blocked: sleep")!;
    expect(sleep.args).toEqual({ detail: "sleep" });
    expect(xs.find((e) => e.name === "running")!.args).toBeUndefined();
    // segments of one thread do not overlap (Perfetto nests overlapping X events)
    for (const th of input.threads) {
      const mine = xs.filter((e) => e.tid === th.tid);
      for (let i = 1; i < mine.length; i++) {
        expect(mine[i]!.ts as number).toBeGreaterThanOrEqual((mine[i - 1]!.ts as number) + (mine[i - 1]!.dur as number) - 1e-9);
      }
    }
  });

  it("keeps every event, durations in µs, and drops zero-length ones", () => {
    const input: TraceInput = {
      title: "t",
      mode: "gil",
      endMs: 3,
      threads: [
        {
          tid: 5,
          name: "W",
          events: [
            { t: 0, state: "running" },
            { t: 0.0015, state: "gil_wait" },
            { t: 0.0015, state: "running" },
            { t: 1, state: "running" },
            { t: 2, state: "exited" },
          ],
        },
      ],
    };
    const xs = renderChromeTrace(input).traceEvents.filter((e) => e.ph === "X");
    expect(xs.map((e) => [e.name, e.ts, e.dur])).toEqual([
      ["running", 0, 1.5],
      ["running", 1.5, 998.5],
      ["running", 1000, 1000],
    ]);
  });
});

describe("SVG", () => {
  it("is well-formed, with one lane label per thread, a summary, ticks and a legend", () => {
    for (const input of [scenarioTwoCpuThreads(), scenarioConvoy(), scenarioNoGil()]) {
      const svg = renderTraceSvg(input);
      expect(checkXml(svg)).toEqual([]);
      expect(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")).toBe(true);
      expect(svg).toMatch(/width="1000"/);
      for (const t of input.threads) expect(svg).toContain(`>${t.name}</text>`);
      expect(svg).toContain("time (ms)");
      expect(svg).toContain(">running</text>");
      expect(svg).toContain(`mode: ${input.mode}`);
      // every font size is at least 11 px
      for (const m of svg.matchAll(/font-size="(\d+)"/g)) expect(Number(m[1])).toBeGreaterThanOrEqual(11);
    }
  });

  it("escapes the title and thread names", () => {
    const input: TraceInput = {
      title: `a <b> & "c"`,
      mode: "gil",
      endMs: 10,
      threads: [{ tid: 1, name: "<main & co>", events: [{ t: 0, state: "running" }] }],
    };
    const svg = renderTraceSvg(input, { width: 600 });
    expect(checkXml(svg)).toEqual([]);
    expect(svg).toContain("a &lt;b&gt; &amp; &quot;c&quot;");
    expect(svg).toContain("&lt;main &amp; co&gt;");
  });

  it("the per-lane percentages add up to the thread's lifetime", () => {
    const svg = renderTraceSvg(scenarioNoGil());
    // Thread-2 (crunch): 152.0 ms alive, 2.5 ms of them blocked on a lock
    expect(svg).toContain(">98%</text>");
    expect(svg).toContain(">2%</text>");
    // under half a percent shows as "<1%", escaped
    const tiny: TraceInput = {
      title: "t",
      mode: "gil",
      endMs: 1000,
      threads: [{ tid: 1, name: "M", events: [{ t: 0, state: "running" }, { t: 999, state: "gil_wait" }, { t: 999.5, state: "running" }] }],
    };
    const svg2 = renderTraceSvg(tiny);
    expect(svg2).toContain(">&lt;1%</text>");
    expect(svg2).toContain(">&gt;99%</text>");
    expect(checkXml(svg2)).toEqual([]);
  });

  it("ticks are round numbers whose labels do not overlap", () => {
    expect(timeTicks(206.3, 700).ticks).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
    expect(timeTicks(10_000, 700).ticks).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000]);
    expect(timeTicks(0.8, 700).ticks).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
    for (const end of [0.37, 3, 17, 99, 123, 1000, 4321, 65_000, 3_600_000]) {
      const { step, ticks } = timeTicks(end, 700);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      const label = Math.max(...ticks.map((t) => String(t).length));
      expect((step / end) * 700).toBeGreaterThanOrEqual(Math.max(label * 11 * 0.64 + 16, 56) - 1e-9);
      expect(ticks[ticks.length - 1]!).toBeLessThanOrEqual(end + 1e-9);
    }
  });

  it("handles an empty run and a run with no threads", () => {
    expect(checkXml(renderTraceSvg({ title: "empty", mode: "gil", endMs: 0, threads: [] }))).toEqual([]);
    expect(checkXml(renderTraceSvg({ title: "x", mode: "nogil", endMs: 5, threads: [{ tid: 1, name: "M", events: [] }] }))).toEqual([]);
  });

  it("200 000 events render in well under a second, and the SVG stays small", () => {
    // two threads handing the GIL over every 0.1 ms for 10 s: 100 000 hand-offs, 200 000 events
    const input = thrash(2, 10_000, 0.1);
    expect(input.threads.reduce((n, t) => n + t.events.length, 0)).toBe(200_000);
    const t0 = performance.now();
    const svg = renderTraceSvg(input);
    const t1 = performance.now();
    const chrome = renderChromeTrace(input);
    const t2 = performance.now();
    expect(t1 - t0).toBeLessThan(1000);
    expect(t2 - t1).toBeLessThan(1000);
    expect(chrome.traceEvents.filter((e) => e.ph === "X").length).toBe(200_000);
    const rects = svg.match(/<rect /g)!.length;
    expect(rects).toBeLessThanOrEqual(2 * 1000 + 20);
    expect(svg.length).toBeLessThan(200_000);
    expect(checkXml(svg)).toEqual([]);
  });
});

if (process.env.GILVM_WRITE_TRACE_IMAGES) {
  describe("docs/img pictures", () => {
    it("writes docs/img/trace_*.svg", () => {
      const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "docs", "img");
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "trace_gil_two_cpu.svg"), renderTraceSvg(scenarioTwoCpuThreads()));
      writeFileSync(path.join(dir, "trace_gil_convoy.svg"), renderTraceSvg(scenarioConvoy()));
      writeFileSync(path.join(dir, "trace_nogil_four.svg"), renderTraceSvg(scenarioNoGil()));
    });
  });
}
