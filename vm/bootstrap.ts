/**
 * Making a heap ready to run Python: the built-in types get their names and method dicts, the
 * built-in functions and constants go into the builtins dict, sys.modules is created — once per
 * heap, by the first thread. Everything made here is immortal (CPython 3.12+ makes the built-in
 * types and their static objects immortal too).
 */
import { Heap } from "../runtime/heap.js";
import { Runtime, type RuntimeOptions, R_BUILTINS, R_MEMORY_ERROR, R_MODULES, R_SHARED, TY_DICT, TY_NAME } from "../runtime/context.js";
import { DEFAULT_INTERVAL_US, SH_INTERVAL_US, SH_WORDS } from "../runtime/gil.js";
import { newInstance } from "../runtime/instance.js";
import { Kind, NULL, type Ref, type Value } from "../runtime/layout.js";
import { dictSet, newDict } from "../runtime/dict.js";
import { createInternTable, intern } from "../runtime/intern.js";
import { newBuiltin, newWrapper } from "../runtime/function.js";
import { BUILTIN_TYPES, T } from "../runtime/types.js";
import { NATIVES } from "./natives.js";
import { clearObject } from "./dealloc.js";

/** Types that CPython's builtins module exposes by name. */
const EXPOSED_TYPES: T[] = [
  T.object, T.type, T.int, T.bool, T.float, T.str, T.tuple, T.list, T.dict, T.set, T.frozenset,
  T.range, T.slice, T.property, T.staticmethod, T.classmethod, T.super,
];

export interface World {
  heap: Heap;
  rt: Runtime;
  builtins: Ref;
  modules: Ref;
}

function immortalDict(rt: Runtime): Ref {
  const d = newDict(rt);
  rt.makeImmortal(d);
  return d;
}

/** Creates a heap of `heapBytes` and everything the first thread needs to run Python. */
export function createWorld(heapBytes: number, opts: RuntimeOptions): World {
  const heap = Heap.create(heapBytes);
  const rt = new Runtime(heap, 0, opts);
  rt.clearObject = clearObject;
  rt.bootstrapTypes();
  createInternTable(rt);
  const i32 = rt.i32;
  BUILTIN_TYPES.forEach((spec, t) => {
    const w = rt.types[t] >> 2;
    i32[w + TY_NAME] = intern(rt, spec.name);
    i32[w + TY_DICT] = immortalDict(rt);
  });
  const builtins = immortalDict(rt);
  const set = (d: Ref, name: string, v: Value) => dictSet(rt, d, intern(rt, name), v);
  NATIVES.forEach((n, id) => {
    if (n.owner === null && n.module !== "builtins") return;
    let fn = newBuiltin(rt, id, NULL, intern(rt, n.name));
    rt.makeImmortal(fn);
    if (n.classmethod) {
      fn = newWrapper(rt, Kind.CLASSMETHOD, T.classmethod, fn);
      rt.makeImmortal(fn);
    }
    if (n.owner !== null) set(i32[(rt.types[n.owner] >> 2) + TY_DICT], n.name, fn);
    else set(builtins, n.name, fn);
  });
  for (const t of EXPOSED_TYPES) set(builtins, BUILTIN_TYPES[t].name, rt.types[t]);
  for (let t = T.BaseException; t < BUILTIN_TYPES.length; t++) set(builtins, BUILTIN_TYPES[t].name, rt.types[t]);
  set(builtins, "None", rt.None);
  set(builtins, "True", rt.True);
  set(builtins, "False", rt.False);
  set(builtins, "NotImplemented", rt.NotImplemented);
  set(builtins, "Ellipsis", rt.Ellipsis);
  set(builtins, "__name__", intern(rt, "builtins"));
  heap.setRoot(R_BUILTINS, builtins);
  const memoryError = newInstance(rt, rt.types[T.MemoryError], rt.emptyTuple);
  rt.makeImmortal(memoryError);
  heap.setRoot(R_MEMORY_ERROR, memoryError);
  const shared = rt.newRaw(SH_WORDS);
  rt.i32.fill(0, shared >> 2, (shared >> 2) + SH_WORDS);
  rt.i32[(shared >> 2) + SH_INTERVAL_US] = DEFAULT_INTERVAL_US;
  heap.setRoot(R_SHARED, shared);
  const modules = immortalDict(rt); // sys.modules: a root, emptied at teardown
  heap.setRoot(R_MODULES, modules);
  return { heap, rt, builtins, modules };
}

/** Joins an existing heap from another worker: thread `tid` gets its own allocator and caches. */
export function attachWorld(sab: SharedArrayBuffer, tid: number, opts: RuntimeOptions): World {
  const heap = new Heap(sab);
  const rt = new Runtime(heap, tid, opts);
  rt.clearObject = clearObject;
  rt.loadRoots();
  return { heap, rt, builtins: heap.root(R_BUILTINS), modules: heap.root(R_MODULES) };
}
