/**
 * Per-thread reference counts for hot shared objects: `--shared-rc=per-thread`, gilvm's answer
 * to the contention the anchors measured (one list read by two threads: 6.9× the private-list
 * time in free-threaded CPython, every `lst[0]` an atomic add on one cache line).
 *
 * CPython 3.14t gives heap types and code objects per-thread reference counts: each thread
 * counts its references to such an object in an array of its own, and the true count is only
 * known when the arrays are merged (at thread exit, or by the GC with the world stopped). gilvm
 * applies the idea to any object that turns out to be hot: a thread that has made
 * PROMOTE_AFTER atomic increfs of an object it does not own flags it (OF_PERTHREAD_RC), and from
 * then on every thread but the owner counts its references to it in a private table, with plain
 * operations — no atomics, no shared cache line. The owner keeps counting in ob_ref_local, as
 * biased refcounting already lets it.
 *
 * The price, as in CPython: nobody can tell such an object's true count while threads run, so a
 * flagged object is never freed then (its count reaching zero in the shared fields means
 * nothing). Each thread adds its table into the objects' shared counts when its Python thread
 * ends; when the program is down to one thread again (the main thread, told through its eval
 * breaker) and at exit, the main thread settles every flagged object: the merged count is exact,
 * the flag is cleared, and an object at zero is freed. Memory-safe by construction; the cost is
 * memory held until then, and only for objects hot enough to be promoted.
 */
import { IMMORTAL_REFCNT, OB_KIND, OB_REF_LOCAL, OB_REF_SHARED, OB_TID, type Value } from "./layout.js";
import type { ThreadAllocator } from "./heap.js";
import { appendToHeapList, withWordLock } from "./brc.js";
// a cycle with refcount.ts, which imports OF_PERTHREAD_RC: both only read the other's constants
// inside functions, after every module has been evaluated
import { NO_OWNER, SHARED_MERGED, SHARED_SHIFT } from "./refcount.js";

/** OB_KIND flag: references from non-owner threads are counted in per-thread tables. */
export const OF_PERTHREAD_RC = 1 << 11;
/** Atomic increfs of one object by one non-owner thread before it is promoted. */
const PROMOTE_AFTER = 32;
const HEAT_SLOTS = 4096;

/** Words of the shared-state block the registry uses (runtime/gil.ts reserves them). */
export interface RegistryWords {
  /** Lock word of the registry. */
  lock: number;
  /** Raw block [count, capacity, refs…] of every object ever flagged and not yet settled. */
  list: number;
}

export class PerThreadCounts {
  /** Open-addressing table of this thread's deltas: keys are refs (0 = empty). */
  private keys = new Int32Array(256);
  private deltas = new Int32Array(256);
  private used = 0;
  /** Direct-mapped heat counters of non-owned objects' atomic increfs. */
  private readonly heatKeys = new Int32Array(HEAT_SLOTS);
  private readonly heatCounts = new Int32Array(HEAT_SLOTS);
  /** Objects this thread flagged; operations counted in its table. */
  promotions = 0;
  tableOps = 0;

  constructor(
    private readonly i32: Int32Array,
    private readonly alloc: ThreadAllocator,
    private readonly words: RegistryWords,
  ) {}

  static isFlagged(i32: Int32Array, v: Value): boolean {
    return (i32[(v >> 2) + OB_KIND] & OF_PERTHREAD_RC) !== 0;
  }

  /** Adds `d` to this thread's count of `v`. */
  add(v: Value, d: number): void {
    this.tableOps++;
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let i = (v >>> 3) & mask; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === v) {
        this.deltas[i] += d;
        return;
      }
      if (k === 0) {
        keys[i] = v;
        this.deltas[i] = d;
        if (++this.used * 2 > keys.length) this.grow();
        return;
      }
    }
  }

  /** This thread's delta for `v` (for sys.getrefcount). */
  delta(v: Value): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let i = (v >>> 3) & mask; ; i = (i + 1) & mask) {
      if (keys[i] === v) return this.deltas[i];
      if (keys[i] === 0) return 0;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldDeltas = this.deltas;
    this.keys = new Int32Array(oldKeys.length * 2);
    this.deltas = new Int32Array(oldKeys.length * 2);
    this.used = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== 0) this.add(oldKeys[i], oldDeltas[i]);
    this.tableOps -= this.used; // re-inserting is not counting
  }

  /** Notes one atomic incref of `v` (not ours); flags it once it has proved hot. */
  noteAtomicIncref(v: Value): void {
    const i = (v >>> 3) & (HEAT_SLOTS - 1);
    if (this.heatKeys[i] !== v) {
      this.heatKeys[i] = v;
      this.heatCounts[i] = 1;
      return;
    }
    if (++this.heatCounts[i] < PROMOTE_AFTER) return;
    this.heatCounts[i] = 0;
    const kindWord = (v >> 2) + OB_KIND;
    if ((Atomics.or(this.i32, kindWord, OF_PERTHREAD_RC) & OF_PERTHREAD_RC) !== 0) return; // another thread did
    this.promotions++;
    this.register(v);
  }

  private register(v: Value): void {
    withWordLock(this.i32, this.words.lock, () => appendToHeapList(this.alloc, this.words.list, v));
  }

  /**
   * Adds this thread's table into the objects' shared counts (at the end of its Python thread,
   * or before a settling); returns how many objects it touched.
   */
  flush(): number {
    let n = 0;
    for (let i = 0; i < this.keys.length; i++) {
      const v = this.keys[i];
      if (v === 0) continue;
      const d = this.deltas[i];
      if (d !== 0) {
        Atomics.add(this.i32, (v >> 2) + OB_REF_SHARED, d << SHARED_SHIFT);
        n++;
      }
    }
    this.keys.fill(0);
    this.deltas.fill(0);
    this.used = 0;
    return n;
  }

  /**
   * Settles every flagged object — only while no other thread runs Python code and every other
   * table has been flushed: the counts in the header are then exact. Clears the flag, gives
   * the count a normal biased shape (owned by `tid` if it owns it, else unowned and merged) and
   * returns the objects whose count is zero, for the caller to free.
   */
  settle(tid: number): Value[] {
    this.flush();
    const i32 = this.i32;
    const q = i32[this.words.list] >> 2;
    if (q === 0) return [];
    const dead: Value[] = [];
    const n = i32[q];
    for (let j = 0; j < n; j++) {
      const v = i32[q + 2 + j];
      const w = v >> 2;
      i32[w + OB_KIND] &= ~OF_PERTHREAD_RC;
      const local = i32[w + OB_REF_LOCAL];
      if (local === IMMORTAL_REFCNT) continue; // made immortal since (never freed)
      const owner = i32[w + OB_TID];
      const total = (owner === NO_OWNER ? 0 : local) + (i32[w + OB_REF_SHARED] >> SHARED_SHIFT);
      if (owner === tid && total > 0) {
        i32[w + OB_REF_LOCAL] = total;
        i32[w + OB_REF_SHARED] = 0;
      } else {
        i32[w + OB_TID] = NO_OWNER;
        i32[w + OB_REF_LOCAL] = 0;
        i32[w + OB_REF_SHARED] = (Math.max(total, 0) << SHARED_SHIFT) | SHARED_MERGED;
      }
      if (total <= 0) dead.push(v);
    }
    i32[q] = 0;
    return dead;
  }
}
