/**
 * `_gilvm_process`: the native layer under concurrent.futures.ProcessPoolExecutor
 * (lib/concurrent/futures/process.py). Each pool child is its own gilvm — its own node process,
 * its own heap — started in the hidden `--pool-child` run mode (vm/pool_child.ts); values cross
 * in the format of vm/process_codec.ts, over the FIFOs of vm/process_pipes.ts.
 *
 *   parent: spawn() → pid    send(pid, value, PicklingError)    recv(pid) → value
 *           kill(pid)    close(pid, peak_rss_or_None)
 *   child:  serve_parent(fifo_dir, main_file)    connect(fifo_dir) → pid    run_main(path)
 *           max_rss() → bytes
 *   both:   format_exception(exc) → the traceback text    set_cause(exc, cause)
 *
 * A channel is used by the thread that opened it (a pool runs one thread per child). Every wait
 * releases the GIL, and counts as one with a timeout: the child answers when it is done, so a
 * thread waiting on it is never part of a deadlock.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { packageRoot } from "../package_root.js";
import type { Interpreter } from "../interpreter.js";
import { PyThrow } from "../interpreter.js";
import { Kind, NULL, type Value } from "../../runtime/layout.js";
import { PyError } from "../../runtime/py_error.js";
import { newIntFromNumber } from "../../runtime/int.js";
import { newStr, strValue } from "../../runtime/str.js";
import { dictFindStr, dictGetStrRef, dictSet, newDict } from "../../runtime/dict.js";
import { intern } from "../../runtime/intern.js";
import { EXC_CAUSE, EXC_FLAGS, EXC_SUPPRESS_CONTEXT, setField } from "../../runtime/instance.js";
import { type NativeTable, argCount, noKwargs } from "../native.js";
import { MOD_DICT, compileModuleSource, importModule, newModule } from "../modules.js";
import { formatException } from "../exceptions.js";
import { ReferenceFailure, decodeValue, encodeValue } from "../process_codec.js";
import {
  type Channel, type Pause, PeerGone, closeChannel, connectToParent, killChild, peakRssOf, readFrame, sleepMs,
  spawnChild, writeFrame,
} from "../process_pipes.js";
import { POOL_CHILD_OPTION, announceChild } from "../pool_children.js";
import { poolCounters } from "../pool_counters.js";
import * as A from "../abstract.js";

/** This worker's open channels, by the child's pid. */
const channels = new Map<number, Channel>();

function strArg(vm: Interpreter, fname: string, v: Value): string {
  if (A.kindOf(vm, v) !== Kind.STR) throw new PyError("TypeError", `${fname}() argument must be str, not ${A.typeName(vm, v)}`);
  return strValue(vm.rt, v);
}

function pidArg(vm: Interpreter, fname: string, v: Value): number {
  if ((v & 1) === 0) throw new PyError("TypeError", `${fname}() argument must be a process id (int)`);
  return v >> 1;
}

function channelOf(vm: Interpreter, fname: string, v: Value): Channel {
  const ch = channels.get(pidArg(vm, fname, v));
  if (ch === undefined) throw new PyError("ValueError", `${fname}(): no open channel to process ${v >> 1} on this thread`);
  return ch;
}

/** A pause that gives the main thread its Ctrl-C. */
function pauseFor(vm: Interpreter): Pause {
  return (ms) => {
    sleepMs(ms);
    vm.checkInterrupt();
  };
}

/** How to start this gilvm again: the compiled CLI, or the TypeScript sources through tsx. */
function gilvmCommand(): string[] {
  // found from the package root: this module may be inside a bundle (dist/vm/*.bundle.js)
  const fromSource = fileURLToPath(import.meta.url).endsWith(".ts");
  const root = packageRoot();
  if (fromSource) return ["--import", import.meta.resolve("tsx"), path.join(root, "vm", "cli.ts")];
  const bundle = path.join(root, "dist", "vm", "cli.bundle.js");
  return [existsSync(bundle) ? bundle : path.join(root, "dist", "vm", "cli.js")];
}

/** The child's command line, given its FIFOs' folder: this run's mode and ablations, then the parent's FILE and ARGS. */
function childArgsFor(vm: Interpreter, mainFile: string | null, argv: string[]): (fifoDir: string) => string[] {
  const rt = vm.rt;
  const options = ["run", vm.opts.mode === "nogil" ? "--nogil" : "--gil", `--refcount=${rt.rc.name}`];
  if (rt.sanitize) options.push("--sanitize");
  if (!rt.immortal) options.push("--no-immortal");
  options.push("--heap-mb", String(Math.max(4, Math.min(2047, Math.round(rt.heap.sab.byteLength / 2 ** 20)))));
  const program = mainFile === null ? [] : [mainFile, ...argv.slice(1)];
  const command = gilvmCommand();
  return (fifoDir) => [...command, ...options, `${POOL_CHILD_OPTION}=${process.pid}:${fifoDir}`, "--", ...program];
}

/**
 * The main module's file, or null (-c): what a child imports as `__mp_main__`. The main module
 * also becomes `__mp_main__` here (as multiprocessing does), so that a function a child sends
 * back by that module's name is found.
 */
function mainModuleFile(vm: Interpreter): string | null {
  const rt = vm.rt;
  const main = dictGetStrRef(rt, vm.modules, "__main__");
  if (main === NULL) return null;
  try {
    if (dictFindStr(rt, vm.modules, "__mp_main__") === NULL) dictSet(rt, vm.modules, intern(rt, "__mp_main__"), main);
    const file = dictGetStrRef(rt, vm.i32[(main >> 2) + MOD_DICT], "__file__");
    if (file === NULL) return null;
    const name = A.kindOf(vm, file) === Kind.STR ? strValue(rt, file) : "<";
    rt.decref(file);
    return name.startsWith("<") ? null : name;
  } finally {
    rt.decref(main);
  }
}

/** Counts an ended child in this thread's stats. */
function recordChild(ch: Channel): void {
  poolCounters.childProcesses++;
  poolCounters.childPeakRssBytes += ch.reportedPeakRss ?? 0;
}

export const PROCESS_FUNCTIONS: NativeTable = {
  /**
   * Starts a child running this program: it imports the main module's file (none for -c) with
   * this run's sys.argv. Returns the child's pid once it is connected.
   */
  spawn(vm, _self, args, kwnames) {
    noKwargs("spawn", kwnames);
    argCount("spawn", args, 0, 0);
    const argsFor = childArgsFor(vm, mainModuleFile(vm), vm.opts.argv);
    const pause = pauseFor(vm);
    let ch: Channel;
    try {
      ch = vm.blocking("future", true, () => spawnChild(process.execPath, argsFor, pause));
    } catch (e) {
      if (e instanceof PeerGone) throw new PyError("EOFError", e.message);
      if (e instanceof PyError) throw e;
      throw new PyError("OSError", `cannot start a pool process: ${(e as Error).message}`);
    }
    channels.set(ch.pid, ch);
    announceChild(ch.pid, true);
    return newIntFromNumber(vm.rt, ch.pid);
  },

  /** Sends a value; a function that cannot be found by name raises `pickling_error`. */
  send(vm, _self, args, kwnames) {
    noKwargs("send", kwnames);
    argCount("send", args, 3, 3);
    const ch = channelOf(vm, "send", args[0]);
    let bytes: Buffer;
    try {
      bytes = encodeValue(vm, args[1]);
    } catch (e) {
      if (!(e instanceof ReferenceFailure)) throw e;
      const msg = newStr(vm.rt, e.message);
      try {
        throw new PyThrow(vm.call(args[2], [msg]));
      } finally {
        vm.rt.decref(msg);
      }
    }
    const pause = pauseFor(vm);
    try {
      vm.blocking("future", true, () => writeFrame(ch, bytes, pause));
    } catch (e) {
      if (e instanceof PeerGone) throw new PyError("EOFError", e.message);
      throw e;
    }
    return vm.rt.newRef(vm.rt.None);
  },

  /** The next value from the other side (EOFError when it has ended). */
  recv(vm, _self, args, kwnames) {
    noKwargs("recv", kwnames);
    argCount("recv", args, 1, 1);
    const ch = channelOf(vm, "recv", args[0]);
    const pause = pauseFor(vm);
    let frame: Buffer | null;
    try {
      frame = vm.blocking("future", true, () => readFrame(ch, pause));
    } catch (e) {
      if (e instanceof PeerGone) throw new PyError("EOFError", e.message);
      throw e;
    }
    if (frame === null) throw new PyError("EOFError", ch.side === "parent" ? "the pool process has ended" : "the parent has ended");
    return decodeValue(vm, frame);
  },

  /** Ends a child at once (from any thread). */
  kill(vm, _self, args, kwnames) {
    noKwargs("kill", kwnames);
    argCount("kill", args, 1, 1);
    const pid = pidArg(vm, "kill", args[0]);
    const ch = channels.get(pid);
    if (ch !== undefined) {
      ch.reportedPeakRss ??= peakRssOf(pid);
      killChild(ch);
    } else {
      // another thread's channel: its owner sees EOF and closes it
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // it ended meanwhile
      }
    }
    return vm.rt.newRef(vm.rt.None);
  },

  /** Closes a channel (the child, if alive, reads EOF and exits) and counts the child in the stats. */
  close(vm, _self, args, kwnames) {
    noKwargs("close", kwnames);
    argCount("close", args, 2, 2);
    const ch = channelOf(vm, "close", args[0]);
    if (args[1] !== vm.rt.None) ch.reportedPeakRss = Number(A.bigOf(vm, args[1]));
    ch.reportedPeakRss ??= peakRssOf(ch.pid);
    channels.delete(ch.pid);
    closeChannel(ch);
    if (ch.side === "parent") {
      recordChild(ch);
      announceChild(ch.pid, false);
    }
    return vm.rt.newRef(vm.rt.None);
  },

  /**
   * A child's whole program (vm/pool_child.ts): concurrent.futures.process._child_main(fifo_dir,
   * main_file). Called from here, so that the child's own source names no threading module: the
   * supervisor then starts no spare workers for it (a child runs one thread; they would only
   * add to its memory).
   */
  serve_parent(vm, _self, args, kwnames) {
    noKwargs("serve_parent", kwnames);
    argCount("serve_parent", args, 2, 2);
    const rt = vm.rt;
    const module = importModule(vm, "concurrent.futures.process", true);
    try {
      const childMain = A.getAttr(vm, module, intern(rt, "_child_main"));
      try {
        return vm.call(childMain, args);
      } finally {
        rt.decref(childMain);
      }
    } finally {
      rt.decref(module);
    }
  },

  /** The child's side: connects to the parent's FIFOs in `fifo_dir`. */
  connect(vm, _self, args, kwnames) {
    noKwargs("connect", kwnames);
    argCount("connect", args, 1, 1);
    const dir = strArg(vm, "connect", args[0]);
    let ch: Channel;
    try {
      ch = vm.blocking("future", true, () => connectToParent(dir));
    } catch (e) {
      throw new PyError("OSError", `cannot connect to the pool's parent: ${(e as Error).message}`);
    }
    channels.set(ch.pid, ch);
    return newIntFromNumber(vm.rt, ch.pid);
  },

  /**
   * Runs the parent's main file as module `__mp_main__`, also known as `__main__` from then on
   * (what CPython's spawn does: the program's `if __name__ == "__main__":` block is skipped, and
   * functions pickled as `__main__.f` are found).
   */
  run_main(vm, _self, args, kwnames) {
    noKwargs("run_main", kwnames);
    argCount("run_main", args, 1, 1);
    const rt = vm.rt;
    const file = strArg(vm, "run_main", args[0]);
    let source: string;
    try {
      source = readFileSync(file, "utf8");
    } catch {
      throw new PyError("OSError", `[Errno 2] No such file or directory: '${file}'`);
    }
    const code = compileModuleSource(vm, source, file);
    const dict = newDict(rt);
    dictSet(rt, dict, intern(rt, "__name__"), intern(rt, "__mp_main__"));
    dictSet(rt, dict, intern(rt, "__file__"), intern(rt, file));
    const m = newModule(vm, "__mp_main__", dict);
    dictSet(rt, vm.modules, intern(rt, "__mp_main__"), m);
    dictSet(rt, vm.modules, intern(rt, "__main__"), m);
    rt.decref(m);
    try {
      rt.decref(vm.runModule(code, dict));
    } finally {
      rt.decref(dict);
    }
    return rt.newRef(rt.None);
  },

  /** This process's peak resident set size, in bytes. */
  max_rss(vm, _self, args, kwnames) {
    noKwargs("max_rss", kwnames);
    argCount("max_rss", args, 0, 0);
    return newIntFromNumber(vm.rt, process.resourceUsage().maxRSS * 1024);
  },

  /**
   * exc.__cause__ = cause, as `raise exc from cause` sets it (an attribute assignment would
   * not reach the field tracebacks print).
   */
  set_cause(vm, _self, args, kwnames) {
    noKwargs("set_cause", kwnames);
    argCount("set_cause", args, 2, 2);
    const [exc, cause] = args;
    if (!A.isExceptionType(vm, A.typeOf(vm, exc)) || !A.isExceptionType(vm, A.typeOf(vm, cause))) {
      throw new PyError("TypeError", "set_cause() needs two exceptions");
    }
    setField(vm.rt, exc, EXC_CAUSE, cause);
    vm.i32[(exc >> 2) + EXC_FLAGS] |= EXC_SUPPRESS_CONTEXT;
    return vm.rt.newRef(vm.rt.None);
  },

  /** The report CPython prints for an uncaught exception, as a str. */
  format_exception(vm, _self, args, kwnames) {
    noKwargs("format_exception", kwnames);
    argCount("format_exception", args, 1, 1);
    if (!A.isExceptionType(vm, A.typeOf(vm, args[0]))) throw new PyError("TypeError", "format_exception() needs an exception");
    return newStr(vm.rt, formatException(vm, args[0], vm.sources));
  },
};
