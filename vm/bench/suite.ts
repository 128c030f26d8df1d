/**
 * What every suite shares: its configurations, run interleaved (run 1 of every configuration,
 * then run 2 of every one, …, so slow phases of a shared machine hit them all alike and every
 * ratio compares runs from one session), progress on stderr, and the report it hands back.
 */
import type { MachineHeader } from "./machine.js";
import { Runner, type RunRecord, type RunSpec } from "./runner.js";
import { summarise, type Summary } from "./stats.js";
import type { Table } from "./table.js";

export interface Config {
  /** Unique within its suite; the JSON's key. */
  id: string;
  label: string;
  spec: RunSpec;
  /** Threads or workers it runs at once (for the fewer-cores-than-threads warning). */
  threads: number;
  /** What the suite groups and plots it by (mode, threads, case …). */
  params: Record<string, string | number>;
}

export interface ConfigResult {
  id: string;
  label: string;
  command: string;
  params: Record<string, string | number>;
  runs: RunRecord[];
}

/** A performance goal from the issues, and where this run stands. */
export interface Goal {
  goal: string;
  measured: string;
  /** null: could not be measured in this run (a configuration failed or was not run). */
  met: boolean | null;
}

export interface Chart {
  /** File name inside --out (and docs/img/ with --update-docs). */
  file: string;
  title: string;
  svg: string;
}

export interface SuiteReport {
  suite: string;
  title: string;
  header: MachineHeader;
  /** The command that reproduces this report. */
  command: string;
  runs_per_config: number;
  quick: boolean;
  seconds: number;
  configs: ConfigResult[];
  /** The suite's derived numbers (speed-ups, rates, costs), as plotted and tabulated. */
  results: unknown;
  tables: Table[];
  charts: Chart[];
  goals: Goal[];
  notes: string[];
}

export interface SuiteContext {
  runner: Runner;
  header: MachineHeader;
  /** Runs per configuration (the user's --runs, or the suite's default). */
  runs: number | null;
  quick: boolean;
  /** Reports of suites already run in this session (the nogil suite reuses them). */
  previous: Map<string, SuiteReport>;
  /** The command that reproduces one suite's report (`gilvm bench NAME --runs N`). */
  commandFor: (suite: string) => string;
  progress: (line: string) => void;
}

export interface Suite {
  name: string;
  description: string;
  defaultRuns: number;
  /** Part of `gilvm bench` with no suite named. */
  inAll: boolean;
  run(ctx: SuiteContext): Promise<SuiteReport>;
}

/** python3 configurations only where there is a python3. */
export function available(ctx: SuiteContext, configs: Config[]): Config[] {
  return configs.filter((c) => c.spec.runtime !== "python3" || ctx.runner.launcher.python !== null);
}

export function runsFor(ctx: SuiteContext, suite: Suite): number {
  return ctx.quick ? 1 : ctx.runs ?? suite.defaultRuns;
}

/** "8 threads on 2 cores" warnings, one per thread count above the core count. */
export function coreWarnings(configs: Config[], cores: number): string[] {
  const over = [...new Set(configs.map((c) => c.threads).filter((t) => t > cores))].sort((a, b) => a - b);
  return over.length === 0 ? [] :
    [`warning: this machine has ${cores} cores; configurations with ${over.join(", ")} threads or workers cannot run more than ${cores} at once, so speed-ups are bounded by ${cores}`];
}

function describe(r: RunRecord): string {
  if (!r.ok) return `failed: ${r.error}`;
  return `${(r.wall_ms / 1000).toFixed(3)} s`;
}

/**
 * Runs every configuration `runs` times, interleaved. A configuration that fails is not run
 * again: a missing feature (ProcessPoolExecutor, say) fails the same way every time.
 */
export async function runInterleaved(ctx: SuiteContext, suite: string, configs: Config[], runs: number): Promise<ConfigResult[]> {
  const results: ConfigResult[] = configs.map((c) => ({
    id: c.id, label: c.label, command: Runner.display(c.spec), params: c.params, runs: [],
  }));
  for (const w of coreWarnings(configs, ctx.header.cores)) ctx.progress(`[${suite}] ${w}`);
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < configs.length; i++) {
      const done = results[i].runs;
      if (done.length > 0 && !done[done.length - 1].ok) continue;
      const record = await ctx.runner.run(configs[i].spec);
      done.push(record);
      ctx.progress(`[${suite}] run ${r + 1}/${runs}  ${configs[i].label}: ${describe(record)}`);
    }
  }
  return results;
}

/** A measure over a configuration's successful runs. */
export function summaryOf(result: ConfigResult | undefined, measure: (r: RunRecord) => number | undefined | null): Summary | null {
  if (result === undefined) return null;
  return summarise(result.runs.filter((r) => r.ok).map((r) => measure(r) ?? Number.NaN));
}

/** The error that stopped a configuration, if it failed. */
export function failure(result: ConfigResult | undefined): string | null {
  if (result === undefined) return null;
  const bad = result.runs.find((r) => !r.ok);
  return bad === undefined ? null : bad.error ?? "failed";
}

export function find(results: ConfigResult[], id: string): ConfigResult | undefined {
  return results.find((r) => r.id === id);
}

/** A suite report's common part; the suite fills in the rest (and the caller, `seconds`). */
export function baseReport(ctx: SuiteContext, suite: Suite, title: string, configs: ConfigResult[], runs: number): SuiteReport {
  return {
    suite: suite.name, title, header: ctx.header, command: ctx.commandFor(suite.name), runs_per_config: runs,
    quick: ctx.quick, seconds: 0, configs, results: null, tables: [], charts: [], goals: [], notes: [],
  };
}
