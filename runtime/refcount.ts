/**
 * Reference counting policies. One interface, one implementation per policy, chosen once per
 * run — our equivalent of CPython's `Include/refcount.h`, where `Py_INCREF`/`Py_DECREF` have one
 * body for the default build and one for `Py_GIL_DISABLED`, side by side.
 *
 *   plain   `ob_ref_local++`, non-atomic: safe only while the GIL serialises every thread.
 *   atomic  `Atomics.add` on the one count for every operation: the naive free-threading of the
 *           failed GIL removals (1996's patch, 2015's Gilectomy) — correct, and slow for every
 *           thread, shared objects or not.
 *   biased  biased reference counting (Choi, Shull, Torrellas, PACT 2018; CPython 3.13t
 *           Include/internal/pycore_object.h, Objects/object.c, Python/brc.c): the thread that
 *           allocated an object (its owner, `ob_tid`) counts in `ob_ref_local` with plain
 *           operations; every other thread counts in `ob_ref_shared` with Atomics (the count
 *           shifted past two flag bits, QUEUED and MERGED). When the owner's local count reaches
 *           zero the two are merged; when a non-owner would drive the shared count below zero
 *           the object is queued to its owner (runtime/brc.ts), which merges it at its next
 *           eval-breaker check. An object is freed exactly once, when the merged count is zero.
 *
 * Every policy skips tagged small ints (they are not objects) and — unless immortality is
 * switched off (`--no-immortal`) — immortal objects, and counts what it did: real counters,
 * incremented where the thing happens.
 */
import { IMMORTAL_REFCNT, OB_KIND, OB_REF_LOCAL, OB_REF_SHARED, OB_TID, type Value } from "./layout.js";
import { OF_PERTHREAD_RC, type PerThreadCounts } from "./per_thread_rc.js";
import { PLAIN_LOADS_ACQUIRE } from "./memory_order.js";

export type RefcountPolicyName = "plain" | "atomic" | "biased";

export interface RefcountCounters {
  increfLocal: number;
  increfShared: number;
  decrefLocal: number;
  decrefShared: number;
  immortalSkips: number;
  taggedSkips: number;
  /** Objects whose local and shared counts were merged (biased). */
  merges: number;
  /** Objects this thread queued to their owner (biased). */
  queued: number;
  /** Atomics read-modify-write operations the refcounting performed. */
  atomicOps: number;
  /** Operations counted in this thread's per-thread table (--shared-rc=per-thread). */
  perThreadOps: number;
  /** Objects this thread switched to per-thread counting. */
  promotions: number;
}

export interface RefcountPolicy {
  readonly name: RefcountPolicyName;
  readonly counters: RefcountCounters;
  incref(v: Value): void;
  /**
   * Takes a reference to an object read without a lock (a list slot, a dict value), which may be
   * dying: another thread may have dropped the last reference since. Returns false, counting
   * nothing, when the object's count has reached zero (the reader then retries under the
   * container's lock); its memory is still unreused then (QSBR), so looking is safe. CPython's
   * _Py_TryIncrefFast / _Py_TryIncRefShared.
   */
  tryIncref(v: Value): boolean;
  /** Drops a reference; NULL is ignored. Frees the object when the count reaches zero. */
  decref(v: Value): void;
  /** The object's count as `sys.getrefcount` reports it (local and shared parts together). */
  count(v: Value): number;
  /**
   * Merges the objects queued to thread `owner` (this thread by default) — biased only. Another
   * thread's queue may be merged only while that thread cannot run (under the GIL, at exit).
   */
  mergeQueued(owner?: number): number;
  /** Adds this thread's per-thread counts into the objects (biased with --shared-rc=per-thread). */
  flushPerThread(): void;
  /** Settles the per-thread counted objects, freeing those at zero; only with every other thread parked. */
  settlePerThread(): number;
}

/** Called by a policy when an object's count reaches zero. */
export type Deallocator = (ref: Value) => void;

/** Where biased refcounting sends an object whose shared count went below zero. */
export interface BrcQueues {
  /** Queues `ref` to thread `owner` (and rings its eval breaker). */
  push(owner: number, ref: Value): void;
  /** Takes the objects queued to thread `owner`. */
  drain(owner: number): Value[];
  /**
   * Queues `ref` to `owner` when that worker runs a Python thread (true). Otherwise (its thread
   * ended: nobody would ever merge the queue) calls `whileParked` with the owner's queue locked,
   * so the owner cannot start a new thread meanwhile, and returns false.
   */
  queueOrRunParked(owner: number, ref: Value, whileParked: () => void): boolean;
}

export function newCounters(): RefcountCounters {
  return {
    increfLocal: 0, increfShared: 0, decrefLocal: 0, decrefShared: 0, immortalSkips: 0, taggedSkips: 0, merges: 0,
    queued: 0, atomicOps: 0, perThreadOps: 0, promotions: 0,
  };
}

/** Shared-count encoding (CPython's _Py_REF_SHARED_SHIFT and flags). */
export const SHARED_SHIFT = 2;
export const SHARED_ONE = 1 << SHARED_SHIFT;
export const SHARED_QUEUED = 0x2;
export const SHARED_MERGED = 0x3;
/** ob_tid of an object nobody owns any more (its counts were merged). */
export const NO_OWNER = -1;

/** What the policies with one count and no owners (plain, atomic) do about biased RC's queues and per-thread tables: nothing. */
abstract class UnownedCounts {
  mergeQueued(): number {
    return 0;
  }

  flushPerThread(): void {}

  settlePerThread(): number {
    return 0;
  }
}

export class PlainRefcount extends UnownedCounts implements RefcountPolicy {
  readonly name = "plain";
  readonly counters = newCounters();

  constructor(
    private readonly i32: Int32Array,
    private readonly dealloc: Deallocator,
    private readonly immortal: boolean,
  ) {
    super();
  }

  incref(v: Value): void {
    if ((v & 1) !== 0) {
      this.counters.taggedSkips++;
      return;
    }
    const w = (v >> 2) + OB_REF_LOCAL;
    const c = this.i32[w];
    if (c === IMMORTAL_REFCNT && this.immortal) {
      this.counters.immortalSkips++;
      return;
    }
    this.i32[w] = c + 1;
    this.counters.increfLocal++;
  }

  /** Unsafe without the GIL, as everything in this policy: it looks, then writes. */
  tryIncref(v: Value): boolean {
    if ((v & 1) === 0 && this.i32[(v >> 2) + OB_REF_LOCAL] === 0) return false;
    this.incref(v);
    return true;
  }

  decref(v: Value): void {
    if ((v & 1) !== 0) {
      this.counters.taggedSkips++;
      return;
    }
    if (v === 0) return;
    const w = (v >> 2) + OB_REF_LOCAL;
    const c = this.i32[w];
    if (c === IMMORTAL_REFCNT && this.immortal) {
      this.counters.immortalSkips++;
      return;
    }
    this.counters.decrefLocal++;
    if (c <= 1) {
      this.i32[w] = 0;
      this.dealloc(v);
    } else {
      this.i32[w] = c - 1;
    }
  }

  count(v: Value): number {
    if ((v & 1) !== 0) return IMMORTAL_REFCNT;
    return this.i32[(v >> 2) + OB_REF_LOCAL];
  }

}

export class AtomicRefcount extends UnownedCounts implements RefcountPolicy {
  readonly name = "atomic";
  readonly counters = newCounters();

  constructor(
    private readonly i32: Int32Array,
    private readonly dealloc: Deallocator,
    private readonly immortal: boolean,
  ) {
    super();
  }

  incref(v: Value): void {
    if ((v & 1) !== 0) {
      this.counters.taggedSkips++;
      return;
    }
    const w = (v >> 2) + OB_REF_LOCAL;
    if (this.immortal && this.i32[w] === IMMORTAL_REFCNT) {
      this.counters.immortalSkips++;
      return;
    }
    Atomics.add(this.i32, w, 1);
    this.counters.increfShared++;
    this.counters.atomicOps++;
  }

  tryIncref(v: Value): boolean {
    if ((v & 1) !== 0) {
      this.counters.taggedSkips++;
      return true;
    }
    const w = (v >> 2) + OB_REF_LOCAL;
    let c = Atomics.load(this.i32, w);
    if (this.immortal && c === IMMORTAL_REFCNT) {
      this.counters.immortalSkips++;
      return true;
    }
    for (;;) {
      if (c === 0) return false;
      this.counters.atomicOps++;
      const seen = Atomics.compareExchange(this.i32, w, c, c + 1);
      if (seen === c) {
        this.counters.increfShared++;
        return true;
      }
      c = seen;
    }
  }

  decref(v: Value): void {
    if ((v & 1) !== 0) {
      this.counters.taggedSkips++;
      return;
    }
    if (v === 0) return;
    const w = (v >> 2) + OB_REF_LOCAL;
    if (this.immortal && this.i32[w] === IMMORTAL_REFCNT) {
      this.counters.immortalSkips++;
      return;
    }
    this.counters.decrefShared++;
    this.counters.atomicOps++;
    if (Atomics.sub(this.i32, w, 1) === 1) this.dealloc(v);
  }

  count(v: Value): number {
    if ((v & 1) !== 0) return IMMORTAL_REFCNT;
    return Atomics.load(this.i32, (v >> 2) + OB_REF_LOCAL);
  }

}

export class BiasedRefcount implements RefcountPolicy {
  readonly name = "biased";
  readonly counters = newCounters();

  constructor(
    private readonly i32: Int32Array,
    private readonly dealloc: Deallocator,
    private readonly immortal: boolean,
    private readonly tid: number,
    private readonly queues: BrcQueues,
    /** Per-thread counts of hot shared objects (--shared-rc=per-thread), or null. */
    readonly perThread: PerThreadCounts | null = null,
  ) {}

  /** Whether `v` is counted per thread by non-owners (then it is never freed while threads run). */
  private flagged(w: number): boolean {
    return this.perThread !== null && (this.i32[w + OB_KIND] & OF_PERTHREAD_RC) !== 0;
  }

  /** Frees `v` unless it is counted per thread: then only the settling may (runtime/per_thread_rc.ts). */
  private release(v: Value): void {
    if (!this.flagged(v >> 2)) this.dealloc(v);
  }

  incref(v: Value): void {
    if ((v & 1) !== 0) {
      this.counters.taggedSkips++;
      return;
    }
    const w = v >> 2;
    const local = this.i32[w + OB_REF_LOCAL];
    if (local === IMMORTAL_REFCNT && this.immortal) {
      this.counters.immortalSkips++;
      return;
    }
    if (this.i32[w + OB_TID] === this.tid) {
      this.i32[w + OB_REF_LOCAL] = local + 1;
      this.counters.increfLocal++;
    } else {
      this.increfNonOwner(v);
    }
  }

  /**
   * Everything but the owner's path lives in its own method, here and in decref: the owner's
   * path is then small enough for V8 to inline at every call site (measured: inlining lost
   * cost a single-threaded run ~5 %).
   */
  private increfNonOwner(v: Value): void {
    if (this.countPerThread(v, 1)) return;
    Atomics.add(this.i32, (v >> 2) + OB_REF_SHARED, SHARED_ONE);
    this.counters.increfShared++;
    this.counters.atomicOps++;
    if (this.perThread !== null) this.notePromotion(v);
  }

  private notePromotion(v: Value): void {
    const pt = this.perThread!;
    const before = pt.promotions;
    pt.noteAtomicIncref(v);
    this.counters.promotions += pt.promotions - before;
  }

  tryIncref(v: Value): boolean {
    if ((v & 1) !== 0) {
      this.counters.taggedSkips++;
      return true;
    }
    const w = v >> 2;
    const local = this.i32[w + OB_REF_LOCAL];
    if (local === IMMORTAL_REFCNT && this.immortal) {
      this.counters.immortalSkips++;
      return true;
    }
    if (this.i32[w + OB_TID] === this.tid) {
      // only the owner writes the local count: zero means the owner freed it (a merged object
      // has no owner any more)
      if (local === 0) return false;
      this.i32[w + OB_REF_LOCAL] = local + 1;
      this.counters.increfLocal++;
      return true;
    }
    // flagged objects are not freed while threads run: the block still holds this object
    if (this.countPerThread(v, 1)) return true;
    // a non-owner may not revive a zero shared count: the owner frees at local zero without
    // looking again if the shared count was zero (CPython's _Py_TryIncRefShared fails there too)
    let shared = Atomics.load(this.i32, w + OB_REF_SHARED);
    for (;;) {
      if (shared === 0 || shared === SHARED_MERGED) return false;
      this.counters.atomicOps++;
      const seen = Atomics.compareExchange(this.i32, w + OB_REF_SHARED, shared, shared + SHARED_ONE);
      if (seen === shared) {
        this.counters.increfShared++;
        if (this.perThread !== null) this.notePromotion(v);
        return true;
      }
      shared = seen;
    }
  }

  decref(v: Value): void {
    if ((v & 1) !== 0) {
      this.counters.taggedSkips++;
      return;
    }
    if (v === 0) return;
    const w = v >> 2;
    const local = this.i32[w + OB_REF_LOCAL];
    if (local === IMMORTAL_REFCNT && this.immortal) {
      this.counters.immortalSkips++;
      return;
    }
    if (this.i32[w + OB_TID] === this.tid) {
      this.counters.decrefLocal++;
      this.i32[w + OB_REF_LOCAL] = local - 1;
      // the common case inline: nobody else ever counted it (CPython reads ob_ref_shared with
      // acquire ordering here: runtime/memory_order.ts says why this is a plain read on x86)
      if (local === 1) {
        const shared = PLAIN_LOADS_ACQUIRE ? this.i32[w + OB_REF_SHARED] : Atomics.load(this.i32, w + OB_REF_SHARED);
        if (shared === 0 && this.perThread === null) this.dealloc(v);
        else this.mergeZeroLocal(v);
      }
    } else {
      this.decrefNonOwner(v);
    }
  }

  private decrefNonOwner(v: Value): void {
    if (!this.countPerThread(v, -1)) this.decrefShared(v);
  }

  /** Counts `d` in this thread's table if `v` is counted per thread (true); else does nothing (false). */
  private countPerThread(v: Value, d: number): boolean {
    if (this.perThread === null) return false;
    const kind = this.i32[(v >> 2) + OB_KIND];
    if ((kind & OF_PERTHREAD_RC) === 0) return false;
    this.perThread.add(v, kind, d);
    this.counters.perThreadOps++;
    return true;
  }

  /**
   * The owner's count reached zero and other threads counted it too, or it is counted per thread
   * (CPython's _Py_MergeZeroLocalRefcount, past its shared == 0 case that decref handles).
   */
  private mergeZeroLocal(v: Value): void {
    const w = (v >> 2) + OB_REF_SHARED;
    let shared = Atomics.load(this.i32, w);
    if (shared === 0 && !this.flagged(v >> 2)) {
      this.dealloc(v);
      return;
    }
    // other threads hold references: the object becomes unowned, counted in the shared field
    this.i32[(v >> 2) + OB_TID] = NO_OWNER;
    for (;;) {
      const merged = shared | SHARED_MERGED;
      this.counters.atomicOps++;
      const seen = Atomics.compareExchange(this.i32, w, shared, merged);
      if (seen === shared) {
        this.counters.merges++;
        if (merged === SHARED_MERGED) this.release(v);
        return;
      }
      shared = seen;
    }
  }

  /** A non-owner's decref (CPython's _Py_DecRefShared). */
  private decrefShared(v: Value): void {
    const w = (v >> 2) + OB_REF_SHARED;
    this.counters.decrefShared++;
    let shared = Atomics.load(this.i32, w);
    for (;;) {
      // a zero shared count, neither queued nor merged: the owner must merge it (the queue
      // holds this decref, so the count is left as it is)
      const queue = shared === 0;
      const next = queue ? SHARED_QUEUED : shared - SHARED_ONE;
      this.counters.atomicOps++;
      const seen = Atomics.compareExchange(this.i32, w, shared, next);
      if (seen !== shared) {
        shared = seen;
        continue;
      }
      if (queue) {
        const owner = this.i32[(v >> 2) + OB_TID];
        // the owner is parked (its Python thread ended): merge here, as CPython does for an
        // object whose owner thread is gone — under the owner's queue lock, which a parked
        // worker takes before it runs Python code again; the teardown waits for the lock's release
        let free = false;
        if (this.queues.queueOrRunParked(owner, v, () => (free = this.mergeCounts(v)))) this.counters.queued++;
        else if (free) this.release(v);
      } else if (next === SHARED_MERGED) {
        this.release(v);
      }
      return;
    }
  }

  count(v: Value): number {
    if ((v & 1) !== 0) return IMMORTAL_REFCNT;
    const w = v >> 2;
    const own = this.flagged(w) ? this.perThread!.delta(v) : 0; // other threads' tables are theirs
    const local = this.i32[w + OB_TID] === NO_OWNER ? 0 : this.i32[w + OB_REF_LOCAL];
    return local + (Atomics.load(this.i32, w + OB_REF_SHARED) >> SHARED_SHIFT) + own;
  }

  /** This thread's per-thread counts go into the objects' shared counts (its Python thread ends). */
  flushPerThread(): void {
    if (this.perThread !== null) this.counters.merges += this.perThread.flush();
  }

  /**
   * With every other thread parked and its table flushed, and every queue merged: settles the
   * flagged objects (exact counts, flag cleared) and frees those at zero.
   */
  settlePerThread(): number {
    if (this.perThread === null) return 0;
    const dead = this.perThread.settle(this.tid);
    for (const v of dead) this.dealloc(v);
    return dead.length;
  }

  /**
   * Merges each queued object, dropping the reference the queue held (_Py_ExplicitMergeRefcount).
   * Returns how many were merged (freeing one may queue others: callers at exit loop until 0).
   */
  mergeQueued(owner = this.tid): number {
    const queued = this.queues.drain(owner);
    for (const v of queued) this.mergeOne(v);
    return queued.length;
  }

  /** Merges one queued object's counts, dropping the queue's reference. */
  private mergeOne(v: Value): void {
    if (this.mergeCounts(v)) this.release(v);
  }

  /** mergeOne's counting; true when the merged count is zero (the caller frees it). */
  private mergeCounts(v: Value): boolean {
    const w = v >> 2;
    const local = this.i32[w + OB_REF_LOCAL];
    this.i32[w + OB_TID] = NO_OWNER;
    this.i32[w + OB_REF_LOCAL] = 0;
    let shared = Atomics.load(this.i32, w + OB_REF_SHARED);
    for (;;) {
      const count = local + (shared >> SHARED_SHIFT) - 1;
      const merged = (count << SHARED_SHIFT) | SHARED_MERGED;
      this.counters.atomicOps++;
      const seen = Atomics.compareExchange(this.i32, w + OB_REF_SHARED, shared, merged);
      if (seen === shared) {
        this.counters.merges++;
        return count === 0;
      }
      shared = seen;
    }
  }
}

/**
 * The sanitizer's policy: the same counting, but every operation first checks that the object
 * is still alive (its block not freed, its kind not poisoned), so a use after free is caught at
 * the incref or decref that touches the dead object, not later as corrupted memory.
 */
export class CheckedRefcount implements RefcountPolicy {
  constructor(
    private readonly inner: RefcountPolicy,
    private readonly checkLive: (v: Value, what: string) => void,
    private readonly isAlive: (v: Value) => boolean,
  ) {}

  get name(): RefcountPolicyName {
    return this.inner.name;
  }
  get counters(): RefcountCounters {
    return this.inner.counters;
  }

  incref(v: Value): void {
    if ((v & 1) === 0 && v !== 0) this.checkLive(v, "incref");
    this.inner.incref(v);
  }

  tryIncref(v: Value): boolean {
    // a dead object is what a try-incref exists to meet: it fails, it is no error
    if ((v & 1) === 0 && v !== 0 && !this.isAlive(v)) return false;
    return this.inner.tryIncref(v);
  }

  decref(v: Value): void {
    if ((v & 1) === 0 && v !== 0) this.checkLive(v, "decref");
    this.inner.decref(v);
  }

  count(v: Value): number {
    return this.inner.count(v);
  }

  mergeQueued(owner?: number): number {
    return this.inner.mergeQueued(owner);
  }

  flushPerThread(): void {
    this.inner.flushPerThread();
  }

  settlePerThread(): number {
    return this.inner.settlePerThread();
  }
}
