/**
 * Making the objects that every thread touches immortal when the program starts its first
 * thread — as CPython 3.13t does (`_PyGC_ImmortalizeDeferredObjects`, run when the second
 * thread state is created): modules, their dicts, the functions and classes they hold, and the
 * classes' methods. From then on reading a global function or calling a method costs no
 * refcount traffic, and under biased refcounting no atomic operation on a shared object. They
 * are never freed (the price CPython 3.13t pays too; 3.14t defers their counting instead).
 * Objects reached only through other objects (a list in a global) stay mortal: those are the
 * shared objects whose contention the contention study measures.
 */
import type { Interpreter } from "./interpreter.js";
import { Kind, OB_KIND, OF_IMMORTAL, type Ref, type Value } from "../runtime/layout.js";
import { TY_DICT } from "../runtime/context.js";
import { dictEntriesUnshared } from "../runtime/dict.js";
import { MOD_DICT } from "./modules.js";
import { WRAPPED } from "../runtime/function.js";

/** Immortalizes the module-level functions and classes of every module; returns how many objects. */
export function immortalizeShared(vm: Interpreter): number {
  const rt = vm.rt;
  const i32 = vm.i32;
  let count = 0;
  const make = (v: Value): boolean => {
    if ((v & 1) !== 0 || (i32[(v >> 2) + OB_KIND] & OF_IMMORTAL) !== 0) return false;
    rt.makeImmortal(v);
    count++;
    return true;
  };
  const dictValues = (d: Ref, visit: (v: Value) => void) => {
    for (const [, v] of dictEntriesUnshared(rt, d)) visit(v); // before the first thread starts: nobody else runs
  };
  const shareable = (v: Value): void => {
    if ((v & 1) !== 0) return;
    const kind = i32[(v >> 2) + OB_KIND] & 0xff;
    if (kind === Kind.FUNCTION) make(v);
    else if (kind === Kind.TYPE && make(v)) {
      const d = i32[(v >> 2) + TY_DICT];
      if (make(d)) dictValues(d, (m) => {
        const mk = (m & 1) === 0 ? i32[(m >> 2) + OB_KIND] & 0xff : 0;
        if (mk === Kind.FUNCTION) make(m);
        else if ((mk === Kind.STATICMETHOD || mk === Kind.CLASSMETHOD || mk === Kind.PROPERTY) && make(m)) {
          shareable(i32[(m >> 2) + WRAPPED]); // the function the wrapper calls
        }
      });
    }
  };
  for (const [, m] of dictEntriesUnshared(rt, vm.modules)) {
    make(m);
    const d = i32[(m >> 2) + MOD_DICT];
    make(d);
    dictValues(d, shareable);
  }
  return count;
}
