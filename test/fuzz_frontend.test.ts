// The front end never crashes: random text, random bytes and mutated real programs (tokens
// deleted, duplicated, swapped, replaced or inserted; lines deleted, duplicated, re-indented)
// go through the tokenizer, the parser and the compiler in-process, and each one either
// compiles or fails with a PySyntaxError that prints — never another JavaScript exception,
// never a hang. A fixed seed; `npm run fuzz` runs more and compares the messages with CPython.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { checkFrontend, mutate, SLOW_MS } from "../vm/fuzz/frontend.js";
import { frontendSources } from "../vm/fuzz/frontend_campaign.js";
import { Prng } from "../vm/fuzz/prng.js";
import { PROGRAMS_DIR } from "./helpers/run_gilvm.js";

const SEED = 11;
const INPUTS = 3000;

const programs = readdirSync(PROGRAMS_DIR).filter((f) => f.endsWith(".py")).sort()
  .map((f) => readFileSync(path.join(PROGRAMS_DIR, f), "utf8"));

describe("front end under random input", () => {
  test("mutations change programs and are reproducible", () => {
    const source = programs[0];
    const a = mutate(Prng.forCase(SEED, 0), source);
    expect(a).toBe(mutate(Prng.forCase(SEED, 0), source));
    const changed = Array.from({ length: 50 }, (_, i) => mutate(Prng.forCase(SEED, i), source)).filter((m) => m !== source);
    expect(changed.length).toBeGreaterThan(45);
  });

  test(`${INPUTS} inputs: each compiles or raises a clean SyntaxError, quickly`, () => {
    const sources = frontendSources(SEED, INPUTS, programs);
    const problems: string[] = [];
    const seen = { compiled: 0, "syntax-error": 0 };
    sources.forEach((source, i) => {
      const v = checkFrontend(source);
      if (v.kind === "crash") problems.push(`input ${i}: ${v.stage} crashed: ${v.error}\n${JSON.stringify(source).slice(0, 400)}`);
      else {
        seen[v.kind]++;
        if (v.ms > SLOW_MS) problems.push(`input ${i}: took ${v.ms.toFixed(0)} ms`);
      }
    });
    expect(problems).toEqual([]);
    // the mix reaches both verdicts: mutations leave some programs valid
    expect(seen.compiled).toBeGreaterThan(INPUTS / 50);
    expect(seen["syntax-error"]).toBeGreaterThan(INPUTS / 2);
  }, 30_000);
});
