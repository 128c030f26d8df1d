/**
 * Summaries of repeated measurements: the median (robust to the one slow run a shared machine
 * produces) and the spread as the smallest and largest run.
 */

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** null when there is nothing to summarise (every run failed). */
export function summarise(xs: number[]): Summary | null {
  const ok = xs.filter((x) => Number.isFinite(x));
  if (ok.length === 0) return null;
  return { n: ok.length, median: median(ok), min: Math.min(...ok), max: Math.max(...ok) };
}

/** `a / b` of two medians, or null when either is missing or b is zero. */
export function ratio(a: Summary | null | undefined, b: Summary | null | undefined): number | null {
  if (!a || !b || b.median === 0) return null;
  return a.median / b.median;
}
