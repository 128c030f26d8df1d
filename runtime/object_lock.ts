/**
 * Per-object locks: the critical sections of free-threaded CPython (Include/internal/
 * pycore_critical_section.h over PyMutex), in the OB_MUTEX word of an object's header.
 *
 * Without the GIL, a list, dict or set (instance attribute dicts are dicts) is guarded by its
 * own lock for every mutation and every read that takes more than one step. The word doubles as
 * a sequence lock, so single-slot reads need no write at all:
 *
 *   bit 0      LOCKED   a thread is mutating the object
 *   bit 1      WAITERS  a thread sleeps in Atomics.wait on the word (the unlocker must wake it)
 *   bits 2…31  version  bumped by every unlock
 *
 * A lock-free reader (runtime/list.ts, runtime/dict.ts) reads the word, reads what it needs,
 * and reads the word again: equal and unlocked means nothing changed in between. What it read
 * stays valid memory until its next quiescent state (runtime/heap.ts, QSBR), and it takes its
 * reference with a try-incref that fails on a dead object.
 *
 * Under the GIL (CPython's default build) critical sections compile to nothing; here `enabled`
 * is false and every call returns at once, counting nothing.
 *
 * Rules that keep the locks deadlock-free: a thread never runs Python code and never waits for
 * another lock while holding one, except that one operation may re-enter the same object (an
 * intern-table insert that grows the table; a user __eq__ called by a dict probe on that dict):
 * a thread that already holds the lock just goes on (`held`). Simplification: CPython suspends a
 * thread's critical sections whenever it blocks, so even a user __eq__ that waits for another
 * object's lock cannot deadlock; gilvm does not suspend them, and a wait that lasts longer than
 * a few spins is published as a blocked state, so the deadlock detector names such a case.
 */
import { PLAIN_LOADS_ACQUIRE } from "./memory_order.js";
export const LOCKED = 1;
export const WAITERS = 2;
const VERSION_ONE = 4;
/** Spins before sleeping: a critical section lasts a few dozen stores. */
const SPINS = 64;

export interface LockCounters {
  /** Critical sections entered (a lock taken, first try or not). */
  lockAcquires: number;
  /** Of them, those that found the lock held by another thread. */
  lockContended: number;
  /** Atomics read-modify-writes on lock words (compare-exchanges, exchanges). */
  atomicOps: number;
}

export class ObjectLocks {
  readonly counters: LockCounters = { lockAcquires: 0, lockContended: 0, atomicOps: 0 };
  /** Objects this thread holds the lock of (re-entry goes on without taking it again). */
  private readonly held: number[] = [];
  /** Called around a wait that sleeps (the interpreter marks the thread blocked meanwhile). */
  onSleep: (sleeping: boolean, word: number) => void = () => {};

  constructor(
    private readonly i32: Int32Array,
    /** Word offset of the mutex in an object (OB_MUTEX). */
    private readonly mutexWord: number,
    readonly enabled: boolean,
  ) {}

  /**
   * Enters the object's critical section. Returns false when there is nothing to release:
   * locks are off (the GIL run), or this thread already holds it.
   */
  lock(ref: number): boolean {
    if (!this.enabled) return false;
    const w = (ref >> 2) + this.mutexWord;
    const i32 = this.i32;
    const cur = i32[w];
    this.counters.atomicOps++;
    if ((cur & LOCKED) === 0 && Atomics.compareExchange(i32, w, cur, cur | LOCKED) === cur) {
      this.counters.lockAcquires++;
      this.held.push(ref);
      return true;
    }
    if (this.held.length > 0 && this.held.includes(ref)) return false;
    this.lockSlow(w);
    this.counters.lockAcquires++;
    this.counters.lockContended++;
    this.held.push(ref);
    return true;
  }

  private lockSlow(w: number): void {
    const i32 = this.i32;
    for (let spin = 0; spin < SPINS; spin++) {
      const cur = Atomics.load(i32, w);
      if ((cur & LOCKED) !== 0) continue;
      this.counters.atomicOps++;
      if (Atomics.compareExchange(i32, w, cur, cur | LOCKED) === cur) return;
    }
    let sleeping = false;
    try {
      for (;;) {
        const cur = Atomics.load(i32, w);
        this.counters.atomicOps++;
        if ((cur & LOCKED) === 0) {
          // keep WAITERS set when taking it: other sleepers may remain, the unlock must wake one
          if (Atomics.compareExchange(i32, w, cur, cur | LOCKED | (sleeping ? WAITERS : 0)) === cur) return;
          continue;
        }
        if ((cur & WAITERS) === 0 && Atomics.compareExchange(i32, w, cur, cur | WAITERS) !== cur) continue;
        if (!sleeping) {
          sleeping = true;
          this.onSleep(true, w);
        }
        Atomics.wait(i32, w, cur | WAITERS, 100);
      }
    } finally {
      if (sleeping) this.onSleep(false, w);
    }
  }

  /** Leaves the critical section entered by a `lock` that returned true; bumps the version. */
  unlock(ref: number): void {
    const w = (ref >> 2) + this.mutexWord;
    const i32 = this.i32;
    const held = this.held;
    if (held[held.length - 1] === ref) held.pop();
    else held.splice(held.lastIndexOf(ref), 1);
    const cur = i32[w];
    this.counters.atomicOps++;
    const prev = Atomics.exchange(i32, w, ((cur >>> 2) + 1) << 2);
    if ((prev & WAITERS) !== 0) Atomics.notify(i32, w, 1);
  }

  /** Runs `fn` in the object's critical section (pure heap work only: no Python code). */
  critical<R>(ref: number, fn: () => R): R {
    const took = this.lock(ref);
    try {
      return fn();
    } finally {
      if (took) this.unlock(ref);
    }
  }

  /**
   * Starts a lock-free read: the word to compare at the end, or -1 when the object is being
   * mutated (read it under the lock instead). Always 0 when locks are off.
   */
  readBegin(ref: number): number {
    if (!this.enabled) return 0;
    // an acquire load, as CPython's _PySeqLock_BeginRead (plain on x86: runtime/memory_order.ts)
    const w = (ref >> 2) + this.mutexWord;
    const v = PLAIN_LOADS_ACQUIRE ? this.i32[w] : Atomics.load(this.i32, w);
    return (v & LOCKED) !== 0 ? -1 : v & ~WAITERS;
  }

  /**
   * Whether nothing changed the object since `readBegin` returned `seq`. The reads in between
   * must not move past this load — CPython's acquire fence in _PySeqLock_EndRead; x86 never
   * reorders loads with loads, and V8 keeps typed-array reads in program order.
   */
  readValid(ref: number, seq: number): boolean {
    if (!this.enabled) return true;
    const w = (ref >> 2) + this.mutexWord;
    return ((PLAIN_LOADS_ACQUIRE ? this.i32[w] : Atomics.load(this.i32, w)) & ~WAITERS) === seq;
  }

  /** Whether this thread holds any object's lock (Python code must not run then). */
  get holding(): boolean {
    return this.held.length > 0;
  }
}
