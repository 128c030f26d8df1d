/**
 * The sanitizer's exit check: after teardown every object that is not immortal (or held by an
 * immortal object) must have been freed. What is still live is split the way CPython's cycle
 * collector would split it: objects referenced from outside the live set (a count higher than
 * the references other live objects hold — a real leak, somebody forgot a decref; or a count
 * gone wrong the other way, which vm/refcount_audit.ts reports) and everything reachable from
 * them are leaks;
 * the rest are kept alive only by reference cycles among themselves, which gilvm (having no
 * cycle collector yet) reports as cycles, not as leaks.
 */
import type { Runtime } from "../runtime/context.js";
import { OB_KIND, OF_IMMORTAL, type Ref } from "../runtime/layout.js";
import { forEachReferent } from "./traverse.js";

export interface LeakReport {
  leaked: Ref[];
  cycles: Ref[];
}

export function findLeaks(rt: Runtime): LeakReport {
  rt.alloc.seal();
  const i32 = rt.i32;
  const all: Ref[] = [];
  const immortal: Ref[] = [];
  rt.heap.forEachLiveBlock((ref, raw) => {
    if (raw) return;
    if ((i32[(ref >> 2) + OB_KIND] & OF_IMMORTAL) === 0) all.push(ref);
    else immortal.push(ref);
  });
  // Immortal objects are roots: what they hold lives as long as they do (a function made
  // immortal at the first thread start keeps its defaults, a property its getter).
  const heldByImmortal = new Set<Ref>();
  const mortal = new Set(all);
  const pending: Ref[] = [];
  for (const r of immortal) {
    forEachReferent(rt, r, i32[(r >> 2) + OB_KIND] & 0xff, (v) => {
      if (mortal.has(v) && !heldByImmortal.has(v)) {
        heldByImmortal.add(v);
        pending.push(v);
      }
    });
  }
  while (pending.length > 0) {
    const r = pending.pop()!;
    forEachReferent(rt, r, i32[(r >> 2) + OB_KIND] & 0xff, (v) => {
      if (mortal.has(v) && !heldByImmortal.has(v)) {
        heldByImmortal.add(v);
        pending.push(v);
      }
    });
  }
  const live = all.filter((r) => !heldByImmortal.has(r));
  const gcRefs = new Map<Ref, number>();
  for (const r of live) gcRefs.set(r, rt.rc.count(r));
  for (const r of live) {
    forEachReferent(rt, r, i32[(r >> 2) + OB_KIND] & 0xff, (v) => {
      const n = gcRefs.get(v);
      if (n !== undefined) gcRefs.set(v, n - 1);
    });
  }
  const reachable = new Set<Ref>();
  // a count below the references found (a missing incref; the refcount audit reports it) is no
  // evidence of a cycle either: only objects whose count the live set explains exactly can be one
  const stack = live.filter((r) => gcRefs.get(r)! !== 0);
  while (stack.length > 0) {
    const r = stack.pop()!;
    if (reachable.has(r)) continue;
    reachable.add(r);
    forEachReferent(rt, r, i32[(r >> 2) + OB_KIND] & 0xff, (v) => {
      if (gcRefs.has(v) && !reachable.has(v)) stack.push(v);
    });
  }
  return { leaked: live.filter((r) => reachable.has(r)), cycles: live.filter((r) => !reachable.has(r)) };
}
