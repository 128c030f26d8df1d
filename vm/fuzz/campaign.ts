/**
 * A fuzzing campaign: generate `count` cases from a seed, run them in batches under CPython
 * and gilvm, pin every disagreement on one case (the case whose output differs, or, for a
 * verdict about the whole run such as a leak, the case that bisection leaves), shrink that
 * case and hand back each finding as a small program that still shows it.
 */
import { generateCase, renderProgram, type Case } from "./program.js";
import { compareRuns, runEverywhere, type Difference, type Interpreters, type Mode } from "./differential.js";
import { pool, type Outcome } from "./run_process.js";
import { shrinkBody } from "./shrink.js";
import type { Stmt } from "./stmt_tree.js";

export interface CampaignOptions {
  seed: number;
  count: number;
  /** Cases per program. */
  batchSize: number;
  modes: Mode[];
  /** Programs run at once (each runs one CPython and one gilvm per mode). */
  jobs: number;
  interp: Interpreters;
  /** Shrinking trials per finding; 0 keeps the case as generated. */
  shrinkTrials: number;
  /** Findings to isolate and shrink per batch at most (the rest are counted). */
  maxPerBatch: number;
  log: (line: string) => void;
  /** Also isolate and shrink reports of reference cycles (see compareRuns). */
  cyclesAreFindings: boolean;
}

export interface Finding {
  seed: number;
  caseIndex: number;
  /** The modes in which the minimal program still disagrees. */
  modes: Mode[];
  difference: Difference;
  /** The minimal program (the harness running one case). */
  program: string;
  python: Outcome;
  gilvm: Outcome;
  shrinkTrials: number;
  /** Other cases that showed the same bug (by Difference.bugKey), not shrunk. */
  alsoIn: number[];
}

export interface CampaignResult {
  cases: number;
  programs: number;
  findings: Finding[];
  /** Disagreements seen in a batch that no single case reproduced. */
  unattributed: Difference[];
  /** Programs CPython itself could not run: bugs in the generator. */
  generatorProblems: string[];
  /** Cases whose disagreements were not isolated (maxPerBatch reached). */
  skipped: number;
  /** Programs after which gilvm's sanitizer reported reference cycles (see compareRuns). */
  programsWithCycles: number;
}

function batches(opts: CampaignOptions): Case[][] {
  const out: Case[][] = [];
  for (let start = 0; start < opts.count; start += opts.batchSize) {
    const n = Math.min(opts.batchSize, opts.count - start);
    out.push(Array.from({ length: n }, (_, i) => generateCase(opts.seed, start + i)));
  }
  return out;
}

/** Runs `cases` (with these bodies) in one mode: the difference with this signature, if any. */
async function differenceOf(cases: Case[], bodies: Stmt[][] | undefined, mode: Mode, signature: string, interp: Interpreters): Promise<Difference | null> {
  const run = await runEverywhere(renderProgram(cases, bodies), interp, [mode]);
  if (run.python.status !== 0) return null;
  return compareRuns(run.python, run.gilvm.get(mode)!, mode).find((d) => d.signature === signature) ?? null;
}

/** The smallest slice of `cases` that still shows a disagreement with this signature, by halving. */
async function bisect(cases: Case[], mode: Mode, signature: string, interp: Interpreters): Promise<Case[]> {
  let current = cases;
  while (current.length > 1) {
    const mid = Math.ceil(current.length / 2);
    const halves = [current.slice(0, mid), current.slice(mid)];
    let narrowed = false;
    for (const half of halves) {
      if (await differenceOf(half, undefined, mode, signature, interp)) {
        current = half;
        narrowed = true;
        break;
      }
    }
    if (!narrowed) break;
  }
  return current;
}

async function shrinkFinding(c: Case, first: Difference, opts: CampaignOptions): Promise<Finding> {
  const { interp, modes } = opts;
  const sameFailure = async (body: Stmt[]): Promise<boolean> => (await differenceOf([c], [body], first.mode, first.signature, interp)) !== null;
  const shrunk = opts.shrinkTrials > 0 ? await shrinkBody(c.body, sameFailure, opts.shrinkTrials) : { body: c.body, trials: 0 };
  const program = renderProgram([c], [shrunk.body]);
  const run = await runEverywhere(program, interp, modes);
  const same = (m: Mode) => compareRuns(run.python, run.gilvm.get(m)!, m).find((d) => d.kind === first.kind);
  const disagreeing = modes.filter((m) => same(m) !== undefined);
  const mode = disagreeing.includes(first.mode) ? first.mode : disagreeing[0] ?? first.mode;
  const difference = same(mode) ?? first;
  return {
    seed: c.seed, caseIndex: c.index, modes: disagreeing.length ? disagreeing : [first.mode], difference, program,
    python: run.python, gilvm: run.gilvm.get(mode)!, shrinkTrials: shrunk.trials, alsoIn: [],
  };
}

/** The cases of one batch that disagree on their own, each with its difference. */
async function isolate(batch: Case[], diffs: Difference[], opts: CampaignOptions, result: CampaignResult): Promise<{ c: Case; diff: Difference }[]> {
  const found: { c: Case; diff: Difference }[] = [];
  const tried = new Set<number>();
  for (const diff of diffs) {
    const named = diff.cases.map((name) => batch.find((c) => `case_${c.index}` === name)!).filter(Boolean);
    const suspects = named.length > 0 ? named : await bisect(batch, diff.mode, diff.signature, opts.interp);
    let attributed = false;
    for (const c of suspects) {
      if (tried.has(c.index)) { attributed = true; continue; }
      if (found.length >= opts.maxPerBatch) { result.skipped++; attributed = true; continue; }
      tried.add(c.index);
      const alone = await differenceOf([c], undefined, diff.mode, diff.signature, opts.interp);
      if (alone) {
        found.push({ c, diff: alone });
        attributed = true;
      }
    }
    if (!attributed) result.unattributed.push(diff);
  }
  return found;
}

export async function runCampaign(opts: CampaignOptions): Promise<CampaignResult> {
  const result: CampaignResult = { cases: 0, programs: 0, findings: [], unattributed: [], generatorProblems: [], skipped: 0, programsWithCycles: 0 };
  const byBug = new Map<string, Finding>();
  await pool(batches(opts), opts.jobs, async (batch, b) => {
    const run = await runEverywhere(renderProgram(batch), opts.interp, opts.modes);
    result.programs++;
    result.cases += batch.length;
    const first = batch[0].index, last = batch[batch.length - 1].index;
    if (run.python.status !== 0) {
      const why = run.python.timedOut ? "timed out" : run.python.status === null ? "killed: it printed too much" : run.python.stderr.trim().split("\n").slice(-1)[0];
      result.generatorProblems.push(`cases ${first}-${last}: python3 could not run the program: ${why}`);
      opts.log(`batch ${b}: python3 failed (${why}): a generator bug`);
      return;
    }
    const all = opts.modes.flatMap((m) => compareRuns(run.python, run.gilvm.get(m)!, m));
    const diffs = all.filter((d) => d.kind !== "cycle" || opts.cyclesAreFindings);
    if (all.some((d) => d.kind === "cycle")) result.programsWithCycles++;
    if (diffs.length === 0) {
      opts.log(`batch ${b} (cases ${first}-${last}): agree`);
      return;
    }
    opts.log(`batch ${b} (cases ${first}-${last}): ${diffs.map((d) => `${d.mode}: ${d.kind} in ${d.cases.length || "?"} case(s)`).join("; ")}`);
    for (const { c, diff } of await isolate(batch, diffs, opts, result)) {
      const same = byBug.get(diff.bugKey);
      if (same) {
        same.alsoIn.push(c.index);
        opts.log(`  case ${c.index}: same as case ${same.caseIndex} (${diff.kind}), not shrunk`);
        continue;
      }
      const finding = await shrinkFinding(c, diff, opts);
      byBug.set(diff.bugKey, finding);
      result.findings.push(finding);
      opts.log(`  case ${c.index} [${finding.modes.join(",")}] ${finding.difference.kind}: ${finding.difference.summary} (shrunk in ${finding.shrinkTrials} runs)`);
    }
  });
  result.findings.sort((a, b) => a.caseIndex - b.caseIndex);
  return result;
}
