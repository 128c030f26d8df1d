/**
 * The intern table: one heap dict (root R_INTERNED) mapping each interned str to itself, shared
 * by all threads. Interned strs are immortal: names, attribute names, identifiers in code
 * objects, one-character strs. Each thread caches str → ref in JS (runtime.internCache).
 */
import { R_INTERNED, type Runtime } from "./context.js";
import { dictFindStr, dictSet, newDict } from "./dict.js";
import { NULL, type Ref } from "./layout.js";
import { markInterned, newStr } from "./str.js";

export function createInternTable(rt: Runtime): void {
  const d = newDict(rt);
  rt.makeImmortal(d);
  rt.heap.setRoot(R_INTERNED, d);
}

/** The interned (immortal) str for `s`. */
export function intern(rt: Runtime, s: string): Ref {
  const cached = rt.internCache.get(s);
  if (cached !== undefined) return cached;
  const table = rt.heap.root(R_INTERNED);
  // find-or-insert in one critical section: two threads interning the same new name must get
  // one object (the insert re-enters the lock this thread holds)
  return rt.locks.critical(table, () => {
    const found = dictFindStr(rt, table, s);
    if (found !== NULL) {
      rt.internCache.set(s, found);
      rt.strCache.set(found, s);
      return found;
    }
    const fresh = newStr(rt, s);
    markInterned(rt, fresh, s);
    dictSet(rt, table, fresh, fresh);
    return fresh;
  });
}
