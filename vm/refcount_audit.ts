/**
 * The sanitizer's refcount audit at exit: after teardown, every live object's reference count
 * must equal the references to it that can actually be found. A count higher than that is a
 * reference somebody took and never dropped (a leak waiting); a lower one is a reference
 * somebody dropped without owning it (a use-after-free waiting: the object will be freed while
 * a holder still points at it). A holder already pointing at a freed object is reported too.
 *
 * The references found are those in every live heap object (vm/traverse.ts, CPython's
 * tp_traverse) and in the roots that hold references on their own at that point: the heap's
 * root slots, the objects queued to a thread by biased refcounting (each entry holds one count),
 * and the frames of threads still alive (daemon threads, parked: locals, value stack, function).
 * Immortal objects are not audited (their count is a sentinel), but what they hold counts.
 */
import type { Runtime } from "../runtime/context.js";
import { CO_MAXBLOCKS } from "../runtime/code.js";
import { G_ROOTS, G_THREADS, MAX_THREADS, PREFIX_RAW, ROOT_SLOTS, TS_BRC_QUEUE, TS_FRAME, TS_HANDLED_EXC } from "../runtime/heap.js";
import { BLOCK_PREFIX_BYTES, Kind, KIND_FREED, NULL, OB_KIND, OF_IMMORTAL, type Ref, type Value } from "../runtime/layout.js";
import { F_BACK, F_CODE, F_FUNC, F_HEADER, F_LOCALS, F_SP } from "./frame.js";
import { GEN_FRAME, GEN_STATE, GenState } from "./generator.js";
import { forEachReferent } from "./traverse.js";
import type { Finding } from "./run.js";

/** Mismatches listed one by one; past this many, one line says how many more there are. */
const MAX_LISTED = 50;

/** Biased refcounting's per-thread queue block: [count, capacity, objects…] (runtime/brc.ts). */
const Q_COUNT = 0;
const Q_ITEMS = 2;

export function auditRefcounts(rt: Runtime): Finding[] {
  const i32 = rt.i32;
  rt.alloc.seal();
  const objects: Ref[] = [];
  rt.heap.forEachLiveBlock((ref, raw) => {
    if (!raw) objects.push(ref);
  });
  const isObject = (v: Value): boolean =>
    v !== NULL && (v & 1) === 0 && (i32[((v - BLOCK_PREFIX_BYTES) >> 2)] & PREFIX_RAW) === 0;
  const isDead = (v: Value): boolean => !rt.alloc.isLive(v) || (i32[(v >> 2) + OB_KIND] & 0xff) === KIND_FREED;

  const found = new Map<Ref, number>();
  const findings: Finding[] = [];
  const counted = (holder: string, v: Value) => {
    if (!isObject(v)) return;
    if (isDead(v)) {
      findings.push(danglingFinding(rt, holder, v));
      return;
    }
    found.set(v, (found.get(v) ?? 0) + 1);
  };

  // generator frames are counted through their generator, also while one runs on a thread
  const generatorFrames = new Set<number>();
  for (const r of objects) {
    const kind = i32[(r >> 2) + OB_KIND] & 0xff;
    if (kind === Kind.GENERATOR && i32[(r >> 2) + GEN_STATE] !== GenState.DONE) generatorFrames.add(i32[(r >> 2) + GEN_FRAME] >> 2);
    const holder = `'${rt.typeNameOf(r)}' object at 0x${r.toString(16)}`;
    forEachReferent(rt, r, kind, (v) => counted(holder, v));
  }
  for (let slot = 0; slot < ROOT_SLOTS; slot++) counted(`root slot ${slot}`, i32[G_ROOTS + slot]);
  for (let tid = 0; tid < MAX_THREADS; tid++) {
    const ts = i32[G_THREADS + tid] >> 2;
    if (ts === 0) continue;
    const holder = `thread state ${tid}`;
    counted(holder, i32[ts + TS_HANDLED_EXC]);
    const q = i32[ts + TS_BRC_QUEUE] >> 2;
    if (q !== 0) for (let k = 0; k < i32[q + Q_COUNT]; k++) counted(holder, i32[q + Q_ITEMS + k]);
    for (let f = i32[ts + TS_FRAME]; f !== 0; f = i32[f + F_BACK]) {
      if (!generatorFrames.has(f)) forEachFrameValue(i32, f, (v) => counted(`a frame of thread ${tid}`, v));
    }
  }

  const mismatches: Finding[] = [];
  for (const r of objects) {
    if ((i32[(r >> 2) + OB_KIND] & OF_IMMORTAL) !== 0) continue;
    const count = rt.rc.count(r);
    const refs = found.get(r) ?? 0;
    if (count !== refs) mismatches.push(mismatchFinding(rt, r, count, refs));
  }
  findings.push(...mismatches);
  if (findings.length <= MAX_LISTED) return findings;
  const more = findings.length - MAX_LISTED;
  return [
    ...findings.slice(0, MAX_LISTED),
    { kind: "refcount", message: `gilvm: refcount: ${more} more mismatch${more === 1 ? "" : "es"} not listed` },
  ];
}

/** The references a frame owns: its locals and value stack up to the saved stack top, its function and locals dict. */
function forEachFrameValue(i32: Int32Array, f: number, visit: (v: Value) => void): void {
  const localsOff = F_HEADER + 2 * i32[(i32[f + F_CODE] >> 2) + CO_MAXBLOCKS];
  for (let p = f + localsOff; p < i32[f + F_SP]; p++) visit(i32[p]);
  visit(i32[f + F_FUNC]);
  visit(i32[f + F_LOCALS]);
}

function mismatchFinding(rt: Runtime, r: Ref, count: number, found: number): Finding {
  const type = rt.typeNameOf(r);
  const verdict = count > found ? "too high: a leak waiting" : "too low: a use-after-free waiting";
  const refs = `${found} reference${found === 1 ? " was" : "s were"} found`;
  return {
    kind: "refcount",
    message: `gilvm: refcount: '${type}' object at 0x${r.toString(16)} has refcount ${count} but ${refs}: ${verdict}`,
    type,
    id: r,
    count,
    found,
    verdict: count > found ? "too high" : "too low",
  };
}

function danglingFinding(rt: Runtime, holder: string, target: Ref): Finding {
  const type = rt.typeNameOf(target);
  return {
    kind: "refcount",
    message: `gilvm: refcount: ${holder} holds a reference to a freed '${type}' object at 0x${target.toString(16)}: its count reached zero too early (a use-after-free waiting)`,
    type,
    id: target,
    count: 0,
    verdict: "too low",
  };
}
