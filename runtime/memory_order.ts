/**
 * Loads of shared heap words with the ordering CPython asks for, at the lowest price V8 offers.
 * Node 20 compiles `Atomics.load` to a call: about 4.5 ns here against 0.5 ns for a plain
 * typed-array read (docs/free_threading.md, "What an Atomics.load costs"). On the two hottest
 * paths of the VM — the owner's decref to zero and the eval-breaker check at every backward
 * jump — that call cost 6–12 % of a whole run, so those two read the word plainly where that is
 * as strong as what CPython uses.
 */

/**
 * Whether a plain read is an acquire load on this CPU: on x86 (TSO) every load is, and V8 keeps
 * typed-array accesses in program order. ARM and other weakly ordered CPUs need Atomics.load.
 */
export const PLAIN_LOADS_ACQUIRE = process.arch === "x64" || process.arch === "ia32";

/**
 * CPython's `_Py_atomic_load_*_relaxed`: some value the word held, without ordering. An aligned
 * Int32Array read cannot tear, and the compiled loop stores to the same array, so the read is
 * never hoisted out of it: a word another thread sets is seen at a later check.
 */
export function loadRelaxed(i32: Int32Array, index: number): number {
  return i32[index];
}

/**
 * CPython's `_Py_atomic_load_*_acquire`: what the writer wrote before its release is visible
 * after. Chosen once, so the compiled caller sees a single target and inlines it.
 */
export const loadAcquire: (i32: Int32Array, index: number) => number = PLAIN_LOADS_ACQUIRE
  ? (i32, index) => i32[index]
  : (i32, index) => Atomics.load(i32, index);
