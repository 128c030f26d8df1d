/**
 * The command line as a user meets it: exit codes, CPython's traceback and SyntaxError formats,
 * gilvm's own limits (heap cap, recursion), the counters, `dis`, and the sanitizer catching the
 * bugs it claims to catch.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { PROGRAMS_DIR, runGilvm, runPython } from "./helpers/run_gilvm.js";

const T = 60_000;

function tempFile(name: string, text: string): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "gilvm-cli-"));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return { dir, file };
}

describe("exit codes and error reports", () => {
  test("an uncaught exception prints CPython's traceback (without carets) and exits 1", () => {
    const src = "def f(x):\n    return 1 / x\n\ndef g():\n    return f(0)\n\nprint('before')\ng()\n";
    const { dir } = tempFile("tb.py", src);
    const vm = runGilvm(["run", "tb.py"], { cwd: dir });
    const py = runPython(["tb.py"], { cwd: dir });
    expect(vm.status).toBe(1);
    expect(vm.stdout).toBe("before\n");
    const file = path.join(dir, "tb.py");
    expect(vm.stderr).toBe(
      "Traceback (most recent call last):\n" +
        `  File "${file}", line 8, in <module>\n    g()\n` +
        `  File "${file}", line 5, in g\n    return f(0)\n` +
        `  File "${file}", line 2, in f\n    return 1 / x\n` +
        "ZeroDivisionError: division by zero\n",
    );
    // CPython 3.11 adds caret lines under the failing expression; everything else is the same
    const pyWithoutCarets = py.stderr.split("\n").filter((l) => !/^\s+[~^]+\s*$/.test(l)).join("\n");
    expect(vm.stderr).toBe(pyWithoutCarets);
  }, T);

  test("chained exceptions print both tracebacks as CPython does", () => {
    const src = "try:\n    {}['k']\nexcept KeyError as e:\n    raise ValueError('bad') from e\n";
    const { dir } = tempFile("chain.py", src);
    const vm = runGilvm(["run", "chain.py"], { cwd: dir });
    const py = runPython(["chain.py"], { cwd: dir });
    expect(vm.status).toBe(1);
    const strip = (s: string) => s.split("\n").filter((l) => !/^\s+[~^]+\s*$/.test(l)).join("\n");
    expect(vm.stderr).toBe(strip(py.stderr));
  }, T);

  test("a syntax error prints the File/source/caret/SyntaxError block and exits 1", () => {
    const { dir } = tempFile("se.py", "x = (1 +\n");
    const vm = runGilvm(["run", "se.py"], { cwd: dir });
    expect(vm.status).toBe(1);
    expect(vm.stderr).toBe(runPython(["se.py"], { cwd: dir }).stderr);
  }, T);

  test("a construct outside the subset is a SyntaxError that names it", () => {
    const vm = runGilvm(["run", "-c", "match x:\n    case 1:\n        pass\n"]);
    expect(vm.status).toBe(1);
    expect(vm.stderr).toContain("SyntaxError: 'match' statements are not supported by gilvm");
  }, T);

  test("sys.exit with a message prints it and exits 1; with an int exits with it", () => {
    const a = runGilvm(["run", "-c", "import sys\nsys.exit('bad thing')"]);
    expect([a.status, a.stderr]).toEqual([1, "bad thing\n"]);
    const b = runGilvm(["run", "-c", "import sys\nsys.exit(3)"]);
    expect(b.status).toBe(3);
  }, T);

  test("runaway recursion is a catchable RecursionError", () => {
    const vm = runGilvm(["run", "-c", "def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    print(type(e).__name__, e)\n"]);
    expect(vm.stdout).toBe("RecursionError maximum recursion depth exceeded\n");
    expect(vm.status).toBe(0);
  }, T);

  test("running past --heap-mb raises MemoryError, which a program can catch", () => {
    const src = "y = []\ntry:\n    while True:\n        y.append([1, 2, 3])\nexcept MemoryError:\n    y = None\n    print('caught MemoryError')\n";
    const vm = runGilvm(["run", "--heap-mb", "8", "--sanitize", "-c", src]);
    expect(vm.stdout).toBe("caught MemoryError\n");
    expect(vm.status).toBe(0);
    const uncaught = runGilvm(["run", "--heap-mb", "8", "-c", "y = []\nwhile True:\n    y.append([0])\n"]);
    expect(uncaught.status).toBe(1);
    expect(uncaught.stderr).toMatch(/MemoryError\n$/);
  }, T);

  test("usage errors exit 2 with a message", () => {
    expect(runGilvm(["run", "--bogus", "x.py"]).status).toBe(2);
    const missing = runGilvm(["run", "no/such/file.py"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("No such file or directory");
    expect(runGilvm(["run", "--heap-mb", "1", "-c", "pass"]).status).toBe(2);
    expect(runGilvm(["frobnicate"]).status).toBe(2);
  }, T);

  test("--version and --help work", () => {
    const v = runGilvm(["--version"]);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const h = runGilvm(["--help"]);
    expect(h.status).toBe(0);
    expect(h.stdout).toContain("run");
    expect(h.stdout).toContain("dis");
  }, T);

  test("ARGS become sys.argv[1:]; gilvm's own options may follow FILE, `--` ends them", () => {
    const { dir } = tempFile("argv.py", "import sys\nprint(sys.argv[1:])\n");
    expect(runGilvm(["run", "argv.py", "a", "--b", "c d"], { cwd: dir }).stdout).toBe("['a', '--b', 'c d']\n");
    const withStats = runGilvm(["run", "argv.py", "x", "--stats"], { cwd: dir });
    expect(withStats.stdout).toBe("['x']\n");
    expect(withStats.stderr).toContain("instructions executed");
    expect(runGilvm(["run", "argv.py", "--", "--stats"], { cwd: dir }).stdout).toBe("['--stats']\n");
  }, T);
});

describe("counters", () => {
  test("--stats-json counts the allocation of [1, 2, 3] and its free at exit", () => {
    const { dir } = tempFile("x.py", "");
    const out = path.join(dir, "stats.json");
    // the baseline compiles to the same names and (tagged, allocation-free) constants
    const base = runGilvm(["run", "--stats-json", out, "-c", "x = None"]);
    expect(base.status).toBe(0);
    const empty = JSON.parse(readFileSync(out, "utf8"));
    runGilvm(["run", "--stats-json", out, "-c", "x = [1, 2, 3]"]);
    const s = JSON.parse(readFileSync(out, "utf8"));
    for (const key of ["mode", "threads", "wall_ms"]) expect(s).toHaveProperty(key);
    for (const key of ["instructions", "incref", "decref", "immortal_skips", "allocs", "frees", "live_objects", "peak_heap_bytes"]) {
      expect(typeof s.totals[key]).toBe("number");
    }
    expect(s.mode).toBe("gil");
    expect(s.threads).toBe(1);
    // As CPython, [1, 2, 3] compiles to BUILD_LIST 0 + LIST_EXTEND of the constant (1, 2, 3):
    // the constant tuple (immortal, made at compile time), then the list and its items block at
    // run time — and those two are freed at exit.
    expect(s.totals.allocs - empty.totals.allocs).toBe(3);
    expect(s.totals.frees - empty.totals.frees).toBe(2);
    expect(s.totals.live_objects - empty.totals.live_objects).toBe(1);
    expect(s.totals.instructions).toBeGreaterThan(empty.totals.instructions);
  }, T);

  test("--stats prints the table on stderr and keeps stdout clean", () => {
    const vm = runGilvm(["run", "--stats", "-c", "print(sum([i * i for i in range(100)]))"]);
    expect(vm.stdout).toBe("328350\n");
    expect(vm.stderr).toContain("instructions executed");
    expect(vm.stderr).toContain("increfs");
    expect(vm.stderr).toContain("peak heap bytes");
  }, T);
});

describe("dis", () => {
  test("disassembles every program", () => {
    for (const name of readdirSync(PROGRAMS_DIR).filter((f) => f.endsWith(".py"))) {
      const r = runGilvm(["dis", path.join(PROGRAMS_DIR, name)]);
      expect(r.status, `${name}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain("RETURN_VALUE");
    }
  }, 240_000);
});

describe("the sanitizer catches planted bugs", () => {
  const hooks = { env: { GILVM_TEST_HOOKS: "1" } };

  test("a missing incref is a use-after-free naming the type and the line", () => {
    const src = "import _gilvm_test\nx = [1, 2]\n_gilvm_test.drop_ref(x)\nprint(x)\n";
    const vm = runGilvm(["run", "--sanitize", "-c", src], hooks);
    expect(vm.status).toBe(4);
    expect(vm.stderr).toContain("gilvm: use-after-free: incref of a freed 'list' object");
    expect(vm.stderr).toContain("<string>:4");
  }, T);

  test("a leaked reference is reported at exit with exit code 4", () => {
    const src = "import _gilvm_test\nclass Box:\n    pass\n_gilvm_test.leak_ref(Box())\n";
    const vm = runGilvm(["run", "--sanitize", "-c", src], hooks);
    expect(vm.status).toBe(4);
    expect(vm.stderr).toMatch(/gilvm: leak: \d+ objects? still alive at exit \(.*Box: 1/);
  }, T);

  test("a reference cycle is reported as a cycle, not as a leak", () => {
    const vm = runGilvm(["run", "--sanitize", "-c", "a = []\na.append(a)\n"]);
    expect(vm.status).toBe(0);
    expect(vm.stderr).toContain("gilvm: cycles: 1 object kept alive only by reference cycles (list: 1)");
    expect(vm.stderr).not.toContain("gilvm: leak");
  }, T);

  test("the test hooks are not importable without GILVM_TEST_HOOKS", () => {
    const vm = runGilvm(["run", "-c", "import _gilvm_test"]);
    expect(vm.status).toBe(1);
    expect(vm.stderr).toContain("ModuleNotFoundError: No module named '_gilvm_test'");
  }, T);
});
