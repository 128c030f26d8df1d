/**
 * `npm run fuzz -- --count N --seed S`: generated programs under CPython and gilvm (both
 * modes, sanitizer on), every disagreement shrunk and saved under fuzz-findings/, then the
 * front end fed random and mutated programs (in-process, and some end to end through both
 * command lines). Prints a summary; exits 1 when anything was found.
 *
 * `--show K` prints case K of the seed as a program instead, to read or to run by hand.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { packageRoot } from "../package_root.js";
import { runCampaign } from "./campaign.js";
import { saveFindings } from "./finding_file.js";
import { runFrontendCampaign, type FrontendFinding } from "./frontend_campaign.js";
import { defaultInterpreters, gilvmCli, PYTHON, removeWorkDir } from "./interpreters.js";
import { generateCase, renderProgram } from "./program.js";
import type { Mode } from "./differential.js";

interface Flags {
  count: number;
  seed: number;
  batch: number;
  modes: Mode[];
  jobs: number;
  out: string;
  shrinkTrials: number;
  timeout: number;
  frontend: number;
  endToEnd: number;
  cycles: boolean;
  show?: number;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a non-negative integer");
  return n;
}

function modes(value: string): Mode[] {
  const list = value.split(",").map((m) => m.trim());
  for (const m of list) if (m !== "gil" && m !== "nogil") throw new InvalidArgumentError("modes are gil and nogil");
  return list as Mode[];
}

function saveFrontendFindings(dir: string, findings: readonly FrontendFinding[]): string[] {
  mkdirSync(dir, { recursive: true });
  return findings.map((f, i) => {
    const file = path.join(dir, `frontend-${f.kind}-${i}.py`);
    const header = f.detail.split("\n").map((l) => `# ${l}`.trimEnd()).join("\n");
    writeFileSync(file, `# gilvm fuzz finding (front end): ${f.kind}\n${header}\n# --- the program (as given to both) follows this line ---\n${f.source}`);
    return file;
  });
}

async function fuzz(flags: Flags): Promise<number> {
  const root = packageRoot();
  const log = (s: string) => process.stdout.write(s + "\n");
  if (flags.show !== undefined) {
    process.stdout.write(renderProgram([generateCase(flags.seed, flags.show)]));
    return 0;
  }
  const outDir = path.resolve(flags.out);
  const t0 = performance.now();
  log(`gilvm fuzz: seed ${flags.seed}, ${flags.count} cases in programs of ${flags.batch}, modes ${flags.modes.join(", ")}, ${flags.jobs} at a time`);
  const interp = defaultInterpreters(flags.timeout * 1000);
  const result = await runCampaign({
    seed: flags.seed, count: flags.count, batchSize: flags.batch, modes: flags.modes, jobs: flags.jobs,
    interp, shrinkTrials: flags.shrinkTrials, maxPerBatch: 4,
    cyclesAreFindings: flags.cycles, log,
  });
  const files = saveFindings(outDir, result.findings);

  const programs = readdirSync(path.join(root, "programs")).filter((f) => f.endsWith(".py")).sort()
    .map((f) => readFileSync(path.join(root, "programs", f), "utf8"));
  const front = flags.frontend > 0
    ? await runFrontendCampaign({
      seed: flags.seed, count: flags.frontend, endToEnd: flags.endToEnd, programs, python: PYTHON,
      gilvm: gilvmCli(["run"]), workDir: interp.workDir, jobs: flags.jobs, log,
    })
    : { checked: 0, endToEnd: 0, findings: [] };
  removeWorkDir(interp);
  const frontFiles = saveFrontendFindings(outDir, front.findings);

  const secs = ((performance.now() - t0) / 1000).toFixed(0);
  log("");
  log(`== summary (${secs} s) ==`);
  log(`programs: ${result.cases} cases in ${result.programs} programs; ${result.findings.length} finding(s) saved`);
  for (let i = 0; i < result.findings.length; i++) {
    const f = result.findings[i];
    const also = f.alsoIn.length ? ` (also in ${f.alsoIn.length} more case${f.alsoIn.length === 1 ? "" : "s"})` : "";
    log(`  [${f.modes.join(",")}] ${f.difference.kind}: ${f.difference.summary.slice(0, 220)}${also}\n      ${path.relative(process.cwd(), files[i])}`);
  }
  for (const d of result.unattributed) log(`  not pinned on one case: [${d.mode}] ${d.kind}: ${d.summary.slice(0, 200)}`);
  if (result.skipped) log(`  ${result.skipped} more disagreeing case(s) not isolated (at most 4 per program)`);
  if (result.programsWithCycles) log(`  ${result.programsWithCycles} program(s) left reference cycles that CPython's collector would free (gilvm has none yet; --cycles makes them findings)`);
  for (const g of result.generatorProblems) log(`  generator problem: ${g}`);
  log(`front end: ${front.checked} inputs (${front.endToEnd} end to end): ${front.findings.length} finding(s)`);
  const byKind = new Map<string, number>();
  for (const f of front.findings) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  for (const [kind, n] of byKind) log(`  ${kind}: ${n}`);
  if (frontFiles.length) log(`  saved as ${path.relative(process.cwd(), outDir)}/frontend-*.py`);
  const found = result.findings.length + result.unattributed.length + front.findings.length + result.generatorProblems.length;
  return found > 0 ? 1 : 0;
}

const program = new Command()
  .name("fuzz")
  .description("generated programs under CPython and gilvm; random and mutated programs into the front end")
  .option("--count <n>", "generated cases (test functions)", nonNegativeInt, 200)
  .option("--seed <s>", "seed: the same seed gives the same programs", nonNegativeInt, 1)
  .option("--batch <n>", "cases per program", nonNegativeInt, 40)
  .option("--modes <list>", "gilvm modes to compare", modes, ["gil", "nogil"] as Mode[])
  .option("--jobs <n>", "programs run at once", nonNegativeInt, Math.max(1, Math.floor(os.cpus().length / 2)))
  .option("--out <dir>", "where findings are saved", "fuzz-findings")
  .option("--shrink-trials <n>", "runs spent shrinking each finding", nonNegativeInt, 150)
  .option("--timeout <sec>", "time limit of one run", nonNegativeInt, 120)
  .option("--frontend <n>", "random and mutated programs for the front end", nonNegativeInt, 2000)
  .option("--end-to-end <n>", "of those CPython rejects, how many run through both command lines", nonNegativeInt, 300)
  .option("--cycles", "count reference cycles left at exit as findings", false)
  .option("--show <case>", "print case K of the seed as a program, and stop", nonNegativeInt)
  .action(async (flags: Flags) => {
    process.exitCode = await fuzz(flags);
  });

await program.parseAsync(process.argv);
