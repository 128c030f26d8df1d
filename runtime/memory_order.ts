/**
 * How gilvm reads shared heap words with the ordering CPython asks for, at the lowest price V8
 * offers. Node 20 compiles `Atomics.load` to a call: about 4.5 ns here against 0.5 ns for a plain
 * typed-array read (docs/free_threading.md, "What an Atomics operation costs"). On the two
 * hottest paths of the VM — the owner's decref to zero and the eval-breaker check at every
 * backward jump — that call cost 6–12 % of a whole run, so those two read the word plainly where
 * that is as strong as what CPython uses. They are written inline at their sites (a helper
 * function would spend V8's inlining budget of the eval loop):
 *
 * - relaxed (CPython's `_Py_atomic_load_*_relaxed`): `i32[k]`. An aligned Int32Array read cannot
 *   tear, and the loops that poll store to the same array, so the read is never hoisted out of
 *   them: a word another thread sets is seen at a later check.
 * - acquire (`_Py_atomic_load_*_acquire`): `PLAIN_LOADS_ACQUIRE ? i32[k] : Atomics.load(i32, k)`.
 */

/**
 * Whether a plain read is an acquire load on this CPU: on x86 (TSO) every load is, and V8 keeps
 * typed-array accesses in program order. ARM and other weakly ordered CPUs need Atomics.load.
 */
export const PLAIN_LOADS_ACQUIRE = process.arch === "x64" || process.arch === "ia32";
