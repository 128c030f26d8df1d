/**
 * Threads under the GIL, end to end: whole programs run through gilvm's CLI, checking what a
 * threaded program sees (exceptions in threads, daemon threads at exit, whole lines of output,
 * sys.setswitchinterval) and what gilvm itself reports about the run (the deadlock report and
 * exit code 3, the --stats-json counters, the --trace timelines, the pooled workers).
 *
 * The small programs live here, next to what they check; the bigger ones are in programs/
 * (deadlock_two_locks.py, threads_many_short.py). Timings are never asserted, only counts and
 * shapes, with generous margins: these tests share the machine with the rest of the suite.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runGilvm, runPython, type RunResult } from "./helpers/run_gilvm.js";

const TEST_TIMEOUT_MS = 30_000;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gilvm-threads-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Writes `source` to a fresh file in the temporary directory and gives back its path. */
function program(name: string, source: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, source);
  return file;
}

/** Why a run went wrong, shown with a failed assertion. */
function context(r: RunResult): string {
  return `status ${r.status}${r.signal ? ` (signal ${r.signal})` : ""}${r.error ? `\nerror: ${r.error}` : ""}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}

/** Runs gilvm and measures how long it took. */
function timedRun(args: string[], timeoutMs = 20_000): RunResult & { ms: number } {
  const start = performance.now();
  const r = runGilvm(args, { timeoutMs });
  return { ...r, ms: performance.now() - start };
}

interface ThreadRow {
  thread: number;
  worker: number;
  name: string;
  gil_acquisitions: number;
  gil_drop_requests: number;
  gil_forced_switches: number;
  gil_wait_ms: number;
}

interface StatsJson {
  threads: number;
  startup_ms: number;
  totals: Record<string, number>;
  per_thread: ThreadRow[];
}

function readStats(file: string): StatsJson {
  return JSON.parse(fs.readFileSync(file, "utf8")) as StatsJson;
}

/**
 * Two CPU-bound threads (named cpu-0 and cpu-1) that contend for the GIL for a few hundred ms;
 * an optional argument is the switch interval to set first.
 */
const TWO_CPU_THREADS = `
import sys
import threading

if len(sys.argv) > 1:
    sys.setswitchinterval(float(sys.argv[1]))

results = []

def work(n):
    total = 0
    for i in range(n):
        total += i * i
    results.append(total)

threads = [threading.Thread(target=work, args=(400_000,), name=f"cpu-{k}") for k in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("switch interval", sys.getswitchinterval(), "results", results)
`;

describe("deadlock detection", () => {
  test(
    "programs/deadlock_two_locks.py ends with exit code 3 and a report naming each thread and its line",
    () => {
      const r = timedRun(["run", "programs/deadlock_two_locks.py"], 20_000);
      expect(r.error, context(r)).toBeUndefined();
      expect(r.status, context(r)).toBe(3);
      expect(r.ms, context(r)).toBeLessThan(10_000);
      expect(r.stderr, context(r)).toMatch(/^gilvm: deadlock:/);
      // each thread by its threading name, blocked on the second `with` (line 19) in transfer
      for (const name of ["left-thread", "right-thread"]) {
        expect(r.stderr, context(r)).toMatch(new RegExp(`^  ${name}: .*deadlock_two_locks\\.py:19 in transfer$`, "m"));
      }
      // and the main thread, in join() called from main()
      expect(r.stderr, context(r)).toMatch(/^  MainThread: .*deadlock_two_locks\.py:\d+ in main$/m);
      expect(r.stderr, context(r)).not.toMatch(/internal error/);
      // each thread got as far as its first lock
      expect(r.stdout.split("\n").filter((l) => l !== "").sort()).toEqual([
        "left: holds its first lock",
        "right: holds its first lock",
      ]);
    },
    TEST_TIMEOUT_MS,
  );
});

describe("threads and the program's end", () => {
  test(
    "an exception that escapes a thread prints 'Exception in thread NAME:' and its traceback; the program goes on and exits 0",
    () => {
      const file = program(
        "thread_exception.py",
        `import threading

def fails(x):
    raise ValueError(f"bad value {x}")

t = threading.Thread(target=fails, args=(42,), name="boom")
t.start()
t.join()
print("main goes on; thread alive:", t.is_alive())
`,
      );
      const r = runGilvm(["run", file]);
      expect(r.status, context(r)).toBe(0);
      expect(r.stdout).toBe("main goes on; thread alive: False\n");
      const lines = r.stderr.split("\n");
      const at = lines.indexOf("Exception in thread boom:");
      expect(at, context(r)).toBeGreaterThanOrEqual(0);
      expect(lines[at + 1]).toBe("Traceback (most recent call last):");
      expect(r.stderr).toContain(`File "${file}", line 4, in fails`);
      expect(r.stderr).toMatch(/^ValueError: bad value 42$/m);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "daemon threads still running when the main thread ends are stopped, and the program exits 0 promptly",
    () => {
      const file = program(
        "daemon_threads.py",
        `import threading
import time

def spin():
    while True:
        pass

def nap():
    while True:
        time.sleep(0.01)

def wait_for_ever(lock):
    lock.acquire()

held = threading.Lock()
held.acquire()
threading.Thread(target=spin, name="spinner", daemon=True).start()
threading.Thread(target=nap, name="napper", daemon=True).start()
threading.Thread(target=wait_for_ever, args=(held,), name="waiter", daemon=True).start()
time.sleep(0.05)
print("daemons alive:", sum(t.daemon and t.is_alive() for t in threading.enumerate()))
print("main thread done")
`,
      );
      const r = timedRun(["run", file], 25_000);
      expect(r.error, context(r)).toBeUndefined();
      expect(r.status, context(r)).toBe(0);
      expect(r.stdout).toBe("daemons alive: 3\nmain thread done\n");
      expect(r.stderr, context(r)).toBe("");
      expect(r.ms, context(r)).toBeLessThan(10_000);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "lines printed by several threads (under a lock) are never interleaved mid-line, and the final print comes last",
    () => {
      const file = program(
        "print_lines.py",
        `import threading

lock = threading.Lock()

def chatter(k):
    for i in range(25):
        with lock:
            print(f"thread {k} line {i:02d}", "x" * 60, i * k)
            print("  and", "a", "second", "line", "from", k, sep="-", end="!\\n")

threads = [threading.Thread(target=chatter, args=(k,)) for k in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("all joined")
`,
      );
      const r = runGilvm(["run", file]);
      expect(r.status, context(r)).toBe(0);
      const lines = r.stdout.split("\n");
      expect(lines.pop()).toBe(""); // the output ends with a newline
      expect(lines.pop()).toBe("all joined");
      expect(lines).toHaveLength(4 * 25 * 2);
      const seen = new Map<number, number[]>();
      for (let j = 0; j < lines.length; j += 2) {
        const m = /^thread (\d) line (\d\d) x{60} (\d+)$/.exec(lines[j]);
        expect(m, `line ${j}: ${lines[j]}`).not.toBeNull();
        const k = Number(m![1]);
        const i = Number(m![2]);
        expect(Number(m![3])).toBe(i * k);
        // the pair printed under one hold of the lock stays together
        expect(lines[j + 1]).toBe(`  and-a-second-line-from-${k}!`);
        seen.set(k, [...(seen.get(k) ?? []), i]);
      }
      const inOrder = Array.from({ length: 25 }, (_, i) => i);
      expect([...seen.keys()].sort()).toEqual([0, 1, 2, 3]);
      for (const k of seen.keys()) expect(seen.get(k)).toEqual(inOrder);
    },
    TEST_TIMEOUT_MS,
  );
});

describe("the GIL's counters and settings", () => {
  test(
    "--stats-json of a 2-thread CPU-bound program: 3 threads, named rows, and the GIL changed hands",
    () => {
      const file = program("two_cpu_threads.py", TWO_CPU_THREADS);
      const json = path.join(tmp, "two_cpu_threads.json");
      const r = runGilvm(["run", "--stats-json", json, file]);
      expect(r.status, context(r)).toBe(0);
      expect(r.stdout).toBe("switch interval 0.005 results [21333253333400000, 21333253333400000]\n");
      const s = readStats(json);
      expect(s.threads).toBe(3);
      expect(s.per_thread).toHaveLength(3);
      expect(s.per_thread.map((row) => row.name).sort()).toEqual(["MainThread", "cpu-0", "cpu-1"]);
      expect(typeof s.startup_ms).toBe("number");
      expect(Number.isFinite(s.startup_ms)).toBe(true);
      expect(s.totals.gil_acquisitions).toBeGreaterThan(0);
      expect(s.totals.gil_drop_requests).toBeGreaterThan(0);
      expect(s.totals.gil_forced_switches).toBeGreaterThan(0);
      expect(s.totals.gil_wait_ms).toBeGreaterThan(0);
      // the totals are the sums of the rows' counters
      const sum = (k: keyof ThreadRow) => s.per_thread.reduce((acc, row) => acc + (row[k] as number), 0);
      expect(s.totals.gil_acquisitions).toBe(sum("gil_acquisitions"));
      expect(s.totals.gil_drop_requests).toBe(sum("gil_drop_requests"));
      // and hold counters only: a thread's name or number is not something to add up
      expect(s.totals).not.toHaveProperty("name");
      expect(s.totals).not.toHaveProperty("thread");
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "sys.setswitchinterval(0.001): getswitchinterval() gives it back, and the GIL is asked for more often",
    () => {
      const file = program("switch_interval.py", TWO_CPU_THREADS);
      const defaultJson = path.join(tmp, "switch_default.json");
      const fastJson = path.join(tmp, "switch_fast.json");
      const slow = runGilvm(["run", "--stats-json", defaultJson, file]);
      expect(slow.status, context(slow)).toBe(0);
      const fast = runGilvm(["run", "--stats-json", fastJson, file, "0.001"]);
      expect(fast.status, context(fast)).toBe(0);
      expect(fast.stdout).toBe("switch interval 0.001 results [21333253333400000, 21333253333400000]\n");
      const slowDrops = readStats(defaultJson).totals.gil_drop_requests;
      const fastDrops = readStats(fastJson).totals.gil_drop_requests;
      // 5x shorter interval: expect ~5x the requests; ask for far less than that
      expect(fastDrops, `drop requests: ${slowDrops} at 5 ms, ${fastDrops} at 1 ms`).toBeGreaterThan(slowDrops * 1.5);
    },
    TEST_TIMEOUT_MS * 2,
  );

  test(
    "sys._is_gil_enabled() is True",
    () => {
      const r = runGilvm(["run", "-c", "import sys; print(sys._is_gil_enabled(), sys.getswitchinterval())"]);
      expect(r.status, context(r)).toBe(0);
      expect(r.stdout).toBe("True 0.005\n");
    },
    TEST_TIMEOUT_MS,
  );
});

describe("--trace", () => {
  test(
    "--trace out.svg draws one lane labelled with each thread's name",
    () => {
      const file = program("trace_svg.py", TWO_CPU_THREADS);
      const svg = path.join(tmp, "out.svg");
      const r = runGilvm(["run", "--trace", svg, file]);
      expect(r.status, context(r)).toBe(0);
      const text = fs.readFileSync(svg, "utf8");
      expect(text.startsWith("<svg") || text.startsWith("<?xml")).toBe(true);
      expect(text.trimEnd().endsWith("</svg>")).toBe(true);
      for (const name of ["MainThread", "cpu-0", "cpu-1"]) {
        const labels = text.match(new RegExp(`>${name}</text>`, "g")) ?? [];
        expect(labels, `lane labels for ${name}`).toHaveLength(1);
      }
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "--trace out.json writes Chrome trace events: 'X' spans for several threads and their thread_name metadata",
    () => {
      const file = program("trace_json.py", TWO_CPU_THREADS);
      const out = path.join(tmp, "out.json");
      const r = runGilvm(["run", "--trace", out, file]);
      expect(r.status, context(r)).toBe(0);
      const trace = JSON.parse(fs.readFileSync(out, "utf8")) as {
        traceEvents: { ph: string; name: string; tid: number; args?: { name?: string } }[];
      };
      expect(Array.isArray(trace.traceEvents)).toBe(true);
      const spanTids = new Set(trace.traceEvents.filter((e) => e.ph === "X").map((e) => e.tid));
      expect(spanTids.size).toBeGreaterThan(1);
      const names = trace.traceEvents
        .filter((e) => e.ph === "M" && e.name === "thread_name")
        .map((e) => e.args?.name)
        .sort();
      expect(names).toEqual(["MainThread", "cpu-0", "cpu-1"]);
      // every thread with spans is named
      const namedTids = new Set(trace.traceEvents.filter((e) => e.ph === "M" && e.name === "thread_name").map((e) => e.tid));
      for (const tid of spanTids) expect(namedTids.has(tid), `tid ${tid} has a thread_name`).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );
});

describe("pooled workers", () => {
  test(
    "1,000 short threads finish on far fewer workers, and startup_ms is reported",
    () => {
      const json = path.join(tmp, "many_short.json");
      const r = runGilvm(["run", "--stats-json", json, "programs/threads_many_short.py"], { timeoutMs: 40_000 });
      expect(r.status, context(r)).toBe(0);
      expect(r.stdout).toContain("threads started: 1000\n");
      expect(r.stdout).toContain("appends: 1000\n");
      expect(r.stdout).toContain("active_count() at the end: 1\n");
      const s = readStats(json);
      expect(typeof s.startup_ms).toBe("number");
      expect(s.startup_ms).toBeGreaterThan(0);
      expect(s.threads).toBe(1001);
      expect(s.per_thread).toHaveLength(1001);
      const workers = new Set(s.per_thread.map((row) => row.worker));
      expect(workers.size, `distinct workers: ${workers.size}`).toBeLessThan(50);
      // every Python thread has its own row: the idents are distinct
      expect(new Set(s.per_thread.map((row) => row.thread)).size).toBe(1001);
    },
    45_000,
  );
});

describe("refcount policies with threads, under the sanitizer", () => {
  // The ablations must stay memory-safe and give python3's output: objects here are made by one
  // thread and dropped by another, so biased refcounting queues and merges them.
  const cases: [string, string[]][] = [
    ["biased", ["--refcount", "biased"]],
    ["atomic, no immortal objects", ["--refcount", "atomic", "--no-immortal"]],
  ];
  for (const [label, flags] of cases) {
    for (const prog of ["threads_producer_consumer.py", "threads_bank.py"]) {
      test(
        `${prog} with ${label}: python3's output, no finding`,
        () => {
          const py = runPython([`programs/${prog}`]);
          const stats = path.join(tmp, `${prog}.${flags.join("")}.json`);
          const r = runGilvm(["run", ...flags, "--sanitize", "--stats-json", stats, `programs/${prog}`]);
          expect(r.status, context(r)).toBe(0);
          expect(r.stdout.replace(/.*\[timing\].*\n/g, "")).toBe(py.stdout.replace(/.*\[timing\].*\n/g, ""));
          expect(r.stderr).not.toMatch(/gilvm: (leak|use-after-free|double-free)/);
          const s = readStats(stats) as StatsJson & { refcount: string };
          expect(s.refcount).toBe(flags[1]);
          if (flags[1] === "biased") {
            expect(s.totals.incref_shared, "other threads' increfs went to the shared field").toBeGreaterThan(0);
            expect(s.totals.merges).toBeGreaterThan(0);
          } else {
            expect(s.totals.incref_local).toBe(0);
            expect(s.totals.immortal_skips).toBe(0);
          }
        },
        TEST_TIMEOUT_MS,
      );
    }
  }
});
