/**
 * Biased reference counting's queues (CPython's Python/brc.c): when a thread other than an
 * object's owner would drive the object's shared count below zero, it hands the object to the
 * owner instead, through the owner's queue in the heap, and rings the owner's eval breaker; the
 * owner merges the two counts at its next check (runtime/refcount.ts, BiasedRefcount).
 *
 * Each thread's queue is a raw heap block `[count, capacity, refs…]` named by its thread-state
 * block (TS_BRC_QUEUE), guarded by a lock word (TS_BRC_LOCK, held only for a push or a drain: a
 * few stores). A full queue is replaced by one twice as big, allocated by the pushing thread.
 */
import {
  EB_BRC, threadStateOf, ThreadRunState, TS_BRC_LOCK, TS_BRC_QUEUE, TS_EVAL_BREAKER, TS_STATE, type ThreadAllocator,
} from "./heap.js";
import type { BrcQueues } from "./refcount.js";
import type { Value } from "./layout.js";

const Q_COUNT = 0;
const Q_CAP = 1;
const Q_ITEMS = 2;
const INITIAL_CAPACITY = 64;

function lock(i32: Int32Array, w: number): void {
  while (Atomics.compareExchange(i32, w, 0, 1) !== 0) Atomics.wait(i32, w, 1, 1);
}
function unlock(i32: Int32Array, w: number): void {
  Atomics.store(i32, w, 0);
  Atomics.notify(i32, w, 1);
}

/** Runs `fn` holding the plain lock word `w` (held for a few stores: bookkeeping lists in the heap). */
export function withWordLock(i32: Int32Array, w: number, fn: () => void): void {
  lock(i32, w);
  try {
    fn();
  } finally {
    unlock(i32, w);
  }
}

/** Whether a worker in this TS_STATE runs no Python thread (its queue would never be merged). */
export function isParked(state: number): boolean {
  return state === ThreadRunState.IDLE || state === ThreadRunState.EXITED;
}

/**
 * Runs `fn` holding the queue lock of the thread whose state block is `ts`: a worker that
 * starts running Python code again changes its state under it, so another thread's merge of
 * its parked objects never overlaps its plain local refcount operations.
 */
export function withQueueLock(i32: Int32Array, ts: number, fn: () => void): void {
  withWordLock(i32, ts + TS_BRC_LOCK, fn);
}

/**
 * Appends `v` to the growable list `[count, capacity, items…]` whose raw block word `slot` names
 * (0: none yet), replacing a full block by one twice as big allocated by this thread. The
 * caller holds the list's lock. Also the per-thread refcount registry's list.
 */
export function appendToHeapList(alloc: ThreadAllocator, slot: number, v: Value): void {
  const i32 = alloc.heap.i32;
  let q = i32[slot] >> 2;
  if (q === 0 || i32[q + Q_COUNT] === i32[q + Q_CAP]) {
    const cap = q === 0 ? INITIAL_CAPACITY : i32[q + Q_CAP] * 2;
    const block = alloc.alloc((Q_ITEMS + cap) * 4, true) >> 2;
    const n = q === 0 ? 0 : i32[q + Q_COUNT];
    if (q !== 0) i32.copyWithin(block + Q_ITEMS, q + Q_ITEMS, q + Q_ITEMS + n);
    i32[block + Q_COUNT] = n;
    i32[block + Q_CAP] = cap;
    i32[slot] = block << 2;
    if (q !== 0) alloc.free(q << 2);
    q = block;
  }
  const n = i32[q + Q_COUNT];
  i32[q + Q_ITEMS + n] = v;
  i32[q + Q_COUNT] = n + 1;
}

export class HeapBrcQueues implements BrcQueues {
  private readonly i32: Int32Array;

  constructor(private readonly alloc: ThreadAllocator) {
    this.i32 = alloc.heap.i32;
  }

  push(owner: number, ref: Value): void {
    const ts = threadStateOf(this.i32, owner);
    withQueueLock(this.i32, ts, () => this.pushLocked(ts, ref));
    Atomics.or(this.i32, ts + TS_EVAL_BREAKER, EB_BRC);
  }

  /** Appends to the queue of the thread whose state block is `ts` (its lock held). */
  private pushLocked(ts: number, ref: Value): void {
    appendToHeapList(this.alloc, ts + TS_BRC_QUEUE, ref);
  }

  queueOrRunParked(owner: number, ref: Value, whileParked: () => void): boolean {
    const i32 = this.i32;
    const ts = threadStateOf(i32, owner);
    let queued = false;
    // decided and pushed in one hold of the lock, so a worker waking from parked (which changes
    // its state under this lock) finds the object in its queue or already merged, never both
    withQueueLock(i32, ts, () => {
      if (isParked(Atomics.load(i32, ts + TS_STATE))) {
        whileParked();
      } else {
        this.pushLocked(ts, ref);
        queued = true;
      }
    });
    if (queued) Atomics.or(i32, ts + TS_EVAL_BREAKER, EB_BRC);
    return queued;
  }

  drain(owner: number): Value[] {
    const i32 = this.i32;
    const ts = threadStateOf(i32, owner);
    lock(i32, ts + TS_BRC_LOCK);
    try {
      const q = i32[ts + TS_BRC_QUEUE] >> 2;
      if (q === 0) return [];
      const n = i32[q + Q_COUNT];
      const out = Array.from(i32.subarray(q + Q_ITEMS, q + Q_ITEMS + n));
      i32[q + Q_COUNT] = 0;
      return out;
    } finally {
      unlock(i32, ts + TS_BRC_LOCK);
    }
  }
}
