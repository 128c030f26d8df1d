/** Number formatting shared by the tables (text and Markdown) of every suite. */
import type { Summary } from "./stats.js";

export function fixed(x: number | null | undefined, digits: number): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(digits);
}

/** Seconds from milliseconds, with the spread: `1.234 s (1.20–1.31)`. */
export function seconds(s: Summary | null, digits = 3): string {
  if (s === null) return "n/a";
  if (s.n === 1) return `${(s.median / 1000).toFixed(digits)} s`; // one run: no spread to show
  return `${(s.median / 1000).toFixed(digits)} s (${(s.min / 1000).toFixed(2)}–${(s.max / 1000).toFixed(2)})`;
}

/** A plain number with its spread: `312 (290–330)`. */
export function withSpread(s: Summary | null, digits = 0): string {
  if (s === null) return "n/a";
  if (s.n === 1) return s.median.toFixed(digits);
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}

export function times(r: number | null, digits = 2): string {
  return r === null || !Number.isFinite(r) ? "n/a" : `${r.toFixed(digits)}×`;
}

/** A relative change: +4.1 %, −2.0 %. */
export function percent(r: number | null, digits = 1): string {
  if (r === null || !Number.isFinite(r)) return "n/a";
  const p = (r - 1) * 100;
  return `${p >= 0 ? "+" : "−"}${Math.abs(p).toFixed(digits)} %`;
}

export function share(part: number, whole: number): string {
  return whole === 0 ? "n/a" : `${((100 * part) / whole).toFixed(1)} %`;
}

/** 1234567 → 1,234,567 */
export function count(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "n/a" : Math.round(x).toLocaleString("en-US");
}

export function mib(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined || !Number.isFinite(bytes) ? "n/a" : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}
