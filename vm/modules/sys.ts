/**
 * The sys module (Python/sysmodule.c): exit, the recursion limit, the switch interval,
 * _is_gil_enabled, getrefcount, intern; and sys.stdout / sys.stderr.
 *
 * sys.stdout and sys.stderr are not io.TextIOWrapper objects here: each is a small built-in
 * module object ("sys.stdout", "sys.stderr") whose functions write and flush, which is all that
 * programs (and print(file=...)) ask of them. Output to stdout goes through vm.opts.write, the
 * same synchronous path as print, so the two interleave in order.
 */
import type { Interpreter } from "../interpreter.js";
import { PyThrow } from "../interpreter.js";
import { IMMORTAL_REFCNT, Kind, type Value } from "../../runtime/layout.js";
import { PyError } from "../../runtime/py_error.js";
import { T } from "../../runtime/types.js";
import { newFloat } from "../../runtime/float.js";
import { newInt, newIntFromNumber } from "../../runtime/int.js";
import { newList } from "../../runtime/list.js";
import { newStr, strLen, strValue } from "../../runtime/str.js";
import { newTuple } from "../../runtime/tuple.js";
import { intern } from "../../runtime/intern.js";
import { type NativeTable, argCount, noKwargs } from "../native.js";
import { getModule } from "../modules.js";
import * as A from "../abstract.js";
import { toDouble, toIndex } from "./args.js";
import { SH_INTERVAL_US } from "../../runtime/gil.js";
import { formatException } from "../exceptions.js";

export const GILVM_VERSION = "0.1.0";
/** The Python version gilvm follows (the language subset is 3.11's). */
export const PYTHON_VERSION: readonly [number, number, number] = [3, 11, 7];

/**
 * What sys.getrefcount reports for immortal objects (and tagged small ints): CPython 3.12+'s
 * _Py_IMMORTAL_REFCNT on 64-bit builds, UINT32_MAX.
 */
export const IMMORTAL_REPORTED = 4294967295;

/**
 * The switch interval, in seconds. It lives in the heap (the GIL's SH_INTERVAL_US word), so
 * every thread reads the one value, as CPython's is per interpreter.
 */
export function getSwitchInterval(vm: Interpreter): number {
  return vm.i32[vm.shared + SH_INTERVAL_US] / 1e6;
}

function none(vm: Interpreter): Value {
  return vm.rt.newRef(vm.rt.None);
}

export const SYS_FUNCTIONS: NativeTable = {
  exit(vm, _self, args, kwnames) {
    noKwargs("sys.exit", kwnames);
    argCount("exit", args, 0, 1);
    // SystemExit(arg): the top level prints a str argument to stderr and exits 1, an int is the status
    const exc = vm.call(vm.rt.types[T.SystemExit], args);
    throw new PyThrow(exc);
  },
  getrecursionlimit(vm, _self, args, kwnames) {
    noKwargs("sys.getrecursionlimit", kwnames);
    argCount("sys.getrecursionlimit", args, 0, 0);
    return newIntFromNumber(vm.rt, vm.recursionLimit);
  },
  setrecursionlimit(vm, _self, args, kwnames) {
    noKwargs("sys.setrecursionlimit", kwnames);
    argCount("sys.setrecursionlimit", args, 1, 1);
    if (A.numKind(vm, args[0]) === 1) {
      throw new PyError("TypeError", "'float' object cannot be interpreted as an integer");
    }
    const n = toIndex(vm, args[0]);
    if (typeof n === "bigint" || n > 0x7fffffff) throw new PyError("OverflowError", "Python int too large to convert to C int");
    if (n < 1) throw new PyError("ValueError", "recursion limit must be greater or equal than 1");
    if (vm.depth >= n) {
      throw new PyError(
        "RecursionError",
        `cannot set the recursion limit to ${n} at the recursion depth ${vm.depth}: the limit is too low`,
      );
    }
    vm.recursionLimit = n;
    return none(vm);
  },
  getswitchinterval(vm, _self, args, kwnames) {
    noKwargs("sys.getswitchinterval", kwnames);
    argCount("sys.getswitchinterval", args, 0, 0);
    return newFloat(vm.rt, getSwitchInterval(vm));
  },
  setswitchinterval(vm, _self, args, kwnames) {
    noKwargs("sys.setswitchinterval", kwnames);
    argCount("sys.setswitchinterval", args, 1, 1);
    const x = toDouble(vm, args[0]);
    if (!(x > 0)) throw new PyError("ValueError", "switch interval must be strictly positive");
    vm.i32[vm.shared + SH_INTERVAL_US] = Math.max(1, Math.min(2 ** 31 - 1, Math.round(x * 1e6)));
    return none(vm);
  },
  /** sys.excepthook(type, value, tb): prints the exception and its traceback to stderr. */
  excepthook(vm, _self, args, kwnames) {
    noKwargs("sys.excepthook", kwnames);
    argCount("sys.excepthook", args, 3, 3);
    const exc = args[1];
    if (A.kindOf(vm, exc) === Kind.INSTANCE && A.isExceptionType(vm, A.typeOf(vm, exc))) {
      vm.opts.writeErr(formatException(vm, exc, vm.sources));
    } else {
      vm.opts.writeErr(`${A.repr(vm, exc)}\n`);
    }
    return none(vm);
  },
  _is_gil_enabled(vm, _self, args, kwnames) {
    noKwargs("sys._is_gil_enabled", kwnames);
    argCount("sys._is_gil_enabled", args, 0, 0);
    return vm.rt.newRef(vm.opts.mode === "nogil" ? vm.rt.False : vm.rt.True);
  },
  getrefcount(vm, _self, args, kwnames) {
    noKwargs("sys.getrefcount", kwnames);
    argCount("sys.getrefcount", args, 1, 1);
    const v = args[0];
    const count = vm.rt.rc.count(v);
    if ((v & 1) !== 0 || count >= IMMORTAL_REFCNT) return newInt(vm.rt, BigInt(IMMORTAL_REPORTED));
    // The argument is borrowed from the caller's value stack, whose reference is already in the
    // count: that is the "+1 for the argument" CPython's getrefcount reports (x = []; → 2).
    return newIntFromNumber(vm.rt, count);
  },
  intern(vm, _self, args, kwnames) {
    noKwargs("sys.intern", kwnames);
    argCount("sys.intern", args, 1, 1);
    const v = args[0];
    if (A.kindOf(vm, v) !== Kind.STR) throw new PyError("TypeError", `intern() argument must be str, not ${A.typeName(vm, v)}`);
    return vm.rt.newRef(intern(vm.rt, strValue(vm.rt, v)));
  },
};

/** write() and flush() of a text stream that sends its text to `out`. */
function streamFunctions(out: (vm: Interpreter, s: string) => void): NativeTable {
  return {
    write(vm, _self, args, kwnames) {
      noKwargs("write", kwnames);
      argCount("write", args, 1, 1);
      const v = args[0];
      if (A.kindOf(vm, v) !== Kind.STR) throw new PyError("TypeError", `write() argument must be str, not ${A.typeName(vm, v)}`);
      out(vm, strValue(vm.rt, v));
      return newIntFromNumber(vm.rt, strLen(vm.rt, v));
    },
    flush(vm, _self, args, kwnames) {
      noKwargs("flush", kwnames);
      argCount("flush", args, 0, 0);
      return none(vm); // every write is already synchronous
    },
  };
}

export const STDOUT_FUNCTIONS = streamFunctions((vm, s) => vm.opts.write(s));
export const STDERR_FUNCTIONS = streamFunctions((vm, s) => vm.opts.writeErr(s));

function sysPlatform(): string {
  switch (process.platform) {
    case "win32":
      return "win32";
    case "darwin":
      return "darwin";
    case "linux":
      return "linux";
    default:
      return process.platform;
  }
}

/** The non-function attributes of sys. */
export function initSys(vm: Interpreter, set: (name: string, value: Value) => void): void {
  const rt = vm.rt;
  const [major, minor, micro] = PYTHON_VERSION;
  set("argv", newList(rt, vm.opts.argv.map((a) => newStr(rt, a))));
  set("version", newStr(rt, `${major}.${minor}.${micro} (gilvm ${GILVM_VERSION})`));
  set(
    "version_info",
    newTuple(rt, [
      newIntFromNumber(rt, major),
      newIntFromNumber(rt, minor),
      newIntFromNumber(rt, micro),
      newStr(rt, "final"),
      newIntFromNumber(rt, 0),
    ]),
  );
  set("hexversion", newIntFromNumber(rt, (major << 24) | (minor << 16) | (micro << 8) | 0xf0));
  set("maxsize", newInt(rt, (1n << 63n) - 1n));
  set("platform", newStr(rt, sysPlatform()));
  set("byteorder", newStr(rt, "little"));
  set("stdout", getModule(vm, "sys.stdout"));
  set("stderr", getModule(vm, "sys.stderr"));
}
