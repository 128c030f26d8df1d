/**
 * `_thread`: the native layer that threading.py (lib/threading.py, Python source, as in
 * CPython) is written on: starting threads, locks, thread idents, and the sentinel lock that
 * join() waits on (a subset of CPython 3.11's Modules/_threadmodule.c).
 *
 * A lock is a heap object whose word is taken with Atomics.compareExchange and waited on with
 * Atomics.wait — with the GIL released around the wait, as CPython's lock acquire does.
 */
import type { Interpreter } from "./interpreter.js";
import { HEADER_WORDS, Kind, NULL, type Ref, type Value } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import { T } from "../runtime/types.js";
import { newIntFromNumber } from "../runtime/int.js";
import { newFloat } from "../runtime/float.js";
import { newTuple } from "../runtime/tuple.js";
import { intern } from "../runtime/intern.js";
import { strValue } from "../runtime/str.js";
import { SH_IMMORTALIZED, SH_LIVE_THREADS, SH_NEXT_IDENT } from "../runtime/gil.js";
import { immortalizeShared } from "./immortalize.js";
import { TS_NAME } from "../runtime/heap.js";
import { type NativeTable, argCount, bindArgs, noKwargs } from "./native.js";
import * as A from "./abstract.js";

const LOCK_WORD = HEADER_WORDS;
const LOCK_OWNER = HEADER_WORDS + 1;
/** CPython's TIMEOUT_MAX on 64-bit Linux (PY_TIMEOUT_MAX / 1e6). */
const TIMEOUT_MAX = 9223372036.0;

/** Python-visible thread idents look like CPython's (pthread_t addresses); `n` counts threads. */
export function identOf(n: number): number {
  return 139_637_976_727_552 + n * 0x800000;
}

export function newLock(vm: Interpreter): Ref {
  const rt = vm.rt;
  const lock = rt.newObject(Kind.LOCK, rt.types[T.lock], 2);
  vm.i32[(lock >> 2) + LOCK_WORD] = 0;
  vm.i32[(lock >> 2) + LOCK_OWNER] = 0;
  return lock;
}

/** Takes the lock, waiting up to `timeoutMs` (-1: forever) with the GIL released. */
export function acquireLock(vm: Interpreter, lock: Ref, blocking: boolean, timeoutMs: number): boolean {
  const i32 = vm.i32;
  const w = (lock >> 2) + LOCK_WORD;
  if (Atomics.compareExchange(i32, w, 0, 1) === 0) return true;
  if (!blocking) return false;
  const deadline = timeoutMs < 0 ? Infinity : performance.now() + timeoutMs;
  return vm.blocking("lock", timeoutMs >= 0, () => {
    for (;;) {
      if (Atomics.compareExchange(i32, w, 0, 1) === 0) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      const slice = vm.waitSlice(left);
      Atomics.wait(i32, w, 1, slice === Infinity ? undefined : slice);
      vm.checkInterrupt(); // Ctrl-C interrupts the main thread's wait, as in CPython
    }
  }, w);
}

export function lockHeld(vm: Interpreter, lock: Ref): boolean {
  return Atomics.load(vm.i32, (lock >> 2) + LOCK_WORD) !== 0;
}

export function releaseLock(vm: Interpreter, lock: Ref): void {
  const w = (lock >> 2) + LOCK_WORD;
  if (Atomics.load(vm.i32, w) === 0) throw new PyError("RuntimeError", "release unlocked lock");
  Atomics.store(vm.i32, w, 0);
  Atomics.notify(vm.i32, w, 1);
}

function lockAcquire(vm: Interpreter, self: Value, args: Value[], kwnames: string[] | null): Value {
  const [b, t] = bindArgs("acquire", args, kwnames, ["blocking", "timeout"], 0);
  const blocking = b === NULL ? true : A.truthy(vm, b);
  let timeout = t === NULL ? -1 : A.floatOf(vm, t);
  if (!blocking && timeout !== -1) throw new PyError("ValueError", "can't specify a timeout for a non-blocking call");
  if (timeout < 0 && timeout !== -1) throw new PyError("ValueError", "timeout value must be a non-negative number");
  if (timeout > TIMEOUT_MAX) throw new PyError("OverflowError", "timeout value is too large");
  if (timeout >= 0) timeout *= 1000;
  const got = acquireLock(vm, self, blocking, timeout);
  if (got) vm.i32[(self >> 2) + LOCK_OWNER] = vm.ident;
  return vm.rt.bool(got);
}

function lockRelease(vm: Interpreter, self: Value, args: Value[], kwnames: string[] | null): Value {
  noKwargs("release", kwnames);
  argCount("release", args, 0, 0);
  releaseLock(vm, self);
  return vm.rt.None;
}

function lockLocked(vm: Interpreter, self: Value): Value {
  return vm.rt.bool(lockHeld(vm, self));
}

export const LOCK_METHODS: NativeTable = {
  acquire: lockAcquire,
  acquire_lock: lockAcquire,
  release: lockRelease,
  release_lock: lockRelease,
  locked: lockLocked,
  locked_lock: lockLocked,
  __enter__(vm, self) {
    acquireLock(vm, self, true, -1);
    vm.i32[(self >> 2) + LOCK_OWNER] = vm.ident;
    return vm.rt.True;
  },
  __exit__(vm, self) {
    releaseLock(vm, self);
    return vm.rt.None;
  },
};

export const THREAD_FUNCTIONS: NativeTable = {
  start_new_thread(vm, _self, args, kwnames) {
    noKwargs("start_new_thread", kwnames);
    argCount("start_new_thread", args, 2, 3);
    const rt = vm.rt;
    const [fn, fnArgs, fnKwargs] = args;
    if (A.kindOf(vm, fnArgs) !== Kind.TUPLE) throw new PyError("TypeError", "2nd arg must be a tuple");
    if (fnKwargs !== undefined && A.kindOf(vm, fnKwargs) !== Kind.DICT) {
      throw new PyError("TypeError", "optional 3rd arg must be a dictionary");
    }
    if (vm.host === null) throw new PyError("RuntimeError", "can't start new thread");
    // the first extra thread: make what every thread will touch immortal (CPython 3.13t)
    if (rt.immortal && Atomics.load(vm.i32, vm.shared + SH_IMMORTALIZED) === 0) {
      Atomics.store(vm.i32, vm.shared + SH_IMMORTALIZED, immortalizeShared(vm) + 1);
    }
    const n = Atomics.add(vm.i32, vm.shared + SH_NEXT_IDENT, 1) + 1;
    rt.incref(fn);
    rt.incref(fnArgs);
    const kw = fnKwargs === undefined ? rt.None : fnKwargs;
    rt.incref(kw);
    const job = newTuple(rt, [fn, fnArgs, kw]);
    Atomics.add(vm.i32, vm.shared + SH_LIVE_THREADS, 1);
    vm.host.startThread(n, job);
    return newIntFromNumber(rt, identOf(n));
  },
  allocate_lock(vm, _self, args) {
    argCount("allocate_lock", args, 0, 0);
    return newLock(vm);
  },
  get_ident(vm) {
    return newIntFromNumber(vm.rt, identOf(vm.ident));
  },
  get_native_id(vm) {
    return newIntFromNumber(vm.rt, 4000 + vm.rt.tid);
  },
  _count(vm) {
    return newIntFromNumber(vm.rt, Math.max(0, Atomics.load(vm.i32, vm.shared + SH_LIVE_THREADS) - 1));
  },
  /**
   * A lock released when this thread ends (threading acquires it at once): Thread.join() waits
   * on it. As CPython 3.11's, it is returned unlocked.
   */
  _set_sentinel(vm) {
    const lock = newLock(vm);
    vm.sentinels.push(vm.rt.newRef(lock));
    return lock;
  },
  /** gilvm: names the running thread in the heap, for deadlock reports and traces. */
  _gilvm_set_name(vm, _self, args) {
    argCount("_gilvm_set_name", args, 1, 1);
    if (A.kindOf(vm, args[0]) !== Kind.STR) throw new PyError("TypeError", "name must be a str");
    vm.i32[vm.rt.alloc.ts + TS_NAME] = intern(vm.rt, strValue(vm.rt, args[0]));
    return vm.rt.None;
  },
};

/** Non-function attributes of `_thread`. */
export function initThreadModule(vm: Interpreter, set: (name: string, v: Value) => void): void {
  const rt = vm.rt;
  set("TIMEOUT_MAX", newFloat(rt, TIMEOUT_MAX));
  set("error", rt.newRef(rt.types[T.RuntimeError]));
  set("LockType", rt.newRef(rt.types[T.lock]));
}
