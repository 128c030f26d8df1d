/**
 * The random module: CPython's Mersenne Twister and the algorithms of Lib/random.py on top of
 * it (vm/modules/mt19937.ts), so that a seeded program draws exactly CPython's sequence:
 * seed, random, getrandbits, randrange, randint, choice, choices, shuffle, sample, uniform,
 * gauss, expovariate.
 *
 * Where the state lives: in the heap, shared by every thread as CPython's module-level
 * `random._inst` is. It is the payload of an int object stored as `random._state` (an int is
 * the one heap object with a variable number of raw 32-bit words; this one is used as an opaque
 * buffer and never as a number): RS_WORDS words from its first digit on, laid out as
 * mt19937.ts describes, then a constant nonzero top digit so the int stays well formed. Every
 * call finds it through sys.modules['random'], and holds the state's lock word while it draws
 * (nogil threads may call random() at the same time; CPython 3.13t locks the Random object).
 */
import type { Interpreter } from "../interpreter.js";
import { Kind, NULL, type Value } from "../../runtime/layout.js";
import { PyError } from "../../runtime/py_error.js";
import { T } from "../../runtime/types.js";
import { newFloat, floatValue } from "../../runtime/float.js";
import { INT_NDIGITS, newInt, newIntFromNumber } from "../../runtime/int.js";
import { listBase, listLen, newList } from "../../runtime/list.js";
import { dictGetRef } from "../../runtime/dict.js";
import { intern } from "../../runtime/intern.js";
import { strValue } from "../../runtime/str.js";
import { hashFloat } from "../../runtime/hashing.js";
import { floatToInt } from "../../runtime/int_math.js";
import { mathLog } from "../../runtime/float_math.js";
import { type NativeTable, argCount, noKwargs } from "../native.js";
import { NbOp } from "../opcodes.js";
import { MOD_DICT } from "../modules.js";
import * as A from "../abstract.js";
import { bindPy, toBigIndex, toDouble } from "./args.js";
import {
  RS_LOCK, RS_WORDS, type MTState, bisectRight, gaussNext, getrandbits, mtRandom, newPrivateState, randbelow,
  sampleIndices, seedFromEntropy, seedInt, strSeedValue, strSeedValueV1,
} from "./mt19937.js";

// ---- the state in the heap ------------------------------------------------------------------

/** random._state: an int whose digits are a fresh, seeded generator state. */
export function newHeapState(vm: Interpreter): Value {
  // 2^(32*RS_WORDS) has RS_WORDS zero digits and a top digit of 1
  const ref = newInt(vm.rt, 1n << BigInt(32 * RS_WORDS));
  const st = { i32: vm.rt.i32, u32: vm.rt.u32, s: (ref >> 2) + INT_NDIGITS + 1 };
  seedFromEntropy(st);
  return ref;
}

const fallbackStates = new WeakMap<Interpreter, MTState>();

/** The shared state: sys.modules['random']._state, found afresh on every call. */
function stateOf(vm: Interpreter): MTState {
  const rt = vm.rt;
  // borrowed: sys.modules holds the module, the module its _state (simplification: a program
  // that rebinds random._state while another thread draws numbers is not supported)
  const m = dictGetRef(rt, vm.modules, intern(rt, "random"));
  rt.decref(m);
  if (m !== NULL && (m & 1) === 0 && rt.kind(m) === Kind.MODULE) {
    const st = dictGetRef(rt, vm.i32[(m >> 2) + MOD_DICT], intern(rt, "_state"));
    rt.decref(st);
    if (st !== NULL && (st & 1) === 0 && rt.kind(st) === Kind.INT && Math.abs(vm.i32[(st >> 2) + INT_NDIGITS]) > RS_WORDS) {
      return { i32: rt.i32, u32: rt.u32, s: (st >> 2) + INT_NDIGITS + 1 };
    }
  }
  // the module was removed from sys.modules or its _state replaced: a private generator
  let st = fallbackStates.get(vm);
  if (st === undefined) {
    st = newPrivateState();
    fallbackStates.set(vm, st);
  }
  return st;
}

/** Runs `f` holding the state's lock (a futex word, after Drepper's "Futexes Are Tricky"). */
function locked<R>(st: MTState, f: (st: MTState) => R): R {
  const w = st.s + RS_LOCK;
  let c = Atomics.compareExchange(st.i32, w, 0, 1);
  if (c !== 0) {
    if (c !== 2) c = Atomics.exchange(st.i32, w, 2);
    while (c !== 0) {
      Atomics.wait(st.i32, w, 2);
      c = Atomics.exchange(st.i32, w, 2);
    }
  }
  try {
    return f(st);
  } finally {
    if (Atomics.sub(st.i32, w, 1) !== 1) {
      Atomics.store(st.i32, w, 0);
      Atomics.notify(st.i32, w, 1);
    }
  }
}

function draw<R>(vm: Interpreter, f: (st: MTState) => R): R {
  return locked(stateOf(vm), f);
}

// ---- natives ------------------------------------------------------------------------------

function float(vm: Interpreter, x: number): Value {
  return newFloat(vm.rt, x);
}

function int(vm: Interpreter, x: number | bigint): Value {
  return typeof x === "bigint" ? newInt(vm.rt, x) : newIntFromNumber(vm.rt, x);
}

function none(vm: Interpreter): Value {
  return vm.rt.newRef(vm.rt.None);
}

/** _randbelow on the shared state. */
function below(vm: Interpreter, n: number): number;
function below(vm: Interpreter, n: bigint): bigint;
function below(vm: Interpreter, n: number | bigint): number | bigint {
  return draw(vm, (st) => (typeof n === "bigint" ? randbelow(st, n) : randbelow(st, n)));
}

/**
 * random.py's `_index(v)` with its fallback: an int as is; an integral float with a deprecation
 * (the warning itself is not printed); else ValueError("non-integer <what> for randrange()").
 */
function rangeIndex(vm: Interpreter, v: Value, what: string): bigint {
  const k = A.numKind(vm, v);
  if (k === 0) return A.bigOf(vm, v);
  if (k === 1) {
    const x = floatValue(vm.rt, v);
    const i = floatToInt(x);
    if (Number(i) !== x) throw new PyError("ValueError", `non-integer ${what} for randrange()`);
    return i;
  }
  if (A.lookupSpecial(vm, v, "__index__") !== NULL) return toBigIndex(vm, v);
  const r = vm.call(vm.rt.types[T.int], [v]);
  try {
    if (!A.eq(vm, r, v)) throw new PyError("ValueError", `non-integer ${what} for randrange()`);
    return A.bigOf(vm, r);
  } finally {
    vm.rt.decref(r);
  }
}

function randrange(vm: Interpreter, startV: Value, stopV: Value, stepV: Value): Value {
  // the common case, randrange(a, b) on small ints, without bigints
  if ((startV & 1) !== 0 && (stopV & 1) !== 0 && stepV === NULL) {
    const a = startV >> 1;
    const width = (stopV >> 1) - a;
    if (width > 0) return int(vm, a + below(vm, width));
  }
  const start = rangeIndex(vm, startV, "arg 1");
  if (stopV === NULL || stopV === vm.rt.None) {
    // random.py tests `step is not _ONE`: an explicit 1 is the same (cached) int object
    if (stepV !== NULL && !(A.numKind(vm, stepV) === 0 && A.intOf(vm, stepV) === 1)) {
      throw new PyError("TypeError", "Missing a non-None stop argument");
    }
    if (start > 0n) return int(vm, below(vm, start));
    throw new PyError("ValueError", "empty range for randrange()");
  }
  const stop = rangeIndex(vm, stopV, "stop");
  const width = stop - start;
  const step = stepV === NULL ? 1n : rangeIndex(vm, stepV, "step");
  if (step === 1n) {
    if (width > 0n) return int(vm, start + below(vm, width));
    throw new PyError("ValueError", `empty range for randrange() (${start}, ${stop}, ${width})`);
  }
  let n: bigint;
  if (step > 0n) n = floorDiv(width + step - 1n, step);
  else if (step < 0n) n = floorDiv(width + step + 1n, step);
  else throw new PyError("ValueError", "zero step for randrange()");
  if (n <= 0n) throw new PyError("ValueError", "empty range for randrange()");
  return int(vm, start + step * below(vm, n));
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a < 0n) !== (b < 0n) && q * b !== a ? q - 1n : q;
}

/** population[i] for a sequence (owned). */
function itemAt(vm: Interpreter, seq: Value, i: number): Value {
  const key = newIntFromNumber(vm.rt, i);
  try {
    return A.getItem(vm, seq, key);
  } finally {
    vm.rt.decref(key);
  }
}

function isSequence(vm: Interpreter, v: Value): boolean {
  const k = A.kindOf(vm, v);
  return k === Kind.LIST || k === Kind.TUPLE || k === Kind.STR || k === Kind.RANGE;
}

/** Keyword-only arguments of a Python-level function: removed from args/kwnames, returned by name. */
function takeKwOnly(args: Value[], kwnames: string[] | null, names: string[]): [Value[], string[] | null, Map<string, Value>] {
  const got = new Map<string, Value>();
  if (kwnames === null) return [args, kwnames, got];
  const npos = args.length - kwnames.length;
  const rest: Value[] = args.slice(0, npos);
  const restNames: string[] = [];
  kwnames.forEach((name, i) => {
    if (names.includes(name)) got.set(name, args[npos + i]);
    else {
      rest.push(args[npos + i]);
      restNames.push(name);
    }
  });
  return [rest, restNames, got];
}

export const RANDOM_FUNCTIONS: NativeTable = {
  seed(vm, _self, args, kwnames) {
    const [a, versionV] = bindPy("Random.seed", args, kwnames, ["a", "version"], 0);
    const rt = vm.rt;
    const version = versionV === NULL ? 2n : A.numKind(vm, versionV) === 0 ? A.bigOf(vm, versionV) : -1n;
    let n: bigint | null;
    if (a === NULL || a === rt.None) n = null;
    else if (A.kindOf(vm, a) === Kind.STR) {
      const s = strValue(rt, a);
      n = version === 1n ? strSeedValueV1(s) : version === 2n ? strSeedValue(s) : BigInt.asUintN(64, BigInt(A.hash32(vm, a)));
    } else if (A.numKind(vm, a) === 0) n = A.bigOf(vm, a);
    else if (A.numKind(vm, a) === 1) n = BigInt.asUintN(64, hashFloat(floatValue(rt, a))); // (size_t)hash(a)
    else throw new PyError("TypeError", "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.");
    draw(vm, (st) => (n === null ? seedFromEntropy(st) : seedInt(st, n)));
    return none(vm);
  },
  random(vm, _self, args, kwnames) {
    noKwargs("Random.random", kwnames);
    argCount("Random.random", args, 0, 0);
    return float(vm, draw(vm, mtRandom));
  },
  getrandbits(vm, _self, args, kwnames) {
    noKwargs("Random.getrandbits", kwnames);
    argCount("Random.getrandbits", args, 1, 1);
    const k = toBigIndex(vm, args[0]);
    if (k < 0n) throw new PyError("ValueError", "number of bits must be non-negative");
    if (k > 1n << 31n) throw new PyError("OverflowError", "Python int too large to convert to C int");
    return int(vm, draw(vm, (st) => getrandbits(st, Number(k))));
  },
  randrange(vm, _self, args, kwnames) {
    const [start, stop, step] = bindPy("Random.randrange", args, kwnames, ["start", "stop", "step"], 1);
    return randrange(vm, start, stop, step);
  },
  randint(vm, _self, args, kwnames) {
    const [a, b] = bindPy("Random.randint", args, kwnames, ["a", "b"], 2);
    const one = newIntFromNumber(vm.rt, 1);
    const stop = A.binaryOp(vm, b, one, NbOp.ADD);
    try {
      return randrange(vm, a, stop, NULL);
    } finally {
      vm.rt.decref(stop);
    }
  },
  choice(vm, _self, args, kwnames) {
    const [seq] = bindPy("Random.choice", args, kwnames, ["seq"], 1);
    const n = A.len(vm, seq);
    if (n === 0) throw new PyError("IndexError", "Cannot choose from an empty sequence");
    return itemAt(vm, seq, below(vm, n));
  },
  choices(vm, _self, args, kwnames) {
    const rt = vm.rt;
    const [pos, posNames, kw] = takeKwOnly(args, kwnames, ["cum_weights", "k"]);
    const [population, weights] = bindPy("Random.choices", pos, posNames, ["population", "weights"], 1);
    const kV = kw.get("k");
    const k = kV === undefined ? 1 : Number(toBigIndex(vm, kV));
    const n = A.len(vm, population);
    const picks: number[] = [];
    let cum: number[] | null = null;
    const cumV = kw.get("cum_weights");
    if (cumV === undefined || cumV === rt.None) {
      if (weights === NULL || weights === rt.None) {
        for (let i = 0; i < k; i++) picks.push(Math.floor(draw(vm, mtRandom) * n));
      } else {
        if (A.numKind(vm, weights) === 0) {
          throw new PyError("TypeError", `The number of choices must be a keyword argument: k=${A.intOf(vm, weights)}`);
        }
        let acc = 0;
        cum = A.toArray(vm, weights).map((w) => {
          try {
            acc += toDouble(vm, w);
          } finally {
            rt.decref(w);
          }
          return acc;
        });
      }
    } else {
      if (weights !== NULL && weights !== rt.None) {
        throw new PyError("TypeError", "Cannot specify both weights and cumulative weights");
      }
      cum = A.toArray(vm, cumV).map((w) => {
        try {
          return toDouble(vm, w);
        } finally {
          rt.decref(w);
        }
      });
    }
    if (cum !== null) {
      if (cum.length !== n) throw new PyError("ValueError", "The number of weights does not match the population");
      const total = cum[n - 1] + 0.0;
      if (total <= 0.0) throw new PyError("ValueError", "Total of weights must be greater than zero");
      if (!Number.isFinite(total)) throw new PyError("ValueError", "Total of weights must be finite");
      for (let i = 0; i < k; i++) picks.push(bisectRight(cum, draw(vm, mtRandom) * total, 0, n - 1));
    }
    const out: Value[] = [];
    try {
      for (const i of picks) out.push(itemAt(vm, population, i));
    } catch (e) {
      for (const v of out) rt.decref(v);
      throw e;
    }
    return newList(rt, out);
  },
  shuffle(vm, _self, args, kwnames) {
    const [x] = bindPy("Random.shuffle", args, kwnames, ["x"], 1);
    const rt = vm.rt;
    const n = A.len(vm, x);
    if (A.typeOf(vm, x) === rt.types[T.list]) {
      // a plain list: swap the item words in place (no references change hands)
      for (let i = n - 1; i > 0; i--) {
        const j = below(vm, i + 1);
        rt.locks.critical(x, () => {
          if (i >= listLen(rt, x)) return; // shrunk by another thread meanwhile
          const base = listBase(rt, x);
          const t = rt.i32[base + i];
          rt.i32[base + i] = rt.i32[base + j];
          rt.i32[base + j] = t;
        });
      }
      return none(vm);
    }
    for (let i = n - 1; i > 0; i--) {
      const j = below(vm, i + 1);
      const ki = newIntFromNumber(rt, i);
      const kj = newIntFromNumber(rt, j);
      const vj = A.getItem(vm, x, kj);
      let vi = NULL;
      try {
        vi = A.getItem(vm, x, ki);
        A.setItem(vm, x, ki, vj);
        A.setItem(vm, x, kj, vi);
      } finally {
        rt.decref(vi);
        rt.decref(vj);
        rt.decref(ki);
        rt.decref(kj);
      }
    }
    return none(vm);
  },
  sample(vm, _self, args, kwnames) {
    const rt = vm.rt;
    const [pos, posNames, kw] = takeKwOnly(args, kwnames, ["counts"]);
    const [population, kV] = bindPy("Random.sample", pos, posNames, ["population", "k"], 2);
    if (!isSequence(vm, population)) {
      throw new PyError("TypeError", "Population must be a sequence.  For dicts or sets, use sorted(d).");
    }
    const n = A.len(vm, population);
    if (A.numKind(vm, kV) !== 0) {
      throw new PyError("TypeError", `can't multiply sequence by non-int of type '${A.typeName(vm, kV)}'`);
    }
    const k = Number(A.bigOf(vm, kV));
    const st = stateOf(vm);
    const lockEach = (f: () => number) => locked(st, f);
    let picks: number[];
    const counts = kw.get("counts");
    if (counts !== undefined && counts !== rt.None) {
      let acc = 0;
      const cum = A.toArray(vm, counts).map((c) => {
        try {
          if (A.numKind(vm, c) !== 0) throw new PyError("TypeError", "Counts must be integers");
          acc += Number(A.intOf(vm, c));
        } finally {
          rt.decref(c);
        }
        return acc;
      });
      if (cum.length !== n) throw new PyError("ValueError", "The number of counts does not match the population");
      const total = cum.pop()!;
      if (total <= 0) throw new PyError("ValueError", "Total of counts must be greater than zero");
      picks = sampleIndices(st, total, k, lockEach).map((s) => bisectRight(cum, s));
    } else {
      picks = sampleIndices(st, n, k, lockEach);
    }
    const out: Value[] = [];
    try {
      for (const i of picks) out.push(itemAt(vm, population, i));
    } catch (e) {
      for (const v of out) rt.decref(v);
      throw e;
    }
    return newList(rt, out);
  },
  uniform(vm, _self, args, kwnames) {
    const [aV, bV] = bindPy("Random.uniform", args, kwnames, ["a", "b"], 2);
    const a = toDouble(vm, aV);
    const b = toDouble(vm, bV);
    return float(vm, a + (b - a) * draw(vm, mtRandom));
  },
  gauss(vm, _self, args, kwnames) {
    const [muV, sigmaV] = bindPy("Random.gauss", args, kwnames, ["mu", "sigma"], 0);
    const mu = muV === NULL ? 0.0 : toDouble(vm, muV);
    const sigma = sigmaV === NULL ? 1.0 : toDouble(vm, sigmaV);
    const z = draw(vm, (st) => gaussNext(st));
    return float(vm, mu + z * sigma);
  },
  expovariate(vm, _self, args, kwnames) {
    const [lambdV] = bindPy("Random.expovariate", args, kwnames, ["lambd"], 1);
    const lambd = toDouble(vm, lambdV);
    const u = draw(vm, mtRandom);
    if (lambd === 0) throw new PyError("ZeroDivisionError", "float division by zero");
    return float(vm, -mathLog(1.0 - u) / lambd);
  },
};
