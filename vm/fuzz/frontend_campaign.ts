/**
 * The front end against CPython: random and mutated programs are checked in-process (see
 * frontend.ts) and compared with what CPython's compile() says of them, then some of those
 * CPython rejects run end to end through both command lines, where gilvm must exit 1 and
 * print what `python3 FILE` prints — never exit 70, its internal error.
 *
 * Valid programs are never run (a mutated program may loop or start threads): for those, only
 * the in-process verdict is compared, and gilvm may refuse a construct outside its subset.
 */
import { spawnSync } from "node:child_process";
import { Prng } from "./prng.js";
import { checkFrontend, mutate, randomBytesSource, randomSource, SLOW_MS } from "./frontend.js";
import { writeProgram } from "./differential.js";
import { pool, runCommand, type Command } from "./run_process.js";

export type FrontendFindingKind = "crash" | "slow" | "accepts-invalid" | "rejects-valid" | "message" | "cli-exit";

export interface FrontendFinding {
  kind: FrontendFindingKind;
  source: string;
  detail: string;
}

export interface FrontendOptions {
  seed: number;
  count: number;
  /** How many of the programs CPython rejects also run through both command lines. */
  endToEnd: number;
  /** Real programs to mutate. */
  programs: string[];
  python: string;
  gilvm: Command;
  workDir: string;
  jobs: number;
  log: (line: string) => void;
}

/**
 * CPython's verdict on each source: null when it compiles, else [type, msg, lineno, offset].
 * The source goes in as bytes, which compile() decodes as it decodes a file (a BOM, say).
 */
const COMPILE_EACH = `
import json, sys, warnings
warnings.simplefilter("ignore")
out = []
for src in json.load(sys.stdin):
    try:
        compile(src.encode("utf-8"), "fuzz.py", "exec", dont_inherit=True)
        out.append(None)
    except SyntaxError as e:
        out.append([type(e).__name__, e.msg, e.lineno, e.offset])
    except Exception as e:
        out.append([type(e).__name__, str(e), 0, 0])
print(json.dumps(out))
`;

type CpythonVerdict = null | [string, string, number, number];

function cpythonVerdicts(python: string, sources: string[]): CpythonVerdict[] {
  const r = spawnSync(python, ["-I", "-S", "-c", COMPILE_EACH], { input: JSON.stringify(sources), encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${python} could not check the sources: ${r.stderr}`);
  return JSON.parse(r.stdout) as CpythonVerdict[];
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text CPython reads like gilvm: no NUL (compile() refuses it), no lone surrogate (no UTF-8 for it). */
function comparable(source: string): boolean {
  return !source.includes("\0") && !LONE_SURROGATE.test(source);
}

export function frontendSources(seed: number, count: number, programs: readonly string[]): string[] {
  return Array.from({ length: count }, (_, i) => {
    const rng = Prng.forCase(seed ^ 0x5eed, i);
    const kind = i % 8;
    if (kind === 0) return randomSource(rng);
    if (kind === 1) return randomBytesSource(rng);
    return mutate(rng, rng.pick(programs));
  });
}

export async function runFrontendCampaign(opts: FrontendOptions): Promise<{ checked: number; endToEnd: number; findings: FrontendFinding[] }> {
  const findings: FrontendFinding[] = [];
  const sources = frontendSources(opts.seed, opts.count, opts.programs);
  const verdicts = sources.map((s) => checkFrontend(s));
  verdicts.forEach((v, i) => {
    if (v.kind === "crash") findings.push({ kind: "crash", source: sources[i], detail: `${v.stage}: ${v.error}` });
    else if (v.ms > SLOW_MS) findings.push({ kind: "slow", source: sources[i], detail: `${v.ms.toFixed(0)} ms` });
  });

  const idx = sources.map((_, i) => i).filter((i) => comparable(sources[i]));
  const oracle = cpythonVerdicts(opts.python, idx.map((i) => sources[i]));
  // a disagreement with compile() is confirmed end to end, with `python3 FILE` as the judge
  const suspects: number[] = [];
  const rejected: number[] = [];
  idx.forEach((i, k) => {
    const py = oracle[k];
    const v = verdicts[i];
    if (v.kind === "crash") return;
    if (py === null) {
      if (v.kind === "syntax-error" && !v.error.msg.includes("not supported by gilvm")) {
        findings.push({ kind: "rejects-valid", source: sources[i], detail: `CPython compiles it; gilvm: ${v.error.kind}: ${v.error.msg} (line ${v.error.lineno})` });
      }
      return;
    }
    if (py[0] !== "SyntaxError" && py[0] !== "IndentationError" && py[0] !== "TabError") return;
    const mine = v.kind === "compiled" ? null : [v.error.kind, v.error.msg, v.error.lineno, v.error.offset];
    if (mine !== null && mine[1].toString().includes("not supported by gilvm")) return;
    if (JSON.stringify(mine) !== JSON.stringify(py)) suspects.push(i);
    else rejected.push(i);
  });

  const e2e = [...suspects, ...rejected.slice(0, opts.endToEnd)];
  await pool(e2e, opts.jobs, async (i) => {
    const file = writeProgram(opts.workDir, sources[i], "syntax");
    const [py, vm] = await Promise.all([
      runCommand({ cmd: opts.python, args: ["-I", "-S", file], env: { PYTHONIOENCODING: "utf-8", PYTHONUTF8: "1" } }, 30_000),
      runCommand({ ...opts.gilvm, args: [...opts.gilvm.args, file] }, 30_000),
    ]);
    if (vm.status !== 1 && py.status === 1) {
      findings.push({ kind: vm.status === 0 ? "accepts-invalid" : "cli-exit", source: sources[i], detail: `gilvm exited ${vm.status}${vm.timedOut ? " (timed out)" : ""}: ${vm.stderr.trim().split("\n").slice(-3).join(" | ")}\npython3:\n${py.stderr}` });
    } else if (vm.stderr !== py.stderr) {
      findings.push({ kind: "message", source: sources[i], detail: `python3:\n${py.stderr}gilvm:\n${vm.stderr}` });
    }
  });
  opts.log(`front end: ${sources.length} inputs, ${idx.length} compared with CPython, ${e2e.length} run end to end`);
  return { checked: sources.length, endToEnd: e2e.length, findings };
}
