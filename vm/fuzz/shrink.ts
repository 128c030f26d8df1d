/**
 * Shrinking a failing case: greedy delta debugging over the statement tree. Each round tries
 * the simplifications of stmt_tree.ts (drop a statement, drop an optional clause, replace a
 * compound statement by one of its bodies), biggest first, and keeps the first one that still
 * fails the same way; it stops when none does or the trial budget is spent. Every trial is a
 * real run of both interpreters, so the budget bounds the time a finding takes.
 */
import { countStmts, render, simplifications, type Stmt } from "./stmt_tree.js";

export interface ShrinkResult {
  body: Stmt[];
  trials: number;
}

export async function shrinkBody(body: Stmt[], stillFails: (candidate: Stmt[]) => Promise<boolean>, maxTrials: number): Promise<ShrinkResult> {
  let current = body;
  let trials = 0;
  // a candidate that passed once passes again: never pay for it twice
  const passed = new Set<string>();
  const test = async (candidate: Stmt[]): Promise<boolean> => {
    const key = render(candidate).join("\n");
    if (passed.has(key)) return false;
    trials++;
    if (await stillFails(candidate)) return true;
    passed.add(key);
    return false;
  };
  // first whole halves of the top level, which settles big cases in a few runs
  for (let chunk = Math.floor(current.length / 2); chunk >= 2 && trials < maxTrials; chunk = Math.floor(chunk / 2)) {
    for (let start = 0; start + chunk <= current.length && trials < maxTrials; ) {
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      if (await test(candidate)) current = candidate;
      else start += chunk;
    }
  }
  let progress = true;
  while (progress && trials < maxTrials) {
    progress = false;
    const candidates = simplifications(current).sort((a, b) => countStmts(a) - countStmts(b));
    for (const candidate of candidates) {
      if (trials >= maxTrials) break;
      if (await test(candidate)) {
        current = candidate;
        progress = true;
        break;
      }
    }
  }
  return { body: current, trials };
}
