/**
 * The Global Interpreter Lock, modelled on CPython's Python/ceval_gil.c (the "new GIL" of
 * Antoine Pitrou, 2009, used by every CPython since 3.2).
 *
 * The state is a few words in the shared heap (the shared-state block, root R_SHARED):
 *
 *   SH_GIL_LOCKED     0 when free, holder thread id + 1 when held
 *   SH_DROP_REQUEST   1 when a waiting thread asks the holder to let go ("gil_drop_request")
 *   SH_SWITCH_NUMBER  how many times the GIL changed hands (the waiter's "did anything happen?")
 *   SH_INTERVAL_US    the switch interval in µs (5 ms by default; sys.setswitchinterval)
 *
 * take(): a thread that finds the GIL held waits on the lock word (Atomics.wait) for at most
 * one switch interval. If it timed out and no switch happened meanwhile, it sets the drop
 * request. The holder checks the request at its eval-breaker points (backward jumps and calls)
 * and drops the GIL; with forced switching (FORCE_SWITCHING in CPython) the dropping thread then
 * waits until another thread has taken the GIL, so the one that asked really gets it — without
 * that, the dropper would usually win the race to retake it on a multicore machine (the convoy
 * effect Beazley showed for the old GIL). Blocking calls (sleep, lock waits, join) drop the GIL
 * without forced switching, as Py_BEGIN_ALLOW_THREADS does.
 *
 * Counters are per thread (this object): acquisitions, time spent waiting, drop requests made,
 * forced switches.
 */
import { EB_GIL_DROP, TS_EVAL_BREAKER, threadStateOf, type Heap } from "./heap.js";

export const SH_GIL_LOCKED = 0;
export const SH_DROP_REQUEST = 1;
export const SH_SWITCH_NUMBER = 2;
export const SH_INTERVAL_US = 3;
export const SH_FINALIZING = 4; //   set when the main thread tears down (it keeps the GIL from then on, so
//                                   daemon threads never run again; the flag is for reports and tools)
export const SH_NEXT_IDENT = 5; //   Python thread idents handed out
export const SH_PROGRESS = 6; //     bumped by every block/unblock: the deadlock detector's clock
export const SH_LIVE_THREADS = 7; // Python threads started and not yet finished (main included)
export const SH_IMMORTALIZED = 8; // objects made immortal when the first thread started (0: not yet)
export const SH_WORDS = 16;

export const DEFAULT_INTERVAL_US = 5000;

export interface GilCounters {
  acquisitions: number;
  waitMs: number;
  dropRequests: number;
  forcedSwitches: number;
}

export class Gil {
  readonly counters: GilCounters = { acquisitions: 0, waitMs: 0, dropRequests: 0, forcedSwitches: 0 };
  private readonly i32: Int32Array;

  /** `base` is the word index of the shared-state block; `tid` this thread's id. */
  constructor(heap: Heap, private readonly base: number, private readonly tid: number) {
    this.i32 = heap.i32;
  }

  get intervalMs(): number {
    return this.i32[this.base + SH_INTERVAL_US] / 1000;
  }
  set intervalMs(ms: number) {
    this.i32[this.base + SH_INTERVAL_US] = Math.max(1, Math.round(ms * 1000));
  }

  /** True when a waiting thread asked the holder to drop the GIL (the eval breaker). */
  dropRequested(): boolean {
    return Atomics.load(this.i32, this.base + SH_DROP_REQUEST) !== 0;
  }

  isHeldByMe(): boolean {
    return Atomics.load(this.i32, this.base + SH_GIL_LOCKED) === this.tid + 1;
  }

  /** Takes the GIL if it is free (no waiting); true when taken. */
  tryTake(): boolean {
    if (Atomics.compareExchange(this.i32, this.base + SH_GIL_LOCKED, 0, this.tid + 1) !== 0) return false;
    this.taken();
    return true;
  }

  take(): void {
    const i32 = this.i32;
    const lock = this.base + SH_GIL_LOCKED;
    const me = this.tid + 1;
    if (Atomics.compareExchange(i32, lock, 0, me) !== 0) {
      const t0 = performance.now();
      for (;;) {
        const holder = Atomics.load(i32, lock);
        if (holder === 0) {
          if (Atomics.compareExchange(i32, lock, 0, me) === 0) break;
          continue;
        }
        const switches = Atomics.load(i32, this.base + SH_SWITCH_NUMBER);
        const r = Atomics.wait(i32, lock, holder, this.intervalMs);
        if (
          r === "timed-out" &&
          Atomics.load(i32, this.base + SH_SWITCH_NUMBER) === switches &&
          Atomics.compareExchange(i32, this.base + SH_DROP_REQUEST, 0, 1) === 0
        ) {
          this.counters.dropRequests++;
          // ring the holder's eval breaker (its thread-state word), as CPython 3.13 does
          const holderNow = Atomics.load(i32, lock);
          if (holderNow !== 0) Atomics.or(i32, threadStateOf(i32, holderNow - 1) + TS_EVAL_BREAKER, EB_GIL_DROP);
        }
      }
      this.counters.waitMs += performance.now() - t0;
    }
    this.taken();
  }

  private taken(): void {
    const i32 = this.i32;
    this.counters.acquisitions++;
    // a new holder: tell a forced-switching dropper that the switch happened
    Atomics.add(i32, this.base + SH_SWITCH_NUMBER, 1);
    Atomics.notify(i32, this.base + SH_SWITCH_NUMBER);
    // the request (if any) was for us: we have the GIL now
    Atomics.store(i32, this.base + SH_DROP_REQUEST, 0);
  }

  /**
   * Releases the GIL. `forced`: the drop answers a drop request, so wait until another thread
   * has taken it (CPython's FORCE_SWITCHING).
   */
  drop(forced: boolean): void {
    const i32 = this.i32;
    const switches = Atomics.load(i32, this.base + SH_SWITCH_NUMBER);
    Atomics.store(i32, this.base + SH_GIL_LOCKED, 0);
    Atomics.notify(i32, this.base + SH_GIL_LOCKED, 1);
    if (!forced) return;
    // wait for the switch: bounded, in case the requester went away meanwhile
    const deadline = performance.now() + 10 * this.intervalMs;
    while (Atomics.load(i32, this.base + SH_SWITCH_NUMBER) === switches) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      Atomics.wait(i32, this.base + SH_SWITCH_NUMBER, switches, left);
    }
    this.counters.forcedSwitches++;
  }
}
