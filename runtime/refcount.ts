/**
 * Reference counting policies. One interface, one implementation per policy, chosen once per
 * run — our equivalent of CPython's `Include/refcount.h`, where `Py_INCREF`/`Py_DECREF` have one
 * body for the default build and one for `Py_GIL_DISABLED`, side by side.
 *
 *   plain   `ob_ref_local++`, non-atomic: safe only while the GIL serialises every thread.
 *
 * (The `atomic` and `biased` policies of the free-threading issue implement the same interface.)
 *
 * Every policy skips tagged small ints (they are not objects) and immortal objects (their count
 * is the IMMORTAL_REFCNT sentinel), and counts what it did: real counters, incremented where the
 * thing happens.
 */
import { IMMORTAL_REFCNT, OB_REF_LOCAL, type Value } from "./layout.js";

export interface RefcountCounters {
  incref: number;
  decref: number;
  immortalSkips: number;
  taggedSkips: number;
}

export interface RefcountPolicy {
  readonly name: "plain" | "atomic" | "biased";
  readonly counters: RefcountCounters;
  incref(v: Value): void;
  /** Drops a reference; NULL is ignored. Frees the object when the count reaches zero. */
  decref(v: Value): void;
  /** The object's count as `sys.getrefcount` reports it (without the call's own reference). */
  count(v: Value): number;
}

/** Called by a policy when an object's count reaches zero. */
export type Deallocator = (ref: Value) => void;

export class PlainRefcount implements RefcountPolicy {
  readonly name = "plain";
  readonly counters: RefcountCounters = { incref: 0, decref: 0, immortalSkips: 0, taggedSkips: 0 };

  constructor(
    private readonly i32: Int32Array,
    private readonly dealloc: Deallocator,
  ) {}

  incref(v: Value): void {
    if ((v & 1) !== 0) {
      this.counters.taggedSkips++;
      return;
    }
    const w = (v >> 2) + OB_REF_LOCAL;
    const c = this.i32[w];
    if (c === IMMORTAL_REFCNT) {
      this.counters.immortalSkips++;
      return;
    }
    this.i32[w] = c + 1;
    this.counters.incref++;
  }

  decref(v: Value): void {
    if ((v & 1) !== 0) {
      this.counters.taggedSkips++;
      return;
    }
    if (v === 0) return;
    const w = (v >> 2) + OB_REF_LOCAL;
    const c = this.i32[w];
    if (c === IMMORTAL_REFCNT) {
      this.counters.immortalSkips++;
      return;
    }
    this.counters.decref++;
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

/**
 * The sanitizer's policy: the same counting, but every operation first checks that the object
 * is still alive (its block not freed, its kind not poisoned), so a use after free is caught at
 * the incref or decref that touches the dead object, not later as corrupted memory.
 */
export class CheckedRefcount implements RefcountPolicy {
  constructor(
    private readonly inner: RefcountPolicy,
    private readonly checkLive: (v: Value, what: string) => void,
  ) {}

  get name(): RefcountPolicy["name"] {
    return this.inner.name;
  }
  get counters(): RefcountCounters {
    return this.inner.counters;
  }

  incref(v: Value): void {
    if ((v & 1) === 0 && v !== 0) this.checkLive(v, "incref");
    this.inner.incref(v);
  }

  decref(v: Value): void {
    if ((v & 1) === 0 && v !== 0) this.checkLive(v, "decref");
    this.inner.decref(v);
  }

  count(v: Value): number {
    return this.inner.count(v);
  }
}
