/**
 * ProcessPoolExecutor with real child processes (lib/concurrent/futures/process.py over
 * vm/modules/process.ts): results as python3's, children that never outlive their parent, a pool
 * that breaks when a child dies, pickle's error for a function that cannot be found by name, and
 * the children's memory in --stats-json.
 *
 * The runs are started without waiting (several overlap: most of their time is child processes
 * starting up) and are watched through /proc, so the file is Linux-only as the pool is.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { CLI_PATH, PYTHON, REPO_ROOT } from "./helpers/run_gilvm.js";

const TEST_TIMEOUT_MS = 30_000;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

interface Finished {
  stdout: string;
  stderr: string;
  status: number | null;
  pid: number;
}

interface Started {
  child: ChildProcess;
  /** Resolves with the first stdout line matching `re`. */
  line: (re: RegExp) => Promise<RegExpMatchArray>;
  finished: Promise<Finished>;
}

function start(command: string, args: string[]): Started {
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PYTHONHASHSEED: "0" } });
  let stdout = "";
  let stderr = "";
  const waiting: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  child.stdout!.setEncoding("utf8").on("data", (s: string) => {
    stdout += s;
    for (const w of waiting.splice(0)) {
      const m = w.re.exec(stdout);
      if (m !== null) w.resolve(m);
      else waiting.push(w);
    }
  });
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const finished = new Promise<Finished>((resolve) => {
    child.on("close", (status) => resolve({ stdout, stderr, status, pid: child.pid! }));
  });
  const line = (re: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const m = re.exec(stdout);
      if (m !== null) return resolve(m);
      waiting.push({ re, resolve });
      void finished.then((r) => reject(new Error(`ended (status ${r.status}) before printing ${re}:\n${r.stdout}\n${r.stderr}`)));
    });
  return { child, line, finished };
}

/** gilvm from the TypeScript sources, as the other tests run it. */
function startGilvm(args: string[]): Started {
  return start(process.execPath, ["--import", TSX, CLI_PATH, ...args]);
}

/** Whether `pid` runs (not gone, not a zombie waiting to be reaped). */
function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "latin1");
    return stat[stat.lastIndexOf(")") + 2] !== "Z";
  } catch {
    return false;
  }
}

/** The running pool children of gilvm process `parentPid` (their command line names it). */
function poolChildrenOf(parentPid: number): number[] {
  const mark = `--pool-child=${parentPid}:`;
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, "latin1").split("\0").some((a) => a.startsWith(mark)) && running(Number(entry))) {
        found.push(Number(entry));
      }
    } catch {
      // it ended while we looked
    }
  }
  return found;
}

async function eventually(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lastLine = (text: string) => text.trimEnd().split("\n").at(-1) ?? "";

describe.runIf(process.platform === "linux").concurrent("ProcessPoolExecutor", () => {
  test("programs/process_pool.py prints what python3 prints (under --nogil too)", async () => {
    const py = start(PYTHON, ["programs/process_pool.py"]).finished;
    const vm = await startGilvm(["run", "--nogil", "programs/process_pool.py"]).finished;
    const expected = await py;
    expect(expected.status).toBe(0);
    expect({ stdout: vm.stdout, status: vm.status }, vm.stderr).toEqual({ stdout: expected.stdout, status: 0 });
  }, TEST_TIMEOUT_MS);

  test("a parent killed mid-run leaves no child behind", async () => {
    const run = startGilvm(["run", "programs/process_pool_lifetime.py", "hang"]);
    const pids = (await run.line(/^children: ([\d ]+)$/m))[1].split(" ").map(Number);
    await sleep(500); // the children are in their calls now: one computes, one sleeps
    expect(pids.every(running)).toBe(true);
    expect(poolChildrenOf(run.child.pid!).sort()).toEqual([...pids].sort());
    run.child.kill("SIGKILL");
    await run.finished;
    expect(await eventually(() => !pids.some(running), 5_000)).toBe(true);
    expect(poolChildrenOf(run.child.pid!)).toEqual([]);
  }, TEST_TIMEOUT_MS);

  test("a child killed mid-call breaks the pool, as CPython's", async () => {
    const run = startGilvm(["run", "programs/process_pool_lifetime.py", "broken"]);
    const pid = Number((await run.line(/^child: (\d+)$/m))[1]);
    await sleep(300);
    process.kill(pid, "SIGKILL");
    const r = await run.finished;
    expect(r.stdout.split("\n").slice(1), r.stderr).toEqual([
      "running call: BrokenProcessPool A process in the process pool was terminated abruptly while the future was running or pending.",
      "new call: BrokenProcessPool A child process terminated abruptly, the process pool is not usable anymore",
      "",
    ]);
    expect(r.status).toBe(0);
  }, TEST_TIMEOUT_MS);

  test("a function not found by name raises pickle's error; the child is counted and gone at exit", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gilvm-pool-test-"));
    try {
      const program = path.join(dir, "unpicklable.py");
      fs.writeFileSync(program, [
        "from concurrent.futures import ProcessPoolExecutor",
        "def square(x):",
        "    return x * x",
        "if __name__ == '__main__':",
        "    pool = ProcessPoolExecutor(max_workers=2)",
        "    print(pool.submit(square, 3).result())",
        "    pool.submit(lambda x: x, 1).result()",
        "",
      ].join("\n"));
      const statsFile = path.join(dir, "stats.json");
      const py = start(PYTHON, [program]).finished;
      const vm = await startGilvm(["run", "--stats-json", statsFile, program]).finished;
      const expected = await py;
      const pattern = /^_pickle\.PicklingError: Can't pickle <function <lambda> at 0x[0-9a-f]+>: attribute lookup <lambda> on __main__ failed$/;
      expect(lastLine(expected.stderr)).toMatch(pattern);
      expect(lastLine(vm.stderr), vm.stderr).toMatch(pattern);
      expect({ stdout: vm.stdout, status: vm.status }).toEqual({ stdout: "9\n", status: 1 });
      expect(poolChildrenOf(vm.pid)).toEqual([]);
      const totals = JSON.parse(fs.readFileSync(statsFile, "utf8")).totals;
      expect(totals.child_processes).toBe(1);
      // measured, not assumed: a node process with a heap is tens of MB
      expect(totals.child_peak_rss_bytes).toBeGreaterThan(20 * 2 ** 20);
      expect(totals.child_peak_rss_bytes).toBeLessThan(4 * 2 ** 30);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, TEST_TIMEOUT_MS);
});
