/**
 * The time module: clocks and sleep (Modules/timemodule.c).
 *
 *   time(), time_ns()                 wall clock (performance.timeOrigin + now(): sub-ms)
 *   perf_counter(), monotonic()       CLOCK_MONOTONIC via process.hrtime (the same clock in
 *   perf_counter_ns(), monotonic_ns() every worker, so threads' readings compare)
 *   process_time(), process_time_ns() CPU time of the process (process.cpuUsage)
 *   sleep(secs)                       blocks the thread for real
 */
import { performance } from "node:perf_hooks";
import type { Interpreter } from "../interpreter.js";
import type { Value } from "../../runtime/layout.js";
import { PyError } from "../../runtime/py_error.js";
import { newFloat } from "../../runtime/float.js";
import { newInt } from "../../runtime/int.js";
import { type NativeFn, type NativeTable, argCount, noKwargs } from "../native.js";
import * as A from "../abstract.js";
import { toIndex } from "./args.js";

/** A word nobody ever notifies: Atomics.wait on it is a sleep that uses no CPU. */
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Blocks the calling thread for `seconds` (Atomics.wait, never a busy loop); `slice` bounds each
 * wait and `between` runs after each (the main thread checks for Ctrl-C there).
 */
export function sleepSeconds(seconds: number, slice: (left: number) => number = (l) => l, between: () => void = () => {}): void {
  const deadline = performance.now() + seconds * 1000;
  for (;;) {
    const left = deadline - performance.now();
    if (left <= 0) return;
    Atomics.wait(sleepCell, 0, 0, slice(left));
    between();
  }
}

/** time.sleep's argument in seconds, with _PyTime_FromSecondsObject's checks. */
export function sleepArgument(vm: Interpreter, v: Value): number {
  let secs: number;
  if (A.numKind(vm, v) === 1) {
    secs = A.floatOf(vm, v);
    if (secs !== secs) throw new PyError("ValueError", "Invalid value NaN (not a number)");
    if (!(Math.abs(secs) * 1e9 < 9223372036854775808)) {
      throw new PyError("OverflowError", "timestamp out of range for platform time_t");
    }
  } else {
    const i = toIndex(vm, v);
    if (typeof i === "bigint" || Math.abs(i) * 1e9 >= 9223372036854775808) {
      throw new PyError("OverflowError", "timestamp too large to convert to C _PyTime_t");
    }
    secs = i;
  }
  if (secs < 0) throw new PyError("ValueError", "sleep length must be non-negative");
  return secs;
}

function sleep(vm: Interpreter, _self: Value, args: Value[], kwnames: string[] | null): Value {
  noKwargs("time.sleep", kwnames);
  argCount("time.sleep", args, 1, 1);
  const secs = sleepArgument(vm, args[0]);
  // the GIL is released around the wait, as CPython's time.sleep does (Py_BEGIN_ALLOW_THREADS)
  vm.blocking("sleep", true, () => sleepSeconds(secs, (l) => vm.waitSlice(l), () => vm.checkInterrupt()));
  return vm.rt.newRef(vm.rt.None);
}

/** Nanoseconds of CLOCK_MONOTONIC. */
function monotonicNs(): bigint {
  return process.hrtime.bigint();
}

/** Wall-clock time in nanoseconds (microsecond resolution). */
function wallNs(): bigint {
  const ms = performance.timeOrigin + performance.now();
  return BigInt(Math.round(ms * 1000)) * 1000n;
}

function processNs(): bigint {
  const u = process.cpuUsage();
  return BigInt(u.user + u.system) * 1000n;
}

function clock(name: string, f: (vm: Interpreter) => Value): NativeFn {
  const fname = `time.${name}`;
  return (vm, _self, args, kwnames) => {
    noKwargs(fname, kwnames);
    argCount(fname, args, 0, 0);
    return f(vm);
  };
}

export const TIME_FUNCTIONS: NativeTable = {
  time: clock("time", (vm) => newFloat(vm.rt, (performance.timeOrigin + performance.now()) / 1000)),
  time_ns: clock("time_ns", (vm) => newInt(vm.rt, wallNs())),
  perf_counter: clock("perf_counter", (vm) => newFloat(vm.rt, Number(monotonicNs()) / 1e9)),
  perf_counter_ns: clock("perf_counter_ns", (vm) => newInt(vm.rt, monotonicNs())),
  monotonic: clock("monotonic", (vm) => newFloat(vm.rt, Number(monotonicNs()) / 1e9)),
  monotonic_ns: clock("monotonic_ns", (vm) => newInt(vm.rt, monotonicNs())),
  process_time: clock("process_time", (vm) => newFloat(vm.rt, Number(processNs()) / 1e9)),
  process_time_ns: clock("process_time_ns", (vm) => newInt(vm.rt, processNs())),
  sleep,
};
