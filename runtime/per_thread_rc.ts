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
/**
 * OB_KIND bits 12–31 of a flagged object: its slot in every thread's table, given at promotion
 * and the same in all of them (CPython 3.14t's ob_unique_id, an index into each thread's
 * refcount array): a thread's count is one indexed add, no hashing, no shared cache line.
 */
const SLOT_SHIFT = 12;
const SLOT_BITS = -1 << SLOT_SHIFT;
/** Slots there are until the next settling frees them all; past it objects stay atomic. */
const MAX_SLOTS = 1 << (32 - SLOT_SHIFT);
/** Atomic increfs of one object by one non-owner thread before it is promoted. */
const PROMOTE_AFTER = 32;
const HEAT_SLOTS = 4096;

/** Words of the shared-state block the registry uses (runtime/gil.ts reserves them). */
export interface RegistryWords {
  /** Lock word of the registry. */
  lock: number;
  /** Raw block [count, capacity, refs…] of every object ever flagged and not yet settled: its index is the slot. */
  list: number;
}

export class PerThreadCounts {
  /** This thread's count of each slot's object, and the object (kept here so a flush needs no lock). */
  private deltas = new Int32Array(64);
  private refs = new Int32Array(64);
  /** One past the highest slot this thread has counted since its last flush. */
  private top = 0;
  /** Direct-mapped heat counters of non-owned objects' atomic increfs. */
  private readonly heatKeys = new Int32Array(HEAT_SLOTS);
  private readonly heatCounts = new Int32Array(HEAT_SLOTS);
  /** Objects this thread flagged. */
  promotions = 0;

  constructor(
    private readonly i32: Int32Array,
    private readonly alloc: ThreadAllocator,
    private readonly words: RegistryWords,
  ) {}

  static isFlagged(i32: Int32Array, v: Value): boolean {
    return (i32[(v >> 2) + OB_KIND] & OF_PERTHREAD_RC) !== 0;
  }

  /** Adds `d` to this thread's count of `v`, a flagged object whose OB_KIND word is `kind`. */
  add(v: Value, kind: number, d: number): void {
    const slot = kind >>> SLOT_SHIFT;
    if (slot >= this.top) {
      if (slot >= this.deltas.length) this.grow(slot);
      this.top = slot + 1;
    }
    this.deltas[slot] += d;
    this.refs[slot] = v;
  }

  /** This thread's count of `v` (for sys.getrefcount). */
  delta(v: Value): number {
    const slot = this.i32[(v >> 2) + OB_KIND] >>> SLOT_SHIFT;
    return slot < this.top ? this.deltas[slot] : 0;
  }

  private grow(slot: number): void {
    let size = this.deltas.length;
    while (size <= slot) size *= 2;
    const deltas = new Int32Array(size);
    const refs = new Int32Array(size);
    deltas.set(this.deltas);
    refs.set(this.refs);
    this.deltas = deltas;
    this.refs = refs;
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
    this.promote(v);
  }

  /**
   * Flags `v` with the next free slot, under the registry's lock (two threads may promote it at
   * once: the second sees the flag). The flag and the slot are set by one atomic OR, so a
   * thread that sees the flag sees the slot.
   */
  private promote(v: Value): void {
    const i32 = this.i32;
    const kindWord = (v >> 2) + OB_KIND;
    withWordLock(i32, this.words.lock, () => {
      if ((Atomics.load(i32, kindWord) & OF_PERTHREAD_RC) !== 0) return; // another thread did
      const list = i32[this.words.list] >> 2;
      const slot = list === 0 ? 0 : i32[list];
      if (slot >= MAX_SLOTS) return; // out of slots until the next settling: it stays atomic
      appendToHeapList(this.alloc, this.words.list, v);
      Atomics.or(i32, kindWord, OF_PERTHREAD_RC | (slot << SLOT_SHIFT));
      this.promotions++;
    });
  }

  /**
   * Adds this thread's table into the objects' shared counts (at the end of its Python thread,
   * or before a settling); returns how many objects it touched.
   */
  flush(): number {
    let n = 0;
    for (let slot = 0; slot < this.top; slot++) {
      const d = this.deltas[slot];
      if (d === 0) continue;
      Atomics.add(this.i32, (this.refs[slot] >> 2) + OB_REF_SHARED, d << SHARED_SHIFT);
      this.deltas[slot] = 0;
      n++;
    }
    this.top = 0;
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
      i32[w + OB_KIND] &= ~(OF_PERTHREAD_RC | SLOT_BITS); // its slot is free again: the list restarts below
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
