/**
 * The refcount policies, driven directly: two runtimes (thread 0, the owner, and thread 1) over
 * one heap, taking turns as the GIL would make them.
 */
import { describe, expect, test } from "vitest";
import { attachWorld, createWorld } from "../vm/bootstrap.js";
import { newList } from "../runtime/list.js";
import { OB_REF_LOCAL, OB_REF_SHARED, OB_TID } from "../runtime/layout.js";
import { NO_OWNER, SHARED_MERGED, SHARED_QUEUED, type RefcountPolicyName } from "../runtime/refcount.js";
import { threadStateOf, ThreadRunState, TS_STATE } from "../runtime/heap.js";

/** Thread 0 (the owner) and thread 1, both marked as running a Python thread. */
function twoThreads(refcount: RefcountPolicyName) {
  const main = createWorld(16 << 20, { sanitize: true, refcount });
  const other = attachWorld(main.heap.sab, 1, { sanitize: true, refcount });
  for (const tid of [0, 1]) main.rt.i32[threadStateOf(main.rt.i32, tid) + TS_STATE] = ThreadRunState.RUNNING;
  return { owner: main.rt, other: other.rt };
}

describe("biased reference counting", () => {
  test("the owner counts locally; another thread counts in the shared field, atomically", () => {
    const { owner, other } = twoThreads("biased");
    const l = newList(owner, []);
    const w = l >> 2;
    owner.incref(l);
    other.incref(l);
    other.incref(l);
    expect(owner.i32[w + OB_REF_LOCAL]).toBe(2);
    expect(owner.i32[w + OB_REF_SHARED]).toBe(2 << 2);
    expect(owner.rc.count(l)).toBe(4);
    expect(owner.rc.counters.increfLocal).toBe(1);
    expect(other.rc.counters.increfShared).toBe(2);
    expect(other.rc.counters.atomicOps).toBe(2);
  });

  test("when the owner's count reaches zero while others hold references, the counts merge", () => {
    const { owner, other } = twoThreads("biased");
    const l = newList(owner, []);
    const w = l >> 2;
    other.incref(l);
    owner.decref(l); // local 1 → 0, shared holds one: merged, unowned, still alive
    expect(owner.i32[w + OB_TID]).toBe(NO_OWNER);
    expect(owner.i32[w + OB_REF_SHARED]).toBe((1 << 2) | SHARED_MERGED);
    expect(owner.rc.counters.merges).toBe(1);
    expect(owner.alloc.isLive(l)).toBe(true);
    other.decref(l); // the last reference: freed by the other thread
    expect(owner.alloc.isLive(l)).toBe(false);
  });

  test("a non-owner's decref below zero queues the object to its owner, who merges it", () => {
    const { owner, other } = twoThreads("biased");
    const l = newList(owner, []);
    const w = l >> 2;
    owner.incref(l); // local 2
    other.decref(l); // shared 0 → queued (the queue holds this decref)
    expect(owner.i32[w + OB_REF_SHARED]).toBe(SHARED_QUEUED);
    expect(other.rc.counters.queued).toBe(1);
    owner.rc.mergeQueued(); // 2 + 0 - 1 = 1 reference left
    expect(owner.rc.counters.merges).toBe(1);
    expect(owner.rc.count(l)).toBe(1);
    expect(owner.i32[w + OB_TID]).toBe(NO_OWNER);
    owner.decref(l); // now unowned: counted in the shared field, and freed at zero
    expect(owner.alloc.isLive(l)).toBe(false);
  });

  test("merging a queued object can queue what it held: a second pass merges that", () => {
    const { owner, other } = twoThreads("biased");
    // thread 1 owns both: an inner list held only by an outer list
    const inner = newList(other, []);
    const outer = newList(other, [inner]);
    owner.decref(outer); // thread 0 drops the last reference it was handed: queued to thread 1
    expect(owner.rc.counters.queued).toBe(1);
    expect(owner.rc.mergeQueued(1)).toBe(1); // outer freed; its decref of inner queues inner
    expect(owner.alloc.isLive(outer)).toBe(false);
    expect(owner.alloc.isLive(inner)).toBe(true);
    expect(owner.rc.mergeQueued(1)).toBe(1);
    expect(owner.alloc.isLive(inner)).toBe(false);
    expect(owner.rc.mergeQueued(1)).toBe(0);
  });

  test("when the owner is parked (its Python thread ended), the decref merges at once instead of queueing", () => {
    const { owner, other } = twoThreads("biased");
    owner.i32[threadStateOf(owner.i32, 0) + TS_STATE] = ThreadRunState.EXITED;
    const l = newList(owner, []);
    other.decref(l);
    expect(other.rc.counters.queued).toBe(0);
    expect(other.rc.counters.merges).toBe(1);
    expect(owner.alloc.isLive(l)).toBe(false);
  });

  test("an object only its owner touched is freed without any atomic read-modify-write", () => {
    const { owner } = twoThreads("biased");
    const l = newList(owner, []);
    owner.incref(l);
    owner.decref(l);
    owner.decref(l);
    expect(owner.alloc.isLive(l)).toBe(false);
    expect(owner.rc.counters.atomicOps).toBe(0); // only an Atomics.load of the shared field, at zero
  });
});

describe("atomic and plain", () => {
  test("atomic: every operation is an Atomics read-modify-write on the one count", () => {
    const { owner, other } = twoThreads("atomic");
    const l = newList(owner, []);
    owner.incref(l);
    other.incref(l);
    other.decref(l);
    owner.decref(l);
    expect(owner.rc.count(l)).toBe(1);
    expect(owner.rc.counters.atomicOps + other.rc.counters.atomicOps).toBe(4);
    owner.decref(l);
    expect(owner.alloc.isLive(l)).toBe(false);
  });

  test("immortal objects are skipped and counted as skipped, unless immortality is off", () => {
    const on = createWorld(16 << 20, { sanitize: false, refcount: "plain" }).rt;
    const onBefore = { ...on.rc.counters };
    on.incref(on.None);
    expect(on.rc.counters.immortalSkips - onBefore.immortalSkips).toBe(1);
    expect(on.rc.counters.increfLocal - onBefore.increfLocal).toBe(0);
    const off = createWorld(16 << 20, { sanitize: false, refcount: "plain", immortal: false }).rt;
    const offBefore = { ...off.rc.counters };
    off.incref(off.None);
    expect(off.rc.counters.immortalSkips - offBefore.immortalSkips).toBe(0);
    expect(off.rc.counters.increfLocal - offBefore.increfLocal).toBe(1);
  });
});
