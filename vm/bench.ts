/**
 * `gilvm bench single`: the single-thread programs under gilvm and under python3, side by side,
 * interleaved run by run (so both see the same machine load), several runs each; prints the
 * medians, the spread and the ratio. Whole-process wall time, start-up included, for both.
 */
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { packageRoot } from "./package_root.js";

const REPO = packageRoot();

export interface BenchCase {
  name: string;
  file: string;
  args: string[];
}

export const SINGLE_CASES = (n: number): BenchCase[] => [
  { name: `do_work 8 x ${n}`, file: "programs/talk_do_work.py", args: [String(n)] },
  { name: "fib(25) recursive", file: "programs/bench_fib.py", args: ["25"] },
];

function timeOnce(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: REPO, encoding: "utf8", maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr.slice(-500)}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function benchSingle(runs: number, n: number, write: (s: string) => void): number {
  const self = process.argv[1];
  const gilvm = (file: string, args: string[]): [string, string[]] => [process.execPath, [...process.execArgv, self, "run", file, ...args]];
  const hasPython = spawnSync("python3", ["--version"]).status === 0;
  write(`gilvm bench single: ${runs} runs each, interleaved; machine: ${cpus().length} cores, node ${process.version}\n`);
  write(`${"case".padEnd(22)} ${"gilvm median".padStart(13)} ${"(min-max)".padStart(17)} ${"python3 median".padStart(15)} ${"(min-max)".padStart(17)} ${"ratio".padStart(7)}\n`);
  for (const c of SINGLE_CASES(n)) {
    const g: number[] = [];
    const p: number[] = [];
    for (let i = 0; i < runs; i++) {
      const [cmd, args] = gilvm(c.file, c.args);
      g.push(timeOnce(cmd, args));
      if (hasPython) p.push(timeOnce("python3", [c.file, ...c.args]));
    }
    const fmt = (xs: number[]) => xs.length === 0 ? ["n/a", ""] : [`${(median(xs) / 1000).toFixed(3)} s`, `(${(Math.min(...xs) / 1000).toFixed(2)}-${(Math.max(...xs) / 1000).toFixed(2)})`];
    const [gm, gs] = fmt(g);
    const [pm, ps] = fmt(p);
    const ratio = p.length > 0 ? `${(median(g) / median(p)).toFixed(2)}x` : "n/a";
    write(`${c.name.padEnd(22)} ${gm.padStart(13)} ${gs.padStart(17)} ${pm.padStart(15)} ${ps.padStart(17)} ${ratio.padStart(7)}\n`);
  }
  return 0;
}
