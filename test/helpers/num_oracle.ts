/**
 * The JavaScript side of the numeric differential tests: encodes cases, runs them through one
 * `python3` process (a test/helpers/num_*.py script built on num_common.py, whose docstring
 * describes the wire format), and compares CPython's outcomes with ours.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { PyError } from "../../runtime/py_error.js";

/** A Python tuple, list or dict among the inputs (plain arrays travel as lists). */
export class PyTuple {
  constructor(readonly items: unknown[]) {}
}
export class PyList {
  constructor(readonly items: unknown[]) {}
}
export class PyDict {
  constructor(readonly entries: [unknown, unknown][]) {}
}

/** What one case gave: a value, or a Python exception's type and message. */
export type Outcome = { ok: unknown } | { err: [string, string] };

const bytes = new DataView(new ArrayBuffer(8));

function floatToHex(x: number): string {
  bytes.setFloat64(0, x, true);
  let s = "";
  for (let i = 0; i < 8; i++) s += bytes.getUint8(i).toString(16).padStart(2, "0");
  return s;
}

function hexToFloat(h: string): number {
  for (let i = 0; i < 8; i++) bytes.setUint8(i, Number.parseInt(h.slice(2 * i, 2 * i + 2), 16));
  return bytes.getFloat64(0, true);
}

export function encode(v: unknown): unknown {
  if (typeof v === "bigint") return { i: v < 0n ? "-0x" + (-v).toString(16) : "0x" + v.toString(16) };
  if (typeof v === "number") return { f: floatToHex(v) };
  if (Array.isArray(v)) return v.map(encode);
  if (v instanceof PyTuple) return { t: v.items.map(encode) };
  if (v instanceof PyList) return { l: v.items.map(encode) };
  if (v instanceof PyDict) return { d: v.entries.map(([k, x]) => [encode(k), encode(x)]) };
  return v; // string, boolean, null
}

export function decode(w: unknown): unknown {
  if (Array.isArray(w)) return w.map(decode);
  if (w !== null && typeof w === "object") {
    const o = w as { i?: string; f?: string };
    if (o.i !== undefined) return o.i.startsWith("-") ? -BigInt(o.i.slice(1)) : BigInt(o.i);
    if (o.f !== undefined) return hexToFloat(o.f);
  }
  return w;
}

/** Runs `cases` ([op, ...args]) through test/helpers/<script> in one python3 process. */
export function askCPython(script: string, cases: unknown[][]): Outcome[] {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const run = spawnSync("python3", [path], {
    input: JSON.stringify(cases.map((c) => c.map(encode))),
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0) throw new Error(`${script} failed: ${run.stderr}`);
  const answers = JSON.parse(run.stdout) as ({ ok: unknown } | { err: [string, string] })[];
  return answers.map((a) => ("ok" in a ? { ok: decode(a.ok) } : a));
}

/** Our outcome for one case: PyError becomes the exception CPython would raise. */
export function ours(compute: () => unknown): Outcome {
  try {
    return { ok: compute() };
  } catch (e) {
    if (e instanceof PyError) return { err: [e.pyType, e.message] };
    throw e;
  }
}

/** Same value: numbers by Object.is (NaN equals NaN, -0 differs from 0), arrays item by item. */
export function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  return Object.is(a, b);
}

function sameOutcome(a: Outcome, b: Outcome): boolean {
  if ("ok" in a && "ok" in b) return same(a.ok, b.ok);
  if ("err" in a && "err" in b) return a.err[0] === b.err[0] && a.err[1] === b.err[1];
  return false;
}

function show(v: unknown): string {
  return JSON.stringify(v, (_, x) => (typeof x === "bigint" ? `${x}n` : typeof x === "number" && !Number.isFinite(x) ? String(x) : Object.is(x, -0) ? "-0" : x));
}

/**
 * Every case where our outcome differs from CPython's, as readable lines (an empty list means
 * full agreement); `ourSide` computes ours for a case (and its index).
 */
export function disagreements(
  cases: unknown[][],
  expected: Outcome[],
  ourSide: (c: unknown[], index: number) => Outcome,
): string[] {
  const lines: string[] = [];
  cases.forEach((c, i) => {
    const got = ourSide(c, i);
    if (!sameOutcome(got, expected[i])) lines.push(`${show(c)}: CPython ${show(expected[i])}, gilvm ${show(got)}`);
  });
  return lines;
}

/** A small seeded generator (mulberry32), so that every run draws the same cases. */
export class Random {
  constructor(private state: number) {}

  /** uniform in [0, 2^32) */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** uniform in [0, 1) */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A double from 64 random bits: every finite magnitude equally likely per binade. */
  anyFinite(): number {
    for (;;) {
      bytes.setUint32(0, this.u32());
      bytes.setUint32(4, this.u32());
      const x = bytes.getFloat64(0);
      if (Number.isFinite(x)) return x;
    }
  }

  /** A "human" float: a few decimal digits at a moderate scale, like program constants. */
  decimal(): number {
    const digits = this.int(1, 17);
    let mantissa = String(this.int(1, 9));
    for (let i = 1; i < digits; i++) mantissa += String(this.int(0, 9));
    const x = Number(`${mantissa}e${this.int(-12, 12)}`);
    return this.next() < 0.3 ? -x : x;
  }

  /** A bigint of up to `bits` random bits, either sign. */
  bigint(bits: number): bigint {
    let v = 0n;
    const n = this.int(1, bits);
    for (let b = 0; b < n; b += 32) v = (v << 32n) | BigInt(this.u32());
    v >>= BigInt(Math.max(0, Math.ceil(n / 32) * 32 - n));
    return this.next() < 0.4 ? -v : v;
  }
}
