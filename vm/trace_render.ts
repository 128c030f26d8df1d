/**
 * Timeline pictures of a run: what each Python thread was doing over time (running bytecode,
 * waiting for the GIL, blocked in a sleep/lock/join/queue get, exited).
 *
 * Pure rendering, no I/O and no dependencies: the events are recorded elsewhere and handed in as
 * a {@link TraceInput}.
 *  - {@link renderTraceSvg}: the picture David Beazley used to explain the GIL — one lane per
 *    thread, coloured by state over a time axis in ms, with a legend and a per-lane summary.
 *    Hand-written SVG whose size is bounded by the picture's width, not by the number of events:
 *    each lane is cut into pixel columns, each column gets one colour, and runs of equal columns
 *    become one rect (so at most one rect per pixel column per lane).
 *  - {@link renderChromeTrace}: every event, in the Chrome trace-event JSON object format that
 *    Perfetto (ui.perfetto.dev) and chrome://tracing open.
 *  - {@link traceSummary}: time per state per thread, used by both.
 */

export type ThreadStateName = "running" | "gil_wait" | "blocked" | "exited";

/** `t`: ms since program start; the thread is in `state` from `t` until its next event. */
export interface TraceEvent {
  t: number;
  state: ThreadStateName;
  /** for "blocked": what on ("sleep", "lock", "join", "queue", "condition", "event", "semaphore", …) */
  detail?: string;
}

export interface ThreadTrace {
  tid: number;
  name: string;
  events: TraceEvent[];
}

export interface TraceInput {
  title: string;
  mode: string;
  endMs: number;
  threads: ThreadTrace[];
  switchIntervalMs?: number;
}

/** The thread was in `state` over [start, end) ms. */
export interface TraceSegment {
  start: number;
  end: number;
  state: ThreadStateName;
  detail?: string;
}

export interface TraceSummaryRow {
  tid: number;
  name: string;
  runningMs: number;
  gilWaitMs: number;
  blockedMs: number;
}

export interface ChromeTraceEvent {
  name: string;
  ph: "X" | "M";
  pid: number;
  tid: number;
  cat?: string;
  ts?: number;
  dur?: number;
  args?: Record<string, string | number>;
}

export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: "ms";
  otherData?: Record<string, string | number>;
}

// ---------------------------------------------------------------------------------------------
// Segments and summary

/** The run's length in ms: `endMs` when it is a positive number, else the last event's time. */
function effectiveEnd(input: TraceInput): number {
  if (Number.isFinite(input.endMs) && input.endMs > 0) return input.endMs;
  let end = 0;
  for (const th of input.threads) for (const e of th.events) if (Number.isFinite(e.t) && e.t > end) end = e.t;
  return end;
}

function sortedEvents(events: TraceEvent[]): TraceEvent[] {
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.t < events[i - 1]!.t) {
      // stable: events at equal times keep their recorded order
      return events.map((e, j) => [e, j] as const).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map((p) => p[0]);
    }
  }
  return events;
}

/**
 * One segment per event: from its time to the next event's (or `endMs` for the last), clamped
 * to [0, endMs]; zero-length segments are dropped. Equal consecutive states are NOT merged, so
 * every event that lasted survives (the Chrome trace wants them all). "exited" segments are kept
 * (callers skip them).
 */
export function traceSegments(thread: ThreadTrace, endMs: number): TraceSegment[] {
  const events = sortedEvents(thread.events);
  const out: TraceSegment[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const next = i + 1 < events.length ? events[i + 1]!.t : endMs;
    const start = Math.max(0, Math.min(e.t, endMs));
    const end = Math.max(0, Math.min(next, endMs));
    if (!(end > start)) continue;
    const seg: TraceSegment = { start, end, state: e.state };
    if (e.detail !== undefined && e.detail !== "") seg.detail = e.detail;
    out.push(seg);
  }
  return out;
}

function threadsByTid(input: TraceInput): ThreadTrace[] {
  return [...input.threads].sort((a, b) => a.tid - b.tid);
}

/** Ms spent running / waiting for the GIL / blocked, per thread, in tid order. */
export function traceSummary(input: TraceInput): TraceSummaryRow[] {
  const end = effectiveEnd(input);
  return threadsByTid(input).map((th) => {
    const row: TraceSummaryRow = { tid: th.tid, name: th.name, runningMs: 0, gilWaitMs: 0, blockedMs: 0 };
    for (const s of traceSegments(th, end)) {
      const d = s.end - s.start;
      if (s.state === "running") row.runningMs += d;
      else if (s.state === "gil_wait") row.gilWaitMs += d;
      else if (s.state === "blocked") row.blockedMs += d;
    }
    return row;
  });
}

// ---------------------------------------------------------------------------------------------
// Chrome trace-event format

/** µs, rounded to the ns so that contiguous segments stay exactly contiguous */
function toUs(ms: number): number {
  return Math.round(ms * 1e6) / 1e3;
}

function segmentName(state: ThreadStateName, detail: string | undefined): string {
  return state === "blocked" && detail ? `blocked: ${detail}` : state;
}

/**
 * The Chrome trace-event JSON object format: a `thread_name` metadata event per thread and a
 * complete ("X") event per segment of every event (zero-length segments and the time after a
 * thread exited are left out). `JSON.stringify` the result to get the file.
 */
export function renderChromeTrace(input: TraceInput): ChromeTrace {
  const end = effectiveEnd(input);
  const threads = threadsByTid(input);
  const traceEvents: ChromeTraceEvent[] = [
    { name: "process_name", ph: "M", pid: 1, tid: 0, args: { name: `gilvm: ${input.title} (${input.mode})` } },
  ];
  for (const th of threads) traceEvents.push({ name: "thread_name", ph: "M", pid: 1, tid: th.tid, args: { name: th.name } });
  for (const th of threads) {
    for (const s of traceSegments(th, end)) {
      if (s.state === "exited") continue;
      const ts = toUs(s.start);
      const dur = Math.round((toUs(s.end) - ts) * 1e3) / 1e3;
      if (!(dur > 0)) continue;
      const ev: ChromeTraceEvent = { name: segmentName(s.state, s.detail), cat: "gilvm", ph: "X", ts, dur, pid: 1, tid: th.tid };
      if (s.detail !== undefined) ev.args = { detail: s.detail };
      traceEvents.push(ev);
    }
  }
  const otherData: Record<string, string | number> = { title: input.title, mode: input.mode, endMs: end };
  if (input.switchIntervalMs !== undefined) otherData.switchIntervalMs = input.switchIntervalMs;
  return { traceEvents, displayTimeUnit: "ms", otherData };
}

// ---------------------------------------------------------------------------------------------
// Pixel columns

/** What a lane's pixel shows: a state, or a blocked state with what it is blocked on. */
export type LaneKey = "running" | "gil_wait" | `blocked:${string}`;

/** Pixel columns [x0, x1) of a lane painted with `key`. */
export interface LaneRect {
  x0: number;
  x1: number;
  key: LaneKey;
}

function laneKey(s: TraceSegment): LaneKey | null {
  if (s.state === "running" || s.state === "gil_wait") return s.state;
  if (s.state === "blocked") return `blocked:${s.detail ?? ""}`;
  return null; // exited: nothing
}

const EPS = 1e-9;

/**
 * Cuts [0, endMs] into `columns` pixel columns and gives each one colour, then merges runs of
 * equal columns into rects (time not covered — before the thread started, after it exited —
 * is left empty). A column covered by one state gets that state. A column shared by several
 * (segments shorter than a pixel) gets the state that occupied most of it, corrected by the
 * rounding error carried over from the previous shared columns (1-D error diffusion, restarted
 * at every unshared column), and only ever a state that occurred in it: a stretch of thousands
 * of sub-pixel hand-offs between two states keeps each state's total drawn time within about a
 * pixel of its true total, and shows as a fine hatching in the right proportion instead of one
 * colour winning everywhere.
 */
export function laneRects(segments: TraceSegment[], endMs: number, columns: number): LaneRect[] {
  return laneColumns(segments, endMs, columns).rects;
}

interface LaneColumns {
  rects: LaneRect[];
  /** the longest run of adjacent columns shared by several states (fast switching) */
  longestMixedRun: number;
  /** per key, in how many shared columns it occurred */
  mixedKeys: Map<LaneKey, number>;
}

function laneColumns(segments: TraceSegment[], endMs: number, columns: number): LaneColumns {
  const cols = Math.max(1, Math.floor(columns));
  const mixedKeys = new Map<LaneKey, number>();
  if (!(endMs > 0)) return { rects: [], longestMixedRun: 0, mixedKeys };
  const colMs = endMs / cols;
  const keys: LaneKey[] = [];
  const keyIndex = new Map<string, number>();
  const occ: Float64Array[] = []; // occ[k][c]: fraction of column c occupied by key k
  for (const s of segments) {
    const key = laneKey(s);
    if (key === null) continue;
    let k = keyIndex.get(key);
    if (k === undefined) {
      k = keys.length;
      keys.push(key);
      keyIndex.set(key, k);
      occ.push(new Float64Array(cols));
    }
    const a = occ[k]!;
    const x0 = Math.max(0, s.start / colMs);
    const x1 = Math.min(cols, s.end / colMs);
    if (!(x1 > x0)) continue;
    const c0 = Math.min(cols - 1, Math.floor(x0));
    const c1 = Math.min(cols - 1, Math.ceil(x1) - 1);
    if (c0 === c1) {
      a[c0]! += x1 - x0;
    } else {
      a[c0]! += c0 + 1 - x0;
      for (let c = c0 + 1; c < c1; c++) a[c]! += 1;
      a[c1]! += x1 - c1;
    }
  }
  const nk = keys.length;
  const debt = new Float64Array(nk);
  const colour = new Int32Array(cols).fill(-1);
  const mixedCount = new Float64Array(nk);
  let run = 0;
  let longestMixedRun = 0;
  for (let c = 0; c < cols; c++) {
    let covered = 0;
    let present = 0;
    let only = -1;
    for (let k = 0; k < nk; k++) {
      const f = occ[k]![c]!;
      if (f > EPS) {
        covered += f;
        present++;
        only = k;
      }
    }
    if (present === 0 || (present === 1 && covered >= 1 - 1e-6)) {
      colour[c] = only; // empty, or one state over the whole column
      debt.fill(0);
      run = 0;
      continue;
    }
    if (present >= 2) {
      longestMixedRun = Math.max(longestMixedRun, ++run);
      for (let k = 0; k < nk; k++) if (occ[k]![c]! > EPS) mixedCount[k]!++;
    } else run = 0;
    const gap = Math.max(0, 1 - covered); // not alive in part of this column
    let best = -1;
    let bestV = gap; // a column mostly outside the thread's life stays empty
    for (let k = 0; k < nk; k++) {
      const f = occ[k]![c]!;
      const v = f + debt[k]!;
      if (f > EPS && v > bestV) {
        best = k;
        bestV = v;
      }
    }
    for (let k = 0; k < nk; k++) debt[k] = debt[k]! + occ[k]![c]! - (k === best ? 1 : 0);
    colour[c] = best;
  }
  const rects: LaneRect[] = [];
  for (let c = 0; c < cols; ) {
    const k = colour[c]!;
    let e = c + 1;
    while (e < cols && colour[e] === k) e++;
    if (k >= 0) rects.push({ x0: c, x1: e, key: keys[k]! });
    c = e;
  }
  for (let k = 0; k < nk; k++) if (mixedCount[k]! > 0) mixedKeys.set(keys[k]!, mixedCount[k]!);
  return { rects, longestMixedRun, mixedKeys };
}

// ---------------------------------------------------------------------------------------------
// Colours and labels

const RUNNING = "#2ca02c";
const GIL_WAIT = "#e8551f";
const BLOCKED_COLOURS: Record<string, string> = {
  sleep: "#9ecae1",
  join: "#a3a3a3",
  lock: "#3d6fb6",
  queue: "#5aa6c8",
  condition: "#7b76c2",
  event: "#4aa39a",
  semaphore: "#8e5fa8",
  io: "#6f8fb0",
};
const BLOCKED_OTHER = "#7f8c99";
const LANE_BG = "#f3f3f3";

function keyColour(key: LaneKey): string {
  if (key === "running") return RUNNING;
  if (key === "gil_wait") return GIL_WAIT;
  return BLOCKED_COLOURS[key.slice("blocked:".length)] ?? BLOCKED_OTHER;
}

function keyLabel(key: LaneKey): string {
  if (key === "running") return "running";
  if (key === "gil_wait") return "waiting for the GIL";
  const d = key.slice("blocked:".length);
  return d ? `blocked: ${d}` : "blocked";
}

/** legend order: running, GIL wait, then the blocked kinds in the order above, then others */
function keyOrder(key: LaneKey): number {
  if (key === "running") return 0;
  if (key === "gil_wait") return 1;
  const d = key.slice("blocked:".length);
  const i = Object.keys(BLOCKED_COLOURS).indexOf(d);
  return i >= 0 ? 2 + i : 100;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** a slightly generous width estimate for sans-serif text (DejaVu Sans, among the widest) */
function textWidth(s: string, fontPx: number, bold = false): number {
  let w = 0;
  for (const ch of s) {
    if (/[0-9]/.test(ch)) w += 0.64;
    else if (/[iljI.,:;'`|! ()\[\]f t]/.test(ch)) w += 0.36;
    else if (/[mwMW%@]/.test(ch)) w += 0.92;
    else if (/[A-Z]/.test(ch)) w += 0.72;
    else w += 0.6;
  }
  return w * fontPx * (bold ? 1.1 : 1);
}

function truncate(s: string, fontPx: number, maxPx: number, bold = false): string {
  if (textWidth(s, fontPx, bold) <= maxPx) return s;
  let t = s;
  while (t.length > 1 && textWidth(t + "…", fontPx, bold) > maxPx) t = t.slice(0, -1);
  return t + "…";
}

/** trims a number for display: 1234.5 → "1234.5", 12.345678 → "12.35", 0.00042 → "0.00042" */
function fmtMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(1).replace(/\.0$/, "");
  if (ms >= 1) return String(Number(ms.toFixed(2)));
  return String(Number(ms.toPrecision(2)));
}

function pct(part: number, whole: number): string {
  if (!(whole > 0) || part <= 0) return "0%";
  const p = (100 * part) / whole;
  if (p < 0.5) return "<1%";
  if (p > 99.5 && part < whole - 1e-9) return ">99%";
  return `${Math.round(p)}%`;
}

/** round-number ticks (1, 2, 5 × 10^k ms) whose labels do not touch */
export function timeTicks(endMs: number, plotWidthPx: number, fontPx = 11): { step: number; ticks: number[]; decimals: number } {
  const end = endMs > 0 ? endMs : 1;
  let exp = Math.floor(Math.log10(end / 20)) - 1;
  for (let guard = 0; guard < 40; guard++, exp++) {
    for (const m of [1, 2, 5]) {
      const step = m * 10 ** exp;
      const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
      const n = Math.floor(end / step + 1e-9);
      const widest = textWidth((n * step).toFixed(decimals), fontPx);
      if ((step / end) * plotWidthPx >= Math.max(widest + 16, 56)) {
        const ticks: number[] = [];
        for (let i = 0; i <= n; i++) ticks.push(Number((i * step).toFixed(decimals)));
        return { step, ticks, decimals };
      }
    }
  }
  return { step: end, ticks: [0], decimals: 0 };
}

// ---------------------------------------------------------------------------------------------
// SVG

const FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif";

/**
 * A complete standalone SVG (default 1000 px wide): a title line, one lane per thread in tid
 * order (name on the left, states as colours, "% of the thread's lifetime" running / waiting for
 * the GIL / blocked on the right), a time axis in ms with round-number ticks, and a legend of
 * the states that occur. Its size depends on the width and the number of threads, not on the
 * number of events.
 */
export function renderTraceSvg(input: TraceInput, opts?: { width?: number }): string {
  const W = Math.max(480, Math.round(opts?.width ?? 1000));
  const end = effectiveEnd(input) || 1;
  const threads = threadsByTid(input);
  const summary = traceSummary(input);

  const PAD = 14;
  const NAME_PX = 12;
  const SMALL = 11;
  const labelW = Math.ceil(Math.min(220, Math.max(60, ...threads.map((t) => textWidth(t.name, NAME_PX)))) + 12);
  const statCol = 58;
  const statW = 3 * statCol + 14;
  const plotX = PAD + labelW;
  const plotW = Math.max(120, W - plotX - statW - PAD);
  const statX = plotX + plotW + 14;

  const titleY = 26;
  const captionY = 50;
  const headerY = 66;
  const lanesTop = 74;
  const laneH = 26;
  const laneGap = 8;
  const lanesBottom = lanesTop + Math.max(1, threads.length) * (laneH + laneGap) - laneGap;
  const axisY = lanesBottom + 6;
  const tickLabelY = axisY + 18;
  const axisTitleY = axisY + 36;

  const used = new Set<LaneKey>();
  const mixed = new Map<LaneKey, number>(); // keys seen in stretches of fast switching
  const bgParts: string[] = [];
  const segParts: string[] = [];
  const textParts: string[] = [];
  threads.forEach((th, i) => {
    const y = lanesTop + i * (laneH + laneGap);
    const row = summary[i]!;
    const alive = row.runningMs + row.gilWaitMs + row.blockedMs;
    bgParts.push(`<rect x="${plotX}" y="${y}" width="${plotW}" height="${laneH}"/>`);
    const byKey = new Map<LaneKey, string[]>();
    const lane = laneColumns(traceSegments(th, end), end, plotW);
    if (lane.longestMixedRun >= 8) for (const [k, n] of lane.mixedKeys) mixed.set(k, (mixed.get(k) ?? 0) + n);
    for (const r of lane.rects) {
      used.add(r.key);
      let list = byKey.get(r.key);
      if (!list) byKey.set(r.key, (list = []));
      list.push(`<rect x="${plotX + r.x0}" width="${r.x1 - r.x0}" height="${laneH}"/>`);
    }
    segParts.push(`<g transform="translate(0 ${y})">`);
    for (const [key, list] of [...byKey].sort((a, b) => keyOrder(a[0]) - keyOrder(b[0]))) {
      segParts.push(`<g fill="${keyColour(key)}"><title>${esc(keyLabel(key))}</title>${list.join("")}</g>`);
    }
    segParts.push(`</g>`);
    const ty = y + laneH / 2 + 4;
    const name = truncate(th.name, NAME_PX, labelW - 12);
    textParts.push(
      `<text x="${plotX - 10}" y="${ty}" text-anchor="end"><title>${esc(`${th.name} (tid ${th.tid})`)}</title>${esc(name)}</text>`,
    );
    [pct(row.runningMs, alive), pct(row.gilWaitMs, alive), pct(row.blockedMs, alive)].forEach((s, j) => {
      textParts.push(`<text x="${statX + (j + 1) * statCol - 8}" y="${ty}" text-anchor="end">${esc(s)}</text>`);
    });
  });

  // axis and grid
  const ticks = timeTicks(end, plotW, SMALL);
  const gridParts: string[] = [];
  const axisLines: string[] = [`<line x1="${plotX}" y1="${axisY + 0.5}" x2="${plotX + plotW}" y2="${axisY + 0.5}"/>`];
  const axisTexts: string[] = [];
  for (const t of ticks.ticks) {
    const x = Math.round(plotX + (t / end) * plotW) + 0.5;
    gridParts.push(`<line x1="${x}" y1="${lanesTop - 2}" x2="${x}" y2="${lanesBottom}"/>`);
    axisLines.push(`<line x1="${x}" y1="${axisY}" x2="${x}" y2="${axisY + 5}"/>`);
    axisTexts.push(`<text x="${x}" y="${tickLabelY}">${t.toFixed(ticks.decimals)}</text>`);
  }
  axisTexts.push(`<text x="${plotX + plotW / 2}" y="${axisTitleY}" fill="#555">time (ms)</text>`);

  // legend: the states that occur, always running and GIL wait, then "not alive"
  used.add("running");
  if (input.mode.toLowerCase().includes("gil") && !/no.?gil|free/i.test(input.mode)) used.add("gil_wait");
  for (const row of summary) if (row.gilWaitMs > 0) used.add("gil_wait");
  const legendItems: { label: string; fill: string; stroke?: string }[] = [...used]
    .sort((a, b) => keyOrder(a) - keyOrder(b) || a.localeCompare(b))
    .map((k) => ({ label: keyLabel(k), fill: keyColour(k) }));
  legendItems.push({ label: "not started / exited", fill: LANE_BG, stroke: "#bbb" });
  // switching faster than a pixel shows as alternating 1-px columns (a blend at a glance): say so
  let defs = "";
  if (mixed.size >= 2) {
    const [a, b] = [...mixed].sort((x, y) => y[1] - x[1] || keyOrder(x[0]) - keyOrder(y[0]));
    defs =
      `<defs><pattern id="mix" width="4" height="4" patternUnits="userSpaceOnUse">` +
      `<rect width="2" height="4" fill="${keyColour(a![0])}"/><rect x="2" width="2" height="4" fill="${keyColour(b![0])}"/></pattern></defs>`;
    legendItems.push({ label: `switching faster than a pixel (1 px = ${fmtMs(end / plotW)} ms)`, fill: "url(#mix)" });
  }
  const legendParts: string[] = [];
  let lx = plotX;
  let ly = axisTitleY + 24;
  const legendRight = W - PAD;
  for (const item of legendItems) {
    const w = 14 + 6 + textWidth(item.label, NAME_PX) + 18;
    if (lx + w > legendRight && lx > plotX) {
      lx = plotX;
      ly += 20;
    }
    legendParts.push(
      `<rect x="${lx}" y="${ly - 11}" width="14" height="14" fill="${item.fill}"${item.stroke ? ` stroke="${item.stroke}"` : ""}/>` +
        `<text x="${lx + 20}" y="${ly + 1}" font-size="${NAME_PX}" fill="#222">${esc(item.label)}</text>`,
    );
    lx += w;
  }
  const H = ly + 16;

  // title line
  const meta = [`mode: ${input.mode}`, `${fmtMs(end)} ms`];
  if (input.switchIntervalMs !== undefined) meta.push(`switch interval ${fmtMs(input.switchIntervalMs)} ms`);
  const metaText = meta.join("  ·  ");
  const titleText = truncate(input.title, 15, Math.max(80, W - 2 * PAD - textWidth(metaText, 12) - 24), true);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}" role="img">`,
    `<title>${esc(`${input.title} — ${metaText}`)}</title>`,
    ...(defs ? [defs] : []),
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${PAD}" y="${titleY}" font-size="12" fill="#555"><tspan font-size="15" font-weight="bold" fill="#111">${esc(titleText)}</tspan><tspan dx="16">${esc(metaText)}</tspan></text>`,
    `<g font-size="${SMALL}" text-anchor="end">`,
    `<text x="${statX + 3 * statCol - 8}" y="${captionY}" fill="#666">% of each thread's lifetime</text>`,
    `<text x="${statX + statCol - 8}" y="${headerY}" font-weight="bold" fill="#1f7a1f">running</text>`,
    `<text x="${statX + 2 * statCol - 8}" y="${headerY}" font-weight="bold" fill="#c2410c">GIL wait</text>`,
    `<text x="${statX + 3 * statCol - 8}" y="${headerY}" font-weight="bold" fill="#3d6fb6">blocked</text>`,
    `</g>`,
    // lane backgrounds, then the grid (seen where a thread is not alive), then the segments
    `<g shape-rendering="crispEdges">`,
    `<g fill="${LANE_BG}">`,
    ...bgParts,
    `</g>`,
    `<g stroke="#d0d0d0">`,
    ...gridParts,
    `</g>`,
    ...segParts,
    `<g stroke="#555">`,
    ...axisLines,
    `</g>`,
    `</g>`,
    `<g font-size="${NAME_PX}" fill="#222">`,
    ...textParts,
    `</g>`,
    `<g font-size="${SMALL}" fill="#333" text-anchor="middle">`,
    ...axisTexts,
    `</g>`,
    ...legendParts,
    `</svg>`,
  ];
  return parts.join("\n") + "\n";
}
