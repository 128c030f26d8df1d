/**
 * Line charts as hand-written SVG (no plotting library): axes with ticks and grid lines, axis
 * labels, a title, a legend beside the plot, one polyline with point markers per series;
 * reference lines (the ideal speed-up) as dashed series without markers. Pure: data in, text
 * out.
 */

export interface Series {
  name: string;
  /** [x, y] pairs; the caller leaves out what was not measured. */
  points: [number, number][];
  color: string;
  dashed?: boolean;
  /** Markers at the points (default true; false for reference lines). */
  markers?: boolean;
}

export interface LineChart {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  /** Powers of two along x, evenly spaced (thread and worker counts). */
  xLog2?: boolean;
  /** Where x ticks go (default: every x in the data). */
  xTicks?: number[];
  series: Series[];
}

/** Colours that stay apart for most readers (the Tableau 10 set). */
export const COLORS = {
  blue: "#1f77b4", orange: "#ff7f0e", green: "#2ca02c", red: "#d62728", purple: "#9467bd",
  brown: "#8c564b", pink: "#e377c2", gray: "#7f7f7f", olive: "#bcbd22", cyan: "#17becf",
};

const W = 960;
const H = 560;
const PLOT = { left: 84, right: W - 250, top: 78, bottom: H - 72 };
/** Room between the y axis (and the plot's right end) and the first (last) x tick. */
const X_INSET = 26;
const FONT = "DejaVu Sans, Arial, Helvetica, sans-serif";

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A step of 1, 2 or 5 × 10^k that cuts [0, max] into about `parts` pieces. */
export function niceStep(max: number, parts = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / parts;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function label(v: number, step: number): string {
  const digits = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step)));
  return v.toFixed(digits);
}

export function renderLineChart(c: LineChart): string {
  const all = c.series.flatMap((s) => s.points);
  const xsData = [...new Set(all.map(([x]) => x))].sort((a, b) => a - b);
  const xTicks = c.xTicks ?? xsData;
  const fx = (x: number) => (c.xLog2 ? Math.log2(x) : x);
  const xDomain = [...xTicks, ...xsData].map(fx);
  let x0 = Math.min(...xDomain);
  let x1 = Math.max(...xDomain);
  if (!Number.isFinite(x0)) [x0, x1] = [0, 1];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  // y spans 0 and every value (a negative one too: a cost below the baseline's is noise, shown)
  const yMaxData = Math.max(0, ...all.map(([, y]) => y));
  const yMinData = Math.min(0, ...all.map(([, y]) => y));
  const step = niceStep((yMaxData - yMinData) * 1.05 || 1);
  const yMax = Math.max(step, Math.ceil((yMaxData * 1.05) / step) * step);
  const yMin = Math.floor((yMinData * 1.05) / step) * step;
  const px = (x: number) => PLOT.left + X_INSET + ((fx(x) - x0) / (x1 - x0)) * (PLOT.right - PLOT.left - 2 * X_INSET);
  const py = (y: number) => PLOT.bottom - ((y - yMin) / (yMax - yMin)) * (PLOT.bottom - PLOT.top);

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${W / 2}" y="30" text-anchor="middle" font-size="19" font-weight="bold" fill="#222">${esc(c.title)}</text>`);
  if (c.subtitle) out.push(`<text x="${W / 2}" y="54" text-anchor="middle" font-size="13" fill="#555">${esc(c.subtitle)}</text>`);

  // grid and y ticks
  for (let i = 0, v = yMin; v <= yMax + step / 2; i++, v = yMin + i * step) {
    const y = py(v).toFixed(1);
    const zero = Math.abs(v) < step / 2 && yMin < 0;
    out.push(`<line x1="${PLOT.left}" y1="${y}" x2="${PLOT.right}" y2="${y}" stroke="${zero ? "#999" : "#e3e3e3"}" stroke-width="1"/>`);
    out.push(`<text x="${PLOT.left - 8}" y="${y}" dy="4" text-anchor="end" font-size="12" fill="#333">${label(Math.abs(v) < step / 2 ? 0 : v, step)}</text>`);
  }
  // x ticks
  for (const t of xTicks) {
    const x = px(t).toFixed(1);
    out.push(`<line x1="${x}" y1="${PLOT.bottom}" x2="${x}" y2="${PLOT.bottom + 6}" stroke="#333" stroke-width="1"/>`);
    out.push(`<text x="${x}" y="${PLOT.bottom + 21}" text-anchor="middle" font-size="12" fill="#333">${esc(String(t))}</text>`);
  }
  // axes
  out.push(`<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}" stroke="#333" stroke-width="1.2"/>`);
  out.push(`<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${PLOT.bottom}" stroke="#333" stroke-width="1.2"/>`);
  out.push(`<text x="${(PLOT.left + PLOT.right) / 2}" y="${H - 22}" text-anchor="middle" font-size="14" fill="#222">${esc(c.xLabel)}</text>`);
  const midY = (PLOT.top + PLOT.bottom) / 2;
  out.push(`<text x="22" y="${midY}" text-anchor="middle" font-size="14" fill="#222" transform="rotate(-90 22 ${midY})">${esc(c.yLabel)}</text>`);

  // series
  for (const s of c.series) {
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    const dash = s.dashed ? ` stroke-dasharray="7 5"` : "";
    if (pts.length > 1) {
      const d = pts.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ");
      out.push(`<polyline points="${d}" fill="none" stroke="${s.color}" stroke-width="2.4"${dash}/>`);
    }
    if (s.markers !== false || pts.length === 1) {
      for (const [x, y] of pts) out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="4" fill="${s.color}"/>`);
    }
  }

  // legend, right of the plot
  const lx = PLOT.right + 22;
  c.series.forEach((s, i) => {
    const y = PLOT.top + 8 + i * 24;
    const dash = s.dashed ? ` stroke-dasharray="7 5"` : "";
    out.push(`<line x1="${lx}" y1="${y}" x2="${lx + 30}" y2="${y}" stroke="${s.color}" stroke-width="2.4"${dash}/>`);
    if (s.markers !== false) out.push(`<circle cx="${lx + 15}" cy="${y}" r="4" fill="${s.color}"/>`);
    const name = s.points.length === 0 ? `${s.name} (no data)` : s.name;
    out.push(`<text x="${lx + 38}" y="${y}" dy="4" font-size="12.5" fill="#222">${esc(name)}</text>`);
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}
