/**
 * The interpreter: one eval loop (`run`) over the heap's bytecode, and the call machinery
 * around it (argument binding, frames, generators, class bodies).
 *
 * One Interpreter per Python thread. Its frames live in the thread's frame region in the heap;
 * a Python call is a recursive `run` of the new frame (so a native like `sorted(key=f)` can call
 * back into Python the same way the loop does). Exceptions travel as a JS throw of PyThrow,
 * carrying an owned reference to the exception object; native code throws PyError and the loop
 * turns it into a heap exception. The loop's shape follows CPython's ceval.c: a switch over the
 * opcode, each case one screen at most, with the generic work in vm/abstract.ts.
 */
import { CO_GENERATOR, CO_VARARGS, CO_VARKEYWORDS } from "./code_spec.js";
import { Op, NbOp } from "./opcodes.js";
import {
  decodeCode, F_BACK, F_CODE, F_FUNC, F_GLOBALS, F_HEADER, F_IP, F_LOCALS, F_NBLOCKS, F_SP,
  type CodeInfo,
} from "./frame.js";
import type { Runtime } from "../runtime/context.js";
import { R_MEMORY_ERROR, R_SHARED, SanitizerError } from "../runtime/context.js";
import { Gil, SH_FINALIZING, SH_LIVE_THREADS, SH_PROGRESS } from "../runtime/gil.js";
import { isParked, withQueueLock } from "../runtime/brc.js";
import {
  BLOCK_KINDS, TS_BLOCK_ON, EB_BRC, EB_FINALIZE, EB_GIL_DROP, EB_SETTLE, EB_SIGINT, ThreadRunState, TS_BLOCK_KIND, TS_BLOCK_TIMEOUT,
  TS_EVAL_BREAKER, TS_FRAME, TS_STATE, type BlockKind,
} from "../runtime/heap.js";
import { Kind, NULL, OB_KIND, OB_TYPE, SMALL_MAX, SMALL_MIN, type Ref, type Value } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import { T } from "../runtime/types.js";
import {
  cellGetRef, cellSwap, FN_CLOSURE, FN_CODE, FN_DEFAULTS, FN_GLOBALS, FN_KWDEFAULTS, BI_ID, BI_SELF,
  METHOD_FUNC, METHOD_SELF, newCell, newFunction,
} from "../runtime/function.js";
import { newTuple, tupleItem, tupleItems, tupleLen } from "../runtime/tuple.js";
import { listAppend, listBase, listLen, newList } from "../runtime/list.js";
import { dictGetRef, dictPop, dictSet, newDict, dictEntriesUnshared } from "../runtime/dict.js";
import { newStr, strValue } from "../runtime/str.js";
import { intern } from "../runtime/intern.js";
import { newIntFromNumber } from "../runtime/int.js";
import { addTraceback, EXC_CAUSE, EXC_CONTEXT, EXC_FLAGS, EXC_SUPPRESS_CONTEXT, EXC_TB, setField } from "../runtime/instance.js";
import { NATIVES } from "./natives.js";
import * as A from "./abstract.js";
import { newGenerator, GEN_FRAME, GEN_STATE, GenState } from "./generator.js";
import { callType } from "./typeobj.js";
import { newException, exceptionMatches } from "./exceptions.js";
import { importModule } from "./modules.js";
import { formatValue } from "./format.js";
import { frameSite } from "./frame_site.js";

/** An exception in flight: the owned reference to the exception object. */
export class PyThrow {
  constructor(readonly exc: Ref) {}
}

const FRAME_REGION_WORDS = (1 << 19) - 2; // 2 MiB of frames per thread, block prefix included

/** What a thread's interpreter needs from its host (the worker and, behind it, the supervisor). */
export interface ThreadHost {
  /** Starts a Python thread running the job tuple (func, args, kwargs) (owned by the new thread). */
  startThread(ident: number, job: Ref): void;
  /** ms since the program started, on the clock every thread shares. */
  now(): number;
}

/**
 * Milliseconds on CLOCK_MONOTONIC, which every worker reads alike (each worker's
 * performance.timeOrigin is its own start, measured coarsely: traces from it disagree by tens of ms).
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** One change of a thread's state, for `--trace` (vm/trace_render.ts draws them). */
export interface StateEvent {
  t: number;
  state: "running" | "gil_wait" | "blocked" | "exited";
  detail?: string;
}

export interface InterpreterOptions {
  write: (s: string) => void;
  writeErr: (s: string) => void;
  argv: string[];
  mode: "gil" | "nogil";
  /** Record state changes for --trace. */
  trace?: boolean;
  /** Allows `import _gilvm_test` (deliberate refcount bugs, for the sanitizer's tests). */
  testHooks: boolean;
}

export class Interpreter {
  readonly i32: Int32Array;
  private readonly codeCache = new Map<Ref, CodeInfo>();
  /** The frame region: [regionStart, regionEnd) word indexes; frameTop is the next free word. */
  private readonly regionStart: number;
  private readonly regionEnd: number;
  private frameTop: number;
  /** The innermost running frame (word index), 0 if none. */
  curFrame = 0;
  depth = 0;
  recursionLimit = 1000;
  /** The exception being handled (for bare `raise` and __context__), owned, or NULL. */
  handledExc: Ref = NULL;
  /** Set by RERAISE so the handler search adds no traceback entry. */
  private reraising = false;
  /** Set by YIELD_VALUE: `run` returned because the generator yielded, not returned. */
  yielded = false;
  instructions = 0;
  builtins: Ref;
  modules: Ref;
  readonly opts: InterpreterOptions;
  /** Containers being repr'd right now (so a list that contains itself prints [...]). */
  readonly reprActive = new Set<Ref>();
  /** Source text of files compiled in this run, for tracebacks. */
  readonly sources = new Map<string, string>();
  /** An exception to raise inside the next frame `run` resumes (generator close/throw). */
  private throwIn: Ref = NULL;
  /** The GIL (null when the run has none: --nogil, the free-threading issue). */
  readonly gil: Gil | null;
  /** Word index of the shared-state block (the GIL's words, thread bookkeeping). */
  readonly shared: number;
  /** This Python thread's ident (threading.get_ident()). */
  ident = 0;
  /** Called when the main thread is alone again (vm/run.ts: merge the queues, settle per-thread counts). */
  onAlone: (() => void) | null = null;
  /** Starts threads; null when the program runs without a supervisor (in-process tests). */
  host: ThreadHost | null = null;
  /** Locks released when this thread ends (_thread._set_sentinel: how join() waits). */
  readonly sentinels: Ref[] = [];
  /** State changes, when tracing. */
  readonly events: StateEvent[] | null;

  constructor(readonly rt: Runtime, builtins: Ref, modules: Ref, opts: InterpreterOptions) {
    this.i32 = rt.i32;
    this.builtins = builtins;
    this.modules = modules;
    this.opts = opts;
    this.shared = rt.heap.root(R_SHARED) >> 2;
    this.gil = opts.mode === "gil" ? new Gil(rt.heap, this.shared, rt.tid) : null;
    this.events = opts.trace ? [] : null;
    const region = rt.newRaw(FRAME_REGION_WORDS);
    this.regionStart = region >> 2;
    this.regionEnd = this.regionStart + FRAME_REGION_WORDS;
    this.frameTop = this.regionStart;
    // a wait for a container's lock that sleeps is published, so the deadlock detector sees it
    rt.locks.onSleep = (sleeping, word) => {
      if (sleeping) this.setState(ThreadRunState.BLOCKED, "lock", false, false, word);
      else this.setState(ThreadRunState.RUNNING, undefined, false, false);
    };
    rt.hashOf = (v) => A.hash32(this, v);
    rt.eqOf = (a, b) => A.eq(this, a, b);
    rt.whereNow = () => frameSite(this.i32, this.curFrame);
  }

  code(ref: Ref): CodeInfo {
    let ci = this.codeCache.get(ref);
    if (ci === undefined) {
      ci = decodeCode(this.rt, ref);
      this.codeCache.set(ref, ci);
    }
    return ci;
  }

  /** "file:line in function" of the running frame, for diagnostics. */
  where(): string {
    const f = this.curFrame;
    if (f === 0) return "no Python frame";
    const ci = this.code(this.i32[f + F_CODE]);
    const ip = Math.max(0, this.i32[f + F_IP] - 1);
    return `${ci.filename}:${ci.lines[ip] ?? ci.firstlineno} in ${ci.name}`;
  }

  // ---- thread state and the GIL ------------------------------------------------------------

  /** Records this thread's state in the heap (for the deadlock detector) and the trace. */
  setState(state: ThreadRunState, kind?: BlockKind, hasTimeout = false, quiescent = true, onWord = 0): void {
    const i32 = this.i32;
    const ts = this.rt.alloc.ts;
    // what a blocked thread waits on is written before the state says BLOCKED (the state's store
    // publishes it): the deadlock detector, reading the state, must never see the words of an
    // earlier wait, or a fresh thread's zeros — a wait with no timeout
    if (state === ThreadRunState.BLOCKED) {
      i32[ts + TS_BLOCK_ON] = onWord;
      i32[ts + TS_BLOCK_KIND] = BLOCK_KINDS.indexOf(kind!);
      i32[ts + TS_BLOCK_TIMEOUT] = hasTimeout ? 1 : 0;
    }
    if (isParked(i32[ts + TS_STATE]) && !isParked(state)) {
      // waking from parked: under the queue lock, as another thread may be merging our objects
      withQueueLock(i32, ts, () => Atomics.store(i32, ts + TS_STATE, state));
    } else {
      Atomics.store(i32, ts + TS_STATE, state);
    }
    // QSBR: only a thread running Python code can hold a borrowed pointer (a wait for an object's
    // lock happens inside an operation, so that thread stays online: `quiescent` false)
    if (quiescent) {
      if (state === ThreadRunState.RUNNING) this.rt.alloc.qsbrOnline();
      else this.rt.alloc.qsbrOffline();
    }
    Atomics.add(i32, this.shared + SH_PROGRESS, 1);
    if (this.events !== null && this.host !== null) {
      const name = STATE_NAMES[state];
      if (name !== undefined) this.events.push({ t: this.host.now(), state: name, detail: kind });
    }
  }

  /** Takes the GIL (if the run has one), waiting as CPython's take_gil does. */
  acquireGil(): void {
    const gil = this.gil;
    if (gil !== null && !gil.tryTake()) {
      this.setState(ThreadRunState.GIL_WAIT);
      gil.take();
    }
    if (gil === null && this.ident !== 0 && Atomics.load(this.i32, this.shared + SH_FINALIZING) !== 0) this.hangForFinalization();
    this.setState(ThreadRunState.RUNNING);
  }

  /**
   * A daemon thread that would run Python code while the main thread tears down, without a GIL
   * to keep it out, parks here for good (free-threaded CPython's PyThread_hang_thread).
   */
  private hangForFinalization(): never {
    this.setState(ThreadRunState.BLOCKED, "sleep", true);
    const word = new Int32Array(new SharedArrayBuffer(4));
    for (;;) Atomics.wait(word, 0, 0);
  }

  releaseGil(forced = false): void {
    this.gil?.drop(forced);
  }

  /**
   * The eval breaker (this thread's TS_EVAL_BREAKER word is non-zero): objects queued for
   * biased-refcount merging, Ctrl-C (the main thread raises KeyboardInterrupt, as CPython's),
   * or another thread asking for the GIL (hand it over, and queue for it again).
   */
  private evalBreaker(): void {
    const word = this.rt.alloc.ts + TS_EVAL_BREAKER;
    const bits = Atomics.exchange(this.i32, word, 0);
    if ((bits & EB_BRC) !== 0) this.rt.rc.mergeQueued();
    if ((bits & EB_FINALIZE) !== 0 && this.ident !== 0) this.hangForFinalization();
    if ((bits & EB_SETTLE) !== 0 && this.ident === 0 && Atomics.load(this.i32, this.shared + SH_LIVE_THREADS) === 1) {
      this.onAlone?.();
    }
    if ((bits & EB_GIL_DROP) !== 0 && this.gil !== null && this.gil.dropRequested() && this.gil.isHeldByMe()) {
      this.gil.drop(true);
      this.acquireGil();
    }
    // last, since it raises: a pending GIL request above is honoured first
    if ((bits & EB_SIGINT) !== 0 && this.ident === 0) throw new PyError("KeyboardInterrupt", "");
  }

  /**
   * The longest a blocking wait of the main thread sleeps before looking for Ctrl-C (CPython's
   * main thread is woken by the signal itself; ours polls the eval-breaker bit).
   */
  static readonly SIGNAL_POLL_MS = 50;

  /** How long a wait may block before checking for Ctrl-C (Infinity off the main thread). */
  waitSlice(leftMs: number): number {
    return this.ident === 0 ? Math.min(leftMs, Interpreter.SIGNAL_POLL_MS) : leftMs;
  }

  /** In a blocking wait: raises KeyboardInterrupt if Ctrl-C arrived for the main thread. */
  checkInterrupt(): void {
    if (this.ident !== 0) return;
    const word = this.rt.alloc.ts + TS_EVAL_BREAKER;
    if ((Atomics.and(this.i32, word, ~EB_SIGINT) & EB_SIGINT) !== 0) throw new PyError("KeyboardInterrupt", "");
  }

  /**
   * Runs a blocking wait (a sleep, a lock, a join) with the GIL released, as CPython's
   * Py_BEGIN_ALLOW_THREADS / Py_END_ALLOW_THREADS do around blocking calls.
   */
  blocking<R>(kind: BlockKind, hasTimeout: boolean, wait: () => R, onWord = 0): R {
    this.setState(ThreadRunState.BLOCKED, kind, hasTimeout, true, onWord);
    this.releaseGil();
    try {
      return wait();
    } finally {
      this.acquireGil();
    }
  }

  // ---- frames ---------------------------------------------------------------------------

  /** Reserves a frame for `ci` in the frame region; RecursionError when the limit is passed. */
  private pushFrame(ci: CodeInfo, globals: Ref, locals: Ref, func: Ref): number {
    if (this.depth >= this.recursionLimit) {
      throw new PyError("RecursionError", "maximum recursion depth exceeded");
    }
    const f = this.frameTop;
    const end = f + ci.frameWords;
    if (end > this.regionEnd) throw new PyError("RecursionError", "maximum recursion depth exceeded (frame region full)");
    this.frameTop = end;
    this.initFrame(f, ci, globals, locals, func);
    return f;
  }

  private initFrame(f: number, ci: CodeInfo, globals: Ref, locals: Ref, func: Ref): void {
    const i32 = this.i32;
    i32[f + F_CODE] = ci.ref;
    i32[f + F_GLOBALS] = globals;
    i32[f + F_LOCALS] = locals;
    i32[f + F_BACK] = 0;
    i32[f + F_IP] = 0;
    i32[f + F_SP] = f + ci.stackOff;
    i32[f + F_FUNC] = func;
    i32[f + F_NBLOCKS] = 0;
    i32.fill(NULL, f + ci.localsOff, f + ci.stackOff);
  }

  /** Drops a finished frame's references (locals, cells; the stack is already empty). */
  private clearFrame(f: number, ci: CodeInfo): void {
    const i32 = this.i32;
    const rt = this.rt;
    const sp = i32[f + F_SP];
    for (let p = f + ci.localsOff; p < sp; p++) {
      const v = i32[p];
      if (v !== NULL) {
        i32[p] = NULL;
        rt.decref(v);
      }
    }
    rt.decref(i32[f + F_FUNC]);
    rt.decref(i32[f + F_LOCALS]);
    i32[f + F_FUNC] = NULL;
    i32[f + F_LOCALS] = NULL;
  }

  /** Runs a module body in `globals`. Returns the owned result (None). */
  runModule(codeRef: Ref, globals: Ref): Value {
    const ci = this.code(codeRef);
    this.rt.incref(globals);
    const f = this.pushFrame(ci, globals, globals, NULL);
    return this.runAndPop(f, ci);
  }

  private runAndPop(f: number, ci: CodeInfo): Value {
    this.depth++;
    try {
      return this.run(f);
    } finally {
      this.depth--;
      this.clearFrame(f, ci);
      this.frameTop = f;
    }
  }

  // ---- calls ----------------------------------------------------------------------------

  /** Calls any callable with borrowed arguments; returns an owned result. */
  call(callable: Value, args: Value[], kwnames: string[] | null = null): Value {
    if ((callable & 1) === 0 && callable !== NULL) {
      const kind = this.i32[(callable >> 2) + OB_KIND] & 0xff;
      switch (kind) {
        case Kind.FUNCTION:
          return this.callFunction(callable, NULL, args, kwnames);
        case Kind.METHOD: {
          const w = callable >> 2;
          const fn = this.i32[w + METHOD_FUNC];
          const self = this.i32[w + METHOD_SELF];
          if ((this.i32[(fn >> 2) + OB_KIND] & 0xff) === Kind.FUNCTION) return this.callFunction(fn, self, args, kwnames);
          return this.call(fn, [self, ...args], kwnames);
        }
        case Kind.BUILTIN: {
          const w = callable >> 2;
          const nat = NATIVES[this.i32[w + BI_ID]];
          const self = this.i32[w + BI_SELF];
          if (nat.method && self === NULL) {
            if (args.length === 0) throw new PyError("TypeError", `unbound method ${nat.qualname}() needs an argument`);
            if (!nat.classmethod) A.checkSelfType(this, nat, args[0]);
            return nat.fn(this, args[0], args.slice(1), kwnames);
          }
          return nat.fn(this, self, args, kwnames);
        }
        case Kind.TYPE:
          return callType(this, callable, args, kwnames);
        default: {
          const dunder = A.lookupSpecial(this, callable, "__call__");
          if (dunder !== NULL) return this.callBound(dunder, callable, args, kwnames);
        }
      }
    }
    throw new PyError("TypeError", `'${A.typeName(this, callable)}' object is not callable`);
  }

  /**
   * f(*args, **kwargs): calls with the items of a tuple and (unless NULL) the entries of a dict
   * as keyword arguments — CALL_FUNCTION_EX, and a new thread's function. All borrowed.
   */
  callWithTuple(callable: Value, argsTuple: Ref, kwargs: Value): Value {
    const rt = this.rt;
    const args = tupleItems(rt, argsTuple);
    let names: string[] | null = null;
    if (kwargs !== NULL) {
      names = [];
      // borrowed from a dict the caller holds and nobody else mutates mid-call (a ** dict built
      // for the call, or a thread's kwargs)
      for (const [k, v] of dictEntriesUnshared(rt, kwargs)) {
        if (A.kindOf(this, k) !== Kind.STR) throw new PyError("TypeError", "keywords must be strings");
        names.push(strValue(rt, k));
        args.push(v);
      }
    }
    return this.call(callable, args, names);
  }

  /** Calls `fn` (found on a type) with `self` prepended. */
  callBound(fn: Value, self: Value, args: Value[], kwnames: string[] | null = null): Value {
    if ((this.i32[(fn >> 2) + OB_KIND] & 0xff) === Kind.FUNCTION) return this.callFunction(fn, self, args, kwnames);
    return this.call(fn, [self, ...args], kwnames);
  }

  /** Calls a Python function: binds the arguments into a new frame and runs it. */
  callFunction(fn: Ref, self: Value, args: Value[], kwnames: string[] | null): Value {
    const i32 = this.i32;
    const fw = fn >> 2;
    const ci = this.code(i32[fw + FN_CODE]);
    const f = this.pushFrame(ci, i32[fw + FN_GLOBALS], NULL, fn);
    this.rt.incref(fn);
    try {
      this.bindArguments(f, ci, fn, self, args, kwnames);
    } catch (e) {
      this.clearFrame(f, ci);
      this.frameTop = f;
      throw e;
    }
    return this.startFrame(f, ci);
  }

  /** Starts a bound frame: runs it, or for a generator function wraps it in a generator. */
  private startFrame(f: number, ci: CodeInfo): Value {
    if ((ci.flags & CO_GENERATOR) !== 0) {
      const gen = newGenerator(this, f, ci);
      this.frameTop = f;
      return gen;
    }
    return this.runAndPop(f, ci);
  }

  /** CPython's argument binding (Python/ceval.c initialize_locals), with its error messages. */
  private bindArguments(f: number, ci: CodeInfo, fn: Ref, self: Value, args: Value[], kwnames: string[] | null): void {
    const i32 = this.i32;
    const rt = this.rt;
    const L = f + ci.localsOff;
    const nkw = kwnames === null ? 0 : kwnames.length;
    const given = args.length - nkw + (self !== NULL ? 1 : 0);
    const argcount = ci.argcount;
    const pos = (i: number): Value => (self !== NULL ? (i === 0 ? self : args[i - 1]) : args[i]);
    const fname = ci.qualname;
    const ncopy = Math.min(given, argcount);
    for (let i = 0; i < ncopy; i++) {
      const v = pos(i);
      rt.incref(v);
      i32[L + i] = v;
    }
    let slot = argcount + ci.kwonly;
    if ((ci.flags & CO_VARARGS) !== 0) {
      const extra: Value[] = [];
      for (let i = argcount; i < given; i++) {
        const v = pos(i);
        rt.incref(v);
        extra.push(v);
      }
      i32[L + slot] = newTuple(rt, extra);
      slot++;
    } else if (given > argcount) {
      const defaults = i32[(fn >> 2) + FN_DEFAULTS];
      const ndef = defaults === NULL ? 0 : tupleLen(rt, defaults);
      const kwGiven = nkw; // CPython counts keyword-only args given, for the message
      const takes = ndef > 0 ? `from ${argcount - ndef} to ${argcount}` : `${argcount}`;
      let msg = `${fname}() takes ${takes} positional argument${argcount === 1 && ndef === 0 ? "" : "s"} but ${given} ${given === 1 ? "was" : "were"} given`;
      if (kwGiven > 0 && ci.kwonly > 0) {
        msg = `${fname}() takes ${takes} positional argument${argcount === 1 && ndef === 0 ? "" : "s"} but ${given} positional argument${given === 1 ? "" : "s"} (and ${kwGiven} keyword-only argument${kwGiven === 1 ? "" : "s"}) were given`;
      }
      throw new PyError("TypeError", msg);
    }
    let kwdict = NULL;
    if ((ci.flags & CO_VARKEYWORDS) !== 0) {
      kwdict = newDict(rt);
      i32[L + slot] = kwdict;
    }
    if (nkw > 0) {
      const base = args.length - nkw;
      for (let k = 0; k < nkw; k++) {
        const name = kwnames![k];
        const v = args[base + k];
        let idx = -1;
        for (let j = ci.posonly; j < argcount + ci.kwonly; j++) {
          if (ci.varnames[j] === name) {
            idx = j;
            break;
          }
        }
        if (idx < 0) {
          if (kwdict === NULL) {
            if (ci.varnames.slice(0, ci.posonly).includes(name)) {
              throw new PyError("TypeError", `${fname}() got some positional-only arguments passed as keyword arguments: '${name}'`);
            }
            throw new PyError("TypeError", `${fname}() got an unexpected keyword argument '${name}'`);
          }
          const key = newStr(rt, name);
          dictSet(rt, kwdict, key, v);
          rt.decref(key);
          continue;
        }
        if (i32[L + idx] !== NULL) {
          throw new PyError("TypeError", `${fname}() got multiple values for argument '${name}'`);
        }
        rt.incref(v);
        i32[L + idx] = v;
      }
    }
    // defaults for missing positional parameters
    if (given < argcount) {
      const defaults = i32[(fn >> 2) + FN_DEFAULTS];
      const ndef = defaults === NULL ? 0 : tupleLen(rt, defaults);
      const firstDefault = argcount - ndef;
      const missing: string[] = [];
      for (let i = given; i < argcount; i++) {
        if (i32[L + i] !== NULL) continue;
        if (i >= firstDefault) {
          const v = tupleItem(rt, defaults, i - firstDefault);
          rt.incref(v);
          i32[L + i] = v;
        } else {
          missing.push(ci.varnames[i]);
        }
      }
      if (missing.length > 0) throw new PyError("TypeError", missingMessage(fname, missing, "positional"));
    }
    if (ci.kwonly > 0) {
      const kwdefaults = i32[(fn >> 2) + FN_KWDEFAULTS];
      const missing: string[] = [];
      for (let i = argcount; i < argcount + ci.kwonly; i++) {
        if (i32[L + i] !== NULL) continue;
        const key = intern(rt, ci.varnames[i]);
        const v = kwdefaults === NULL ? NULL : dictGetRef(rt, kwdefaults, key);
        rt.decref(v); // __kwdefaults__ holds it while the frame takes its own reference below
        if (v === NULL) {
          missing.push(ci.varnames[i]);
        } else {
          rt.incref(v);
          i32[L + i] = v;
        }
      }
      if (missing.length > 0) throw new PyError("TypeError", missingMessage(fname, missing, "keyword-only"));
    }
    this.initCells(f, ci, fn);
  }

  /** Creates the frame's cells (moving arguments that are cells into theirs) and copies the closure. */
  private initCells(f: number, ci: CodeInfo, fn: Ref): void {
    const i32 = this.i32;
    const L = f + ci.localsOff;
    for (let i = 0; i < ci.ncells; i++) {
      const arg = ci.cell2arg[i];
      let v = NULL;
      if (arg >= 0 && arg < ci.nvarnames) {
        v = i32[L + arg];
        i32[L + arg] = NULL;
      }
      i32[L + ci.nvarnames + i] = newCell(this.rt, v);
    }
    if (ci.nfrees > 0) {
      const closure = i32[(fn >> 2) + FN_CLOSURE];
      for (let i = 0; i < ci.nfrees; i++) {
        const cell = tupleItem(this.rt, closure, i);
        this.rt.incref(cell);
        i32[L + ci.nvarnames + ci.ncells + i] = cell;
      }
    }
  }

  /** Runs a class body function with `ns` as its locals dict (for __build_class__). */
  runClassBody(fn: Ref, ns: Ref): Value {
    const i32 = this.i32;
    const ci = this.code(i32[(fn >> 2) + FN_CODE]);
    this.rt.incref(fn);
    this.rt.incref(ns);
    const f = this.pushFrame(ci, i32[(fn >> 2) + FN_GLOBALS], ns, fn);
    this.initCells(f, ci, fn);
    return this.runAndPop(f, ci);
  }

  // ---- generators -----------------------------------------------------------------------

  /**
   * Resumes a generator with `send` (borrowed; NULL on the first resume). Returns the yielded
   * value (owned) and sets `done` false, or NULL with `genReturn` set to the return value when
   * it finished.
   */
  genReturn: Value = NULL;
  resumeGenerator(gen: Ref, send: Value): Value {
    const i32 = this.i32;
    const rt = this.rt;
    const gw = gen >> 2;
    const state = i32[gw + GEN_STATE];
    if (state === GenState.RUNNING) throw new PyError("ValueError", "generator already executing");
    if (state === GenState.DONE) {
      this.genReturn = rt.newRef(rt.None);
      return NULL;
    }
    if (this.depth >= this.recursionLimit) {
      this.throwIn = NULL; // a close() that cannot run now
      throw new PyError("RecursionError", "maximum recursion depth exceeded");
    }
    const f = i32[gw + GEN_FRAME] >> 2;
    if (state === GenState.SUSPENDED) {
      const v = send === NULL ? rt.None : send;
      rt.incref(v);
      const sp = i32[f + F_SP];
      i32[sp] = v;
      i32[f + F_SP] = sp + 1;
    } else if (send !== NULL && send !== rt.None) {
      throw new PyError("TypeError", "can't send non-None value to a just-started generator");
    }
    i32[gw + GEN_STATE] = GenState.RUNNING;
    this.depth++;
    let result: Value;
    try {
      result = this.run(f);
    } catch (e) {
      i32[gw + GEN_STATE] = GenState.DONE;
      this.clearFrame(f, this.code(i32[f + F_CODE]));
      if (e instanceof PyThrow && A.isInstanceT(this, e.exc, T.StopIteration)) {
        const err = newException(this, T.RuntimeError, "generator raised StopIteration");
        setField(rt, err, EXC_CAUSE, e.exc);
        setField(rt, err, EXC_CONTEXT, e.exc);
        rt.decref(e.exc);
        throw new PyThrow(err);
      }
      throw e;
    } finally {
      this.depth--;
    }
    if (this.yielded) {
      this.yielded = false;
      i32[gw + GEN_STATE] = GenState.SUSPENDED;
      return result;
    }
    i32[gw + GEN_STATE] = GenState.DONE;
    this.clearFrame(f, this.code(i32[f + F_CODE]));
    this.genReturn = result;
    return NULL;
  }

  /**
   * generator.close(): raises GeneratorExit at the suspended yield so its finally blocks run.
   * (A generator that is merely dropped while suspended is cleared without that — a known
   * simplification of CPython, which closes it from its finaliser.)
   */
  closeGenerator(gen: Ref): void {
    const rt = this.rt;
    const state = this.i32[(gen >> 2) + GEN_STATE];
    if (state !== GenState.SUSPENDED) {
      if (state === GenState.CREATED) {
        this.i32[(gen >> 2) + GEN_STATE] = GenState.DONE;
        this.clearFrame(this.i32[(gen >> 2) + GEN_FRAME] >> 2, this.code(this.i32[this.i32[(gen >> 2) + GEN_FRAME] >> 2]));
      }
      return;
    }
    this.throwIn = newException(this, T.GeneratorExit, "", true);
    let v: Value;
    try {
      v = this.resumeGenerator(gen, NULL);
    } catch (e) {
      if (e instanceof PyThrow && A.isInstanceT(this, e.exc, T.GeneratorExit)) {
        rt.decref(e.exc);
        return;
      }
      throw e;
    }
    if (v === NULL) {
      rt.decref(this.genReturn);
      return;
    }
    rt.decref(v);
    throw new PyError("RuntimeError", "generator ignored GeneratorExit");
  }

  /** The globals of the running frame (for globals()/locals()). */
  currentGlobals(): Ref {
    return this.curFrame === 0 ? NULL : this.i32[this.curFrame + F_GLOBALS];
  }

  // ---- exceptions -----------------------------------------------------------------------

  /**
   * The MemoryError raised when the heap is full: preallocated (immortal), since making a new
   * one would need memory; its traceback and chaining from a previous raise are dropped first.
   */
  preallocatedMemoryError(): Ref {
    const exc = this.rt.heap.root(R_MEMORY_ERROR);
    for (const field of [EXC_TB, EXC_CAUSE, EXC_CONTEXT]) setField(this.rt, exc, field, NULL);
    return exc;
  }

  /** Turns anything thrown inside the loop into an owned Python exception reference. */
  toException(e: unknown): Ref {
    if (e instanceof PyThrow) return e.exc;
    if (e instanceof SanitizerError) {
      e.where ??= this.where();
      throw e;
    }
    if (e instanceof PyError) {
      if (e.pyType === "MemoryError" && e.message === "") return this.preallocatedMemoryError();
      const t = A.builtinExceptionType(this, e.pyType);
      const key = (e as PyError & { keyValue?: Value }).keyValue;
      if (key !== undefined) return newException(this, t, "", false, key);
      return newException(this, t, e.message, e.message === ""); // KeyboardInterrupt(), StopIteration()
    }
    if (e instanceof RangeError && e.message === "Maximum call stack size exceeded") {
      return newException(this, T.RecursionError, "maximum recursion depth exceeded");
    }
    throw e; // a bug in gilvm itself: let it surface as one
  }

  // ---- the eval loop --------------------------------------------------------------------

  /** Runs frame `f` until it returns (or yields, for a generator frame). Returns an owned value. */
  run(f: number): Value {
    const rt = this.rt;
    const i32 = this.i32;
    const rc = rt.rc;
    const ci = this.code(i32[f + F_CODE]);
    const code = ci.code;
    const consts = ci.consts;
    const L = f + ci.localsOff;
    const stackBottom = f + ci.stackOff;
    const globals = i32[f + F_GLOBALS];
    let sp = i32[f + F_SP];
    let ip = i32[f + F_IP];
    let kwnames: string[] | null = null;
    const breaker = this.rt.alloc.ts + TS_EVAL_BREAKER;
    const back = this.curFrame;
    const tsFrame = this.rt.alloc.ts + TS_FRAME;
    i32[f + F_BACK] = back;
    this.curFrame = f;
    i32[tsFrame] = f;
    rt.alloc.qsbrTick(); // entering a frame is a quiescent point too (recursion has no backward jumps)
    let count = 0;
    try {
      for (;;) {
        try {
          if (this.throwIn !== NULL) {
            const exc = this.throwIn;
            this.throwIn = NULL;
            throw new PyThrow(exc);
          }
          for (;;) {
            const word = code[ip++];
            const arg = word >> 8;
            count++;
            switch ((word & 0xff) as Op) {
              case Op.NOP:
                break;
              case Op.POP_TOP:
                rc.decref(i32[--sp]);
                break;
              case Op.PUSH_NULL:
                i32[sp++] = NULL;
                break;
              case Op.COPY: {
                const v = i32[sp - arg];
                rc.incref(v);
                i32[sp++] = v;
                break;
              }
              case Op.SWAP: {
                const t = i32[sp - 1];
                i32[sp - 1] = i32[sp - arg];
                i32[sp - arg] = t;
                break;
              }
              case Op.LOAD_CONST: {
                const v = consts[arg];
                rc.incref(v);
                i32[sp++] = v;
                break;
              }
              case Op.LOAD_FAST: {
                const v = i32[L + arg];
                if (v === NULL) throw unbound(ci.varnames[arg]);
                rc.incref(v);
                i32[sp++] = v;
                break;
              }
              case Op.STORE_FAST: {
                const old = i32[L + arg];
                i32[L + arg] = i32[--sp];
                if (old !== NULL) rc.decref(old);
                break;
              }
              case Op.DELETE_FAST: {
                const old = i32[L + arg];
                if (old === NULL) throw unbound(ci.varnames[arg]);
                i32[L + arg] = NULL;
                rc.decref(old);
                break;
              }
              case Op.LOAD_NAME: {
                const name = ci.names[arg];
                const locals = i32[f + F_LOCALS];
                let v = dictGetRef(rt, locals, name);
                if (v === NULL && locals !== globals) v = dictGetRef(rt, globals, name);
                if (v === NULL) v = dictGetRef(rt, this.builtins, name);
                if (v === NULL) throw new PyError("NameError", `name '${ci.nameStrs[arg]}' is not defined`);
                i32[sp++] = v;
                break;
              }
              case Op.STORE_NAME: {
                const v = i32[--sp];
                dictSet(rt, i32[f + F_LOCALS], ci.names[arg], v);
                rc.decref(v);
                break;
              }
              case Op.DELETE_NAME: {
                const old = dictPop(rt, i32[f + F_LOCALS], ci.names[arg]);
                if (old === NULL) throw new PyError("NameError", `name '${ci.nameStrs[arg]}' is not defined`);
                rc.decref(old);
                break;
              }
              case Op.LOAD_GLOBAL: {
                const name = ci.names[arg];
                let v = dictGetRef(rt, globals, name);
                if (v === NULL) v = dictGetRef(rt, this.builtins, name);
                if (v === NULL) throw new PyError("NameError", `name '${ci.nameStrs[arg]}' is not defined`);
                i32[sp++] = v;
                break;
              }
              case Op.STORE_GLOBAL: {
                const v = i32[--sp];
                dictSet(rt, globals, ci.names[arg], v);
                rc.decref(v);
                break;
              }
              case Op.DELETE_GLOBAL: {
                const old = dictPop(rt, globals, ci.names[arg]);
                if (old === NULL) throw new PyError("NameError", `name '${ci.nameStrs[arg]}' is not defined`);
                rc.decref(old);
                break;
              }
              case Op.LOAD_DEREF: {
                const v = cellGetRef(rt, i32[L + arg]);
                if (v === NULL) throw this.unboundDeref(ci, arg);
                i32[sp++] = v;
                break;
              }
              case Op.LOAD_CLASSDEREF: {
                const nameStr = this.derefName(ci, arg);
                let v = dictGetRef(rt, i32[f + F_LOCALS], intern(rt, nameStr));
                if (v === NULL) {
                  v = cellGetRef(rt, i32[L + arg]);
                  if (v === NULL) throw this.unboundDeref(ci, arg);
                }
                i32[sp++] = v;
                break;
              }
              case Op.STORE_DEREF: {
                rc.decref(cellSwap(rt, i32[L + arg], i32[--sp]));
                break;
              }
              case Op.DELETE_DEREF: {
                const old = cellSwap(rt, i32[L + arg], NULL);
                if (old === NULL) throw this.unboundDeref(ci, arg);
                rc.decref(old);
                break;
              }
              case Op.LOAD_CLOSURE: {
                const cell = i32[L + arg];
                rc.incref(cell);
                i32[sp++] = cell;
                break;
              }
              case Op.LOAD_ATTR: {
                const obj = i32[sp - 1];
                i32[f + F_SP] = sp;
                const v = A.getAttr(this, obj, ci.names[arg]);
                i32[sp - 1] = v;
                rc.decref(obj);
                break;
              }
              case Op.STORE_ATTR: {
                const obj = i32[sp - 1];
                const v = i32[sp - 2];
                i32[f + F_SP] = sp;
                A.setAttr(this, obj, ci.names[arg], v);
                sp -= 2;
                rc.decref(obj);
                rc.decref(v);
                break;
              }
              case Op.DELETE_ATTR: {
                const obj = i32[sp - 1];
                A.delAttr(this, obj, ci.names[arg]);
                sp--;
                rc.decref(obj);
                break;
              }
              case Op.LOAD_METHOD: {
                const obj = i32[sp - 1];
                i32[f + F_SP] = sp;
                const meth = A.lookupMethod(this, obj, ci.names[arg]);
                if (meth !== NULL) {
                  // [obj] → [meth, obj]: the object's reference moves up one slot
                  rc.incref(meth);
                  i32[sp - 1] = meth;
                  i32[sp++] = obj;
                } else {
                  const v = A.getAttr(this, obj, ci.names[arg]);
                  i32[sp - 1] = v;
                  i32[sp++] = NULL;
                  rc.decref(obj);
                }
                break;
              }
              case Op.BINARY_SUBSCR: {
                const key = i32[sp - 1];
                const obj = i32[sp - 2];
                i32[f + F_SP] = sp;
                const v = A.getItem(this, obj, key);
                sp -= 2;
                i32[sp++] = v;
                rc.decref(obj);
                rc.decref(key);
                break;
              }
              case Op.STORE_SUBSCR: {
                const key = i32[sp - 1];
                const obj = i32[sp - 2];
                const v = i32[sp - 3];
                i32[f + F_SP] = sp;
                A.setItem(this, obj, key, v);
                sp -= 3;
                rc.decref(key);
                rc.decref(obj);
                rc.decref(v);
                break;
              }
              case Op.DELETE_SUBSCR: {
                const key = i32[sp - 1];
                const obj = i32[sp - 2];
                i32[f + F_SP] = sp;
                A.delItem(this, obj, key);
                sp -= 2;
                rc.decref(key);
                rc.decref(obj);
                break;
              }
              case Op.BUILD_SLICE: {
                const step = arg === 3 ? i32[--sp] : rt.None;
                const stop = i32[--sp];
                const start = i32[--sp];
                i32[sp++] = A.newSlice(this, start, stop, step); // takes the three references
                break;
              }
              case Op.BINARY_OP: {
                const b = i32[sp - 1];
                const a = i32[sp - 2];
                let r: Value;
                if ((a & b & 1) !== 0 && (arg === NbOp.ADD || arg === NbOp.ADD + NbOp.INPLACE)) {
                  const s = (a >> 1) + (b >> 1);
                  r = s >= SMALL_MIN && s <= SMALL_MAX ? (s << 1) | 1 : newIntFromNumber(rt, s);
                } else if ((a & b & 1) !== 0 && (arg === NbOp.SUBTRACT || arg === NbOp.SUBTRACT + NbOp.INPLACE)) {
                  const s = (a >> 1) - (b >> 1);
                  r = s >= SMALL_MIN && s <= SMALL_MAX ? (s << 1) | 1 : newIntFromNumber(rt, s);
                } else if ((a & b & 1) !== 0 && (arg === NbOp.MULTIPLY || arg === NbOp.MULTIPLY + NbOp.INPLACE)) {
                  // two 31-bit ints: the product is below 2**60, exact in a double only up to 2**53
                  const p = (a >> 1) * (b >> 1);
                  if (p >= SMALL_MIN && p <= SMALL_MAX) r = (p << 1) | 1;
                  else if (p >= -9007199254740991 && p <= 9007199254740991) r = newIntFromNumber(rt, p);
                  else r = A.binaryOp(this, a, b, arg);
                } else {
                  i32[f + F_SP] = sp;
                  r = A.binaryOp(this, a, b, arg);
                  rc.decref(a);
                  rc.decref(b);
                }
                i32[sp - 2] = r;
                sp--;
                break;
              }
              case Op.UNARY_POSITIVE:
              case Op.UNARY_NEGATIVE:
              case Op.UNARY_INVERT: {
                const a = i32[sp - 1];
                i32[f + F_SP] = sp;
                i32[sp - 1] = A.unaryOp(this, a, word & 0xff);
                rc.decref(a);
                break;
              }
              case Op.UNARY_NOT: {
                const a = i32[sp - 1];
                i32[f + F_SP] = sp;
                i32[sp - 1] = A.truthy(this, a) ? rt.False : rt.True;
                rc.decref(a);
                break;
              }
              case Op.COMPARE_OP: {
                const b = i32[sp - 1];
                const a = i32[sp - 2];
                let r: Value;
                if ((a & b & 1) !== 0) {
                  const x = a >> 1;
                  const y = b >> 1;
                  let t: boolean;
                  switch (arg) {
                    case 0: t = x < y; break;
                    case 1: t = x <= y; break;
                    case 2: t = x === y; break;
                    case 3: t = x !== y; break;
                    case 4: t = x > y; break;
                    default: t = x >= y;
                  }
                  r = t ? rt.True : rt.False;
                } else {
                  i32[f + F_SP] = sp;
                  r = A.richCompare(this, a, b, arg);
                  rc.decref(a);
                  rc.decref(b);
                }
                i32[sp - 2] = r;
                sp--;
                break;
              }
              case Op.IS_OP: {
                const b = i32[--sp];
                const a = i32[sp - 1];
                i32[sp - 1] = (a === b) !== (arg === 1) ? rt.True : rt.False;
                rc.decref(a);
                rc.decref(b);
                break;
              }
              case Op.CONTAINS_OP: {
                // operands stay on the stack until the call returns: an exception unwinds them
                const container = i32[sp - 1];
                const item = i32[sp - 2];
                i32[f + F_SP] = sp;
                const r = A.contains(this, container, item);
                sp--;
                i32[sp - 1] = r !== (arg === 1) ? rt.True : rt.False;
                rc.decref(container);
                rc.decref(item);
                break;
              }
              case Op.JUMP_FORWARD:
                ip = arg;
                break;
              case Op.JUMP_BACKWARD:
                ip = arg;
                this.rt.alloc.qsbrTick();
                // a relaxed read, as CPython's (runtime/memory_order.ts): Atomics.load is a call
                if (i32[breaker] !== 0) {
                  i32[f + F_SP] = sp;
                  i32[f + F_IP] = ip;
                  this.evalBreaker();
                }
                break;
              case Op.POP_JUMP_IF_FALSE: {
                const v = i32[sp - 1];
                if (v === rt.False) ip = arg;
                else if (v !== rt.True) {
                  i32[f + F_SP] = sp;
                  if (!A.truthy(this, v)) ip = arg; // __bool__ may raise: v is still on the stack
                  rc.decref(v);
                }
                sp--;
                break;
              }
              case Op.POP_JUMP_IF_TRUE: {
                const v = i32[sp - 1];
                if (v === rt.True) ip = arg;
                else if (v !== rt.False) {
                  i32[f + F_SP] = sp;
                  if (A.truthy(this, v)) ip = arg;
                  rc.decref(v);
                }
                sp--;
                break;
              }
              case Op.JUMP_IF_FALSE_OR_POP: {
                const v = i32[sp - 1];
                i32[f + F_SP] = sp;
                if (!A.truthy(this, v)) ip = arg;
                else {
                  sp--;
                  rc.decref(v);
                }
                break;
              }
              case Op.JUMP_IF_TRUE_OR_POP: {
                const v = i32[sp - 1];
                i32[f + F_SP] = sp;
                if (A.truthy(this, v)) ip = arg;
                else {
                  sp--;
                  rc.decref(v);
                }
                break;
              }
              case Op.GET_ITER: {
                const v = i32[sp - 1];
                i32[f + F_SP] = sp;
                i32[sp - 1] = A.getIter(this, v);
                rc.decref(v);
                break;
              }
              case Op.FOR_ITER: {
                const it = i32[sp - 1];
                i32[f + F_SP] = sp;
                i32[f + F_IP] = ip;
                const v = A.iterNext(this, it);
                if (v === NULL) {
                  sp--;
                  rc.decref(it);
                  ip = arg;
                } else {
                  i32[sp++] = v;
                }
                break;
              }
              case Op.BUILD_TUPLE: {
                sp -= arg;
                const t = newTuple(rt, i32.subarray(sp, sp + arg));
                i32[sp++] = t;
                break;
              }
              case Op.BUILD_LIST: {
                // the items stay on the stack until the list holds them (a MemoryError unwinds them)
                const l = newList(rt, i32.subarray(sp - arg, sp));
                sp -= arg;
                i32[sp++] = l;
                break;
              }
              case Op.BUILD_SET:
              case Op.BUILD_MAP: {
                // the items stay on the stack until inserted, so an unhashable one unwinds them all
                const isSet = (word & 0xff) === Op.BUILD_SET;
                const n = isSet ? arg : 2 * arg;
                const base = sp - n;
                i32[f + F_SP] = sp;
                const c = newDict(rt, isSet ? Kind.SET : Kind.DICT);
                try {
                  if (isSet) for (let i = 0; i < n; i++) dictSet(rt, c, i32[base + i], NULL);
                  else for (let i = 0; i < n; i += 2) dictSet(rt, c, i32[base + i], i32[base + i + 1]);
                } catch (e) {
                  rc.decref(c);
                  throw e;
                }
                while (sp > base) rc.decref(i32[--sp]);
                i32[sp++] = c;
                break;
              }
              case Op.BUILD_STRING: {
                sp -= arg;
                let s = "";
                for (let i = 0; i < arg; i++) s += strValue(rt, i32[sp + i]);
                for (let i = 0; i < arg; i++) rc.decref(i32[sp + i]);
                i32[sp++] = newStr(rt, s);
                break;
              }
              case Op.LIST_APPEND: {
                const v = i32[--sp];
                listAppend(rt, i32[sp - arg], v);
                break;
              }
              case Op.SET_ADD: {
                const v = i32[sp - 1];
                i32[f + F_SP] = sp;
                dictSet(rt, i32[sp - 1 - arg], v, NULL); // may raise (unhashable): v stays on the stack
                sp--;
                rc.decref(v);
                break;
              }
              case Op.MAP_ADD: {
                const v = i32[sp - 1];
                const k = i32[sp - 2];
                i32[f + F_SP] = sp;
                dictSet(rt, i32[sp - 2 - arg], k, v);
                sp -= 2;
                rc.decref(k);
                rc.decref(v);
                break;
              }
              case Op.LIST_EXTEND:
              case Op.SET_UPDATE:
              case Op.DICT_UPDATE:
              case Op.DICT_MERGE: {
                const src = i32[sp - 1];
                i32[f + F_SP] = sp;
                A.extendContainer(this, i32[sp - 1 - arg], src, word & 0xff);
                sp--;
                rc.decref(src);
                break;
              }
              case Op.LIST_TO_TUPLE: {
                const l = i32[sp - 1]; // just built by this frame: no other thread can see it
                const items = Array.from(i32.subarray(listBase(rt, l), listBase(rt, l) + listLen(rt, l)));
                for (const v of items) rc.incref(v);
                i32[sp - 1] = newTuple(rt, items);
                rc.decref(l);
                break;
              }
              case Op.UNPACK_SEQUENCE: {
                const seq = i32[sp - 1];
                i32[f + F_SP] = sp;
                const items = A.unpack(this, seq, arg, -1);
                sp--;
                for (let i = arg - 1; i >= 0; i--) i32[sp++] = items[i];
                rc.decref(seq);
                break;
              }
              case Op.UNPACK_EX: {
                const before = arg & 0xff;
                const after = arg >> 8;
                const seq = i32[sp - 1];
                i32[f + F_SP] = sp;
                const items = A.unpack(this, seq, before, after);
                sp--;
                for (let i = items.length - 1; i >= 0; i--) i32[sp++] = items[i];
                rc.decref(seq);
                break;
              }
              case Op.FORMAT_VALUE: {
                const spec = (arg & 4) !== 0 ? i32[--sp] : NULL;
                const v = i32[sp - 1];
                i32[f + F_SP] = sp;
                i32[sp - 1] = formatValue(this, v, arg & 3, spec);
                rc.decref(v);
                rc.decref(spec);
                break;
              }
              case Op.KW_NAMES: {
                const t = consts[arg];
                kwnames = tupleItems(rt, t).map((s) => strValue(rt, s));
                break;
              }
              case Op.CALL: {
                if (i32[breaker] !== 0) { // relaxed, as above
                  i32[f + F_SP] = sp;
                  i32[f + F_IP] = ip;
                  this.evalBreaker();
                }
                const base = sp - arg - 2;
                const callable = i32[base];
                const self = i32[base + 1];
                const kw = kwnames;
                kwnames = null;
                i32[f + F_SP] = sp;
                i32[f + F_IP] = ip;
                let r: Value;
                if (
                  kw === null &&
                  callable !== NULL &&
                  (callable & 1) === 0 &&
                  (i32[(callable >> 2) + OB_KIND] & 0xff) === Kind.FUNCTION
                ) {
                  r = this.callFunctionFast(callable, self, base + 2, arg);
                } else {
                  const args = Array.from(i32.subarray(base + 2, sp));
                  r = self === NULL ? this.call(callable, args, kw) : this.call(callable, [self, ...args], kw);
                }
                for (let p = sp - 1; p >= base; p--) rc.decref(i32[p]);
                sp = base;
                i32[sp++] = r;
                break;
              }
              case Op.CALL_FUNCTION_EX: {
                // the operands stay on the stack until the call returns, so an exception unwinds them
                const hasKw = (arg & 1) !== 0;
                const kwargs = hasKw ? i32[sp - 1] : NULL;
                const argsTuple = i32[sp - (hasKw ? 2 : 1)];
                const callable = i32[sp - (hasKw ? 3 : 2)];
                i32[f + F_SP] = sp;
                i32[f + F_IP] = ip;
                const r = this.callWithTuple(callable, argsTuple, kwargs);
                sp -= hasKw ? 3 : 2;
                rc.decref(callable);
                rc.decref(argsTuple);
                rc.decref(kwargs);
                i32[sp++] = r;
                break;
              }
              case Op.MAKE_FUNCTION: {
                const codeRef = i32[--sp];
                const closure = (arg & 0x08) !== 0 ? i32[--sp] : NULL;
                const kwdefaults = (arg & 0x02) !== 0 ? i32[--sp] : NULL;
                const defaults = (arg & 0x01) !== 0 ? i32[--sp] : NULL;
                const cci = this.code(codeRef);
                rc.incref(globals);
                const modname = dictGetRef(rt, globals, intern(rt, "__name__"));
                i32[sp++] = newFunction(
                  rt, codeRef, globals, defaults, kwdefaults, closure,
                  rt.newRef(intern(rt, cci.name)), rt.newRef(intern(rt, cci.qualname)), modname,
                );
                break;
              }
              case Op.RETURN_VALUE: {
                const v = i32[--sp];
                while (sp > stackBottom) rc.decref(i32[--sp]);
                i32[f + F_SP] = sp;
                i32[f + F_IP] = ip;
                return v;
              }
              case Op.YIELD_VALUE: {
                const v = i32[--sp];
                i32[f + F_SP] = sp;
                i32[f + F_IP] = ip;
                this.yielded = true;
                return v;
              }
              case Op.LOAD_BUILD_CLASS: {
                i32[sp++] = dictGetRef(rt, this.builtins, intern(rt, "__build_class__"));
                break;
              }
              case Op.LOAD_ASSERTION_ERROR:
                i32[sp++] = rt.types[T.AssertionError];
                break;
              case Op.SETUP_FINALLY: {
                const nb = i32[f + F_NBLOCKS];
                i32[f + F_HEADER + 2 * nb] = arg;
                i32[f + F_HEADER + 2 * nb + 1] = sp;
                i32[f + F_NBLOCKS] = nb + 1;
                break;
              }
              case Op.POP_BLOCK:
                i32[f + F_NBLOCKS]--;
                break;
              case Op.SETUP_WITH: {
                const mgr = i32[sp - 1];
                i32[f + F_SP] = sp;
                i32[f + F_IP] = ip; // __enter__ may block (a lock): reports name this line
                const enter = A.getAttrSpecial(this, mgr, "__enter__", "__enter__");
                let exit: Value;
                try {
                  exit = A.getAttrSpecial(this, mgr, "__exit__", "__enter__");
                } catch (e) {
                  rc.decref(enter);
                  throw e;
                }
                i32[sp - 1] = exit;
                rc.decref(mgr);
                let entered: Value;
                try {
                  entered = this.call(enter, []);
                } finally {
                  rc.decref(enter);
                }
                const nb = i32[f + F_NBLOCKS];
                i32[f + F_HEADER + 2 * nb] = arg;
                i32[f + F_HEADER + 2 * nb + 1] = sp;
                i32[f + F_NBLOCKS] = nb + 1;
                i32[sp++] = entered;
                break;
              }
              case Op.WITH_EXIT: {
                const exit = i32[sp - 1];
                i32[f + F_SP] = sp;
                i32[f + F_IP] = ip;
                const r = this.call(exit, [rt.None, rt.None, rt.None]);
                rc.decref(r);
                sp--;
                rc.decref(exit);
                break;
              }
              case Op.WITH_EXCEPT_START: {
                const exc = i32[sp - 1];
                const exit = i32[sp - 3];
                i32[f + F_SP] = sp;
                const tb = i32[(exc >> 2) + EXC_TB];
                const r = this.call(exit, [i32[(exc >> 2) + OB_TYPE], exc, tb === NULL ? rt.None : tb]);
                i32[sp++] = r;
                break;
              }
              case Op.PUSH_EXC_INFO: {
                const exc = i32[sp - 1];
                const prev = this.handledExc;
                i32[sp - 1] = prev === NULL ? rt.None : prev; // owned: the slot's reference moves here
                rc.incref(exc);
                this.handledExc = exc;
                i32[sp++] = exc;
                break;
              }
              case Op.POP_EXCEPT: {
                const prev = i32[--sp];
                const cur = this.handledExc;
                this.handledExc = prev === rt.None ? NULL : prev;
                if (prev === rt.None) rc.decref(prev);
                rc.decref(cur);
                break;
              }
              case Op.CHECK_EXC_MATCH: {
                const type = i32[sp - 1];
                const exc = i32[sp - 2];
                i32[f + F_SP] = sp;
                const r = exceptionMatches(this, exc, type);
                rc.decref(type);
                i32[sp - 1] = r ? rt.True : rt.False;
                break;
              }
              case Op.RAISE_VARARGS: {
                i32[f + F_SP] = sp;
                if (arg === 0) {
                  if (this.handledExc === NULL) throw new PyError("RuntimeError", "No active exception to reraise");
                  rc.incref(this.handledExc);
                  this.reraising = true;
                  throw new PyThrow(this.handledExc);
                }
                const cause = arg === 2 ? i32[--sp] : NULL;
                const excArg = i32[--sp];
                i32[f + F_SP] = sp;
                const exc = A.makeRaisable(this, excArg);
                rc.decref(excArg);
                if (arg === 2) {
                  const c = cause === rt.None ? NULL : A.makeRaisable(this, cause);
                  rc.decref(cause);
                  setField(rt, exc, EXC_CAUSE, c);
                  rc.decref(c);
                  i32[(exc >> 2) + EXC_FLAGS] |= EXC_SUPPRESS_CONTEXT;
                }
                throw new PyThrow(exc);
              }
              case Op.RERAISE: {
                const exc = i32[--sp];
                i32[f + F_SP] = sp;
                this.reraising = true;
                throw new PyThrow(exc);
              }
              case Op.EXC_CLEANUP: {
                const exc = i32[--sp];
                for (let i = 0; i < arg; i++) rc.decref(i32[--sp]);
                const prev = i32[--sp];
                const cur = this.handledExc;
                this.handledExc = prev === rt.None ? NULL : prev;
                if (prev === rt.None) rc.decref(prev);
                rc.decref(cur);
                i32[f + F_SP] = sp;
                this.reraising = true;
                throw new PyThrow(exc);
              }
              case Op.IMPORT_NAME: {
                const fromlist = i32[sp - 1];
                i32[f + F_SP] = sp;
                const m = importModule(this, ci.nameStrs[arg], fromlist !== rt.None);
                rc.decref(fromlist);
                i32[sp - 1] = m;
                break;
              }
              case Op.IMPORT_FROM: {
                const m = i32[sp - 1];
                i32[f + F_SP] = sp;
                let v: Value;
                try {
                  v = A.getAttrOrNull(this, m, ci.names[arg]);
                } catch (e) {
                  // a module __getattr__'s AttributeError is an ImportError here, as in CPython
                  if (!A.isAttributeError(this, e)) throw e;
                  v = NULL;
                }
                if (v === NULL) {
                  throw new PyError("ImportError", `cannot import name '${ci.nameStrs[arg]}' from '${A.moduleName(this, m)}' (unknown location)`);
                }
                i32[sp++] = v;
                break;
              }
              default:
                throw new Error(`gilvm: unknown opcode ${word & 0xff} at ${ip - 1} in ${ci.qualname}`);
            }
          }
        } catch (e) {
          // An exception: add this frame's traceback entry, then find a handler in this frame.
          i32[f + F_IP] = ip;
          let exc: Ref;
          try {
            exc = this.toException(e);
          } catch (fatal) {
            // a sanitizer finding or a gilvm bug: stop without touching the stack's values again
            i32[f + F_SP] = stackBottom;
            throw fatal;
          }
          const reraise = this.reraising;
          this.reraising = false;
          if (!reraise) {
            addTracebackIfMemory(rt, exc, ci.ref, ci.lines[ip - 1] ?? ci.firstlineno);
            const handled = this.handledExc;
            if (handled !== NULL && handled !== exc && i32[(exc >> 2) + EXC_CONTEXT] === NULL) {
              setField(rt, exc, EXC_CONTEXT, handled);
            }
          }
          kwnames = null;
          const nb = i32[f + F_NBLOCKS];
          if (nb === 0) {
            while (sp > stackBottom) rc.decref(i32[--sp]);
            i32[f + F_SP] = sp;
            i32[f + F_IP] = ip;
            throw e instanceof PyThrow ? e : new PyThrow(exc);
          }
          i32[f + F_NBLOCKS] = nb - 1;
          const handler = i32[f + F_HEADER + 2 * (nb - 1)];
          const depth = i32[f + F_HEADER + 2 * (nb - 1) + 1];
          while (sp > depth) rc.decref(i32[--sp]);
          i32[sp++] = exc;
          ip = handler;
        }
      }
    } finally {
      this.curFrame = back;
      i32[tsFrame] = back;
      this.instructions += count;
    }
  }

  /**
   * The CALL fast path for Python functions: arguments are read straight from the caller's
   * value stack (they stay owned there; binding takes its own references).
   */
  private callFunctionFast(fn: Ref, self: Value, argBase: number, argc: number): Value {
    const i32 = this.i32;
    const fw = fn >> 2;
    const ci = this.code(i32[fw + FN_CODE]);
    const total = argc + (self !== NULL ? 1 : 0);
    if (ci.argcount !== total || ci.kwonly !== 0 || (ci.flags & (CO_VARARGS | CO_VARKEYWORDS)) !== 0) {
      return this.callFunction(fn, self, Array.from(i32.subarray(argBase, argBase + argc)), null);
    }
    const f = this.pushFrame(ci, i32[fw + FN_GLOBALS], NULL, fn);
    const rc = this.rt.rc;
    rc.incref(fn);
    const L = f + ci.localsOff;
    let j = 0;
    if (self !== NULL) {
      rc.incref(self);
      i32[L] = self;
      j = 1;
    }
    for (let i = 0; i < argc; i++) {
      const v = i32[argBase + i];
      rc.incref(v);
      i32[L + j + i] = v;
    }
    if (ci.ncells > 0 || ci.nfrees > 0) this.initCells(f, ci, fn);
    return this.startFrame(f, ci);
  }

  private unboundDeref(ci: CodeInfo, i: number): PyError {
    const name = this.derefName(ci, i);
    if (i < ci.nvarnames + ci.ncells) return unbound(name);
    return new PyError("NameError", `cannot access free variable '${name}' where it is not associated with a value in enclosing scope`);
  }

  private derefName(ci: CodeInfo, i: number): string {
    const j = i - ci.nvarnames;
    return j < ci.ncells ? ci.cellvars[j] : ci.freevars[j - ci.ncells];
  }
}

/** Adds a traceback entry unless the heap is full (a MemoryError then goes on without it). */
function addTracebackIfMemory(rt: Runtime, exc: Ref, code: Ref, line: number): void {
  try {
    addTraceback(rt, exc, code, line);
  } catch (e) {
    if (!(e instanceof PyError && e.pyType === "MemoryError")) throw e;
  }
}

const STATE_NAMES: Partial<Record<ThreadRunState, StateEvent["state"]>> = {
  [ThreadRunState.RUNNING]: "running",
  [ThreadRunState.GIL_WAIT]: "gil_wait",
  [ThreadRunState.BLOCKED]: "blocked",
  [ThreadRunState.EXITED]: "exited",
};

function unbound(name: string): PyError {
  return new PyError("UnboundLocalError", `cannot access local variable '${name}' where it is not associated with a value`);
}

/** "f() missing 2 required positional arguments: 'a' and 'b'" (CPython's wording). */
function missingMessage(fname: string, missing: string[], what: string): string {
  const q = missing.map((m) => `'${m}'`);
  let list: string;
  if (q.length === 1) list = q[0];
  else if (q.length === 2) list = `${q[0]} and ${q[1]}`;
  else list = `${q.slice(0, -1).join(", ")}, and ${q[q.length - 1]}`;
  const n = missing.length;
  return `${fname}() missing ${n} required ${what} argument${n === 1 ? "" : "s"}: ${list}`;
}

