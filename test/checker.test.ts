/**
 * The memory-safety checker catches planted bugs, precisely: each kind of refcount bug, planted
 * with the test-only `_gilvm_test` module, is reported with the right kind, type and lines — and
 * a clean program, or one stopped by MemoryError, gets no finding at all. A checker that never
 * fails proves nothing. Runs go through the package's test API (vm/api.ts), as a user's would.
 */
import { describe, expect, test } from "vitest";
import { runProgram, type Finding } from "../vm/api.js";

const T = 60_000;
const hooks = { testHooks: true };

const ofKind = (findings: Finding[], kind: Finding["kind"]) => findings.filter((f) => f.kind === kind);

describe("planted bugs", () => {
  test("a missing incref: the next touch is a use-after-free, naming who freed it and who touched it", async () => {
    const src = [
      "import _gilvm_test",
      "x = [1, 2]",
      "_gilvm_test.drop_ref(x)", // the list's last reference goes with the call's argument
      "print(x)",
    ].join("\n");
    const r = await runProgram(src, hooks);
    expect(r.exitCode).toBe(4);
    expect(r.findings).toHaveLength(1);
    const [f] = r.findings;
    expect(f).toMatchObject({ kind: "use-after-free", type: "list", line: 4, thread: "MainThread" });
    expect(f.freedAt).toMatchObject({ thread: "MainThread", line: 3, file: "<string>", function: "<module>" });
    expect(r.stderr).toContain("gilvm: use-after-free: incref of a freed 'list' object at 0x");
    expect(r.stderr).toContain("freed by MainThread at <string>:3 in <module>");
    expect(r.stderr).toContain("touched by MainThread at <string>:4 in <module>");
  }, T);

  test("a double decref is a double free, with both lines", async () => {
    const src = ["import _gilvm_test", "items = [1, 2, 3]", "_gilvm_test.drop_ref(items)", "del items"].join("\n");
    const r = await runProgram(src, hooks);
    expect(r.exitCode).toBe(4);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ kind: "double-free", type: "list", line: 4, freedAt: { line: 3 } });
  }, T);

  test("a leaked reference: the leak report and the refcount audit (too high) name the type", async () => {
    const src = ["import _gilvm_test", "class Box:", "    pass", "_gilvm_test.leak_ref(Box())"].join("\n");
    const r = await runProgram(src, hooks);
    expect(r.exitCode).toBe(4);
    const [leak] = ofKind(r.findings, "leak");
    expect(leak.types).toMatchObject({ Box: 1 });
    // the audit blames the object with the extra count, not what it merely keeps alive (its class)
    expect(ofKind(r.findings, "refcount")).toEqual([
      expect.objectContaining({ type: "Box", count: 1, found: 0, verdict: "too high" }),
    ]);
  }, T);

  test("a missing incref the program never trips over: the audit finds the count too low", async () => {
    const src = [
      "import _gilvm_test",
      "x = [1, 2]",
      "holder = [x, x]", // survives teardown: it is leaked below
      "_gilvm_test.leak_ref(holder)",
      "_gilvm_test.drop_ref(x)",
    ].join("\n");
    const r = await runProgram(src, hooks);
    expect(r.exitCode).toBe(4);
    const audit = ofKind(r.findings, "refcount");
    expect(audit).toContainEqual(expect.objectContaining({ type: "list", count: 1, found: 2, verdict: "too low" }));
    expect(audit).toContainEqual(expect.objectContaining({ type: "list", count: 1, found: 0, verdict: "too high" }));
  }, T);

  test("a reference dropped in one thread and touched in another names both threads", async () => {
    const src = [
      "import threading, _gilvm_test",
      "x = [1, 2]",
      "def work():",
      "    _gilvm_test.drop_ref(x)",
      "t = threading.Thread(target=work)",
      "t.start()",
      "t.join()",
      "print(x)",
    ].join("\n");
    const r = await runProgram(src, hooks);
    expect(r.exitCode).toBe(4);
    expect(r.findings[0]).toMatchObject({
      kind: "use-after-free", type: "list", line: 8, thread: "MainThread",
      freedAt: { thread: "Thread-1 (work)", line: 4, function: "work" },
    });
  }, T);
});

describe("clean runs have no findings", () => {
  test("threads sharing containers, under --nogil", async () => {
    const src = [
      "import threading",
      "shared = []",
      "lock = threading.Lock()",
      "def work(n):",
      "    mine = {i: [i] * 2 for i in range(50)}",
      "    with lock:",
      "        shared.append(mine)",
      "ts = [threading.Thread(target=work, args=(k,)) for k in range(3)]",
      "for t in ts: t.start()",
      "for t in ts: t.join()",
      "print(len(shared), sum(len(d) for d in shared))",
    ].join("\n");
    const r = await runProgram(src, { mode: "nogil" });
    expect(r.stdout).toBe("3 150\n");
    expect(r.findings).toEqual([]);
    expect(r.exitCode).toBe(0);
  }, T);

  test("past --heap-mb: MemoryError, and the checker still passes after it", async () => {
    const caught = [
      "y = []",
      "try:",
      "    while True:",
      "        y.append(str(len(y)))",
      "except MemoryError:",
      "    n = len(y)",
      "    y = None",
      "    print('caught MemoryError', n > 1000)",
    ].join("\n");
    const r = await runProgram(caught, { heapMb: 8 });
    expect(r.stdout).toBe("caught MemoryError True\n");
    expect([r.exitCode, r.findings]).toEqual([0, []]);
    // uncaught, with the heap still full at exit: the teardown must not need memory
    const uncaught = await runProgram("y = []\nwhile True:\n    y.append(str(len(y)))\n", { heapMb: 8, mode: "nogil" });
    expect(uncaught.stderr).toMatch(/MemoryError\n$/);
    expect([uncaught.exitCode, uncaught.findings]).toEqual([1, []]);
  }, T);
});
