/**
 * The math module (CPython's Modules/mathmodule.c), with 3.11's exception types and messages.
 *
 * Error rules, as CPython's math_1/math_2: a NaN result from a non-NaN argument is
 * "ValueError: math domain error"; an infinite result from finite arguments is
 * "OverflowError: math range error" for the functions that can overflow (exp, cosh, ...), and a
 * domain error for the others (log(0), atanh(1)).
 *
 * The results print like CPython's, which calls glibc: sqrt, exp, log, sin, cos and pow come
 * from runtime/float_math.ts (correctly rounded), tan, atan, atan2, asin, acos, log2 and log10,
 * and the hyperbolic functions from vm/modules/libm.ts (correctly rounded, or glibc's own
 * formulas); only expm1 and log1p use V8's Math.* directly (fdlibm's, as glibc's, but glibc's
 * builds can differ in the last bit for about 0.1% of arguments).
 * The integer functions (factorial, comb, perm, gcd, lcm, isqrt) are exact, on bigint.
 *
 * The pure functions behind them are in vm/modules/mathlib.ts.
 */
import type { Interpreter } from "../interpreter.js";
import { Kind, NULL, type Value } from "../../runtime/layout.js";
import { PyError } from "../../runtime/py_error.js";
import { newFloat } from "../../runtime/float.js";
import { newInt, newIntFromNumber } from "../../runtime/int.js";
import { newTuple } from "../../runtime/tuple.js";
import { floatToInt, gcd as gcdBig, isqrt as isqrtBig } from "../../runtime/int_math.js";
import { mathCos, mathExp, mathLog, mathSin, mathSqrt } from "../../runtime/float_math.js";
import { type NativeFn, type NativeTable, argCount, noKwargs } from "../native.js";
import { NbOp } from "../opcodes.js";
import * as A from "../abstract.js";
import { toBigIndex, toDouble, toIndex } from "./args.js";
import {
  checked1, checked2, comb, copysign, factorial, fmod, frexp, fsum, isclose, lcm, ldexp, logOfFloat, logOfInt,
  mathPow, modf, nextafter, perm, rangeError, remainder, ulp, vectorNorm,
} from "./mathlib.js";
import * as libm from "./libm.js";

// ---- natives --------------------------------------------------------------------------------

function float(vm: Interpreter, x: number): Value {
  return newFloat(vm.rt, x);
}

function int(vm: Interpreter, x: number | bigint): Value {
  return typeof x === "bigint" ? newInt(vm.rt, x) : newIntFromNumber(vm.rt, x);
}

function bool(vm: Interpreter, b: boolean): Value {
  return vm.rt.newRef(b ? vm.rt.True : vm.rt.False);
}

/** An int argument returned as an int (a bool becomes a plain int, like int.__floor__). */
function asPlainInt(vm: Interpreter, v: Value): Value {
  if (A.kindOf(vm, v) === Kind.BOOL) return int(vm, A.intOf(vm, v));
  return vm.rt.newRef(v);
}

/** A one-argument float function, math_1 style. */
function math1(name: string, f: (x: number) => number, canOverflow: boolean): NativeFn {
  const fname = `math.${name}`;
  return (vm, _self, args, kwnames) => {
    noKwargs(fname, kwnames);
    argCount(fname, args, 1, 1);
    const x = toDouble(vm, args[0]);
    return float(vm, checked1(x, f(x), canOverflow));
  };
}

/** A two-argument float function, math_2 style. */
function math2(name: string, f: (x: number, y: number) => number, canOverflow: boolean): NativeFn {
  return (vm, _self, args, kwnames) => {
    noKwargs(`math.${name}`, kwnames);
    argCount(name, args, 2, 2);
    const x = toDouble(vm, args[0]);
    const y = toDouble(vm, args[1]);
    return float(vm, checked2(x, y, f(x, y), canOverflow));
  };
}

/** A one-argument function of a float with its own result conversion. */
function oneDouble(name: string, f: (vm: Interpreter, x: number) => Value): NativeFn {
  const fname = `math.${name}`;
  return (vm, _self, args, kwnames) => {
    noKwargs(fname, kwnames);
    argCount(fname, args, 1, 1);
    return f(vm, toDouble(vm, args[0]));
  };
}

/** A METH_O function of any object. */
function oneArg(name: string, f: (vm: Interpreter, v: Value) => Value): NativeFn {
  const fname = `math.${name}`;
  return (vm, _self, args, kwnames) => {
    noKwargs(fname, kwnames);
    argCount(fname, args, 1, 1);
    return f(vm, args[0]);
  };
}

/** floor and ceil: ints pass through, floats round to an int, other objects use __floor__/__ceil__. */
function rounding(name: "floor" | "ceil", f: (x: number) => number): NativeFn {
  return oneArg(name, (vm, v) => {
    const k = A.numKind(vm, v);
    if (k === 0) return asPlainInt(vm, v);
    if (k === 1) return int(vm, floatToInt(f(A.floatOf(vm, v))));
    const m = A.lookupSpecial(vm, v, `__${name}__`);
    if (m !== NULL) return vm.callBound(m, v, []);
    return int(vm, floatToInt(f(toDouble(vm, v))));
  });
}

/** log2 and log10: ints of any size, else floats. */
function logFunction(name: string, f: (x: number) => number): NativeFn {
  return oneArg(name, (vm, v) => {
    if (A.numKind(vm, v) === 0) {
      const i = A.intOf(vm, v);
      return float(vm, logOfInt(typeof i === "bigint" ? i : BigInt(i), f));
    }
    return float(vm, logOfFloat(toDouble(vm, v), f));
  });
}

/** An int argument for the log functions: kept exact, so huge ints work. */
function logArg(vm: Interpreter, v: Value): number | bigint {
  if (A.numKind(vm, v) === 0) {
    const i = A.intOf(vm, v);
    return typeof i === "bigint" ? i : BigInt(i);
  }
  return toDouble(vm, v);
}

function bigArgs(vm: Interpreter, args: Value[]): bigint[] {
  return args.map((v) => toBigIndex(vm, v));
}

export const MATH_FUNCTIONS: NativeTable = {
  sqrt: oneDouble("sqrt", (vm, x) => float(vm, mathSqrt(x))),
  exp: oneDouble("exp", (vm, x) => float(vm, mathExp(x))),
  sin: oneDouble("sin", (vm, x) => float(vm, mathSin(x))),
  cos: oneDouble("cos", (vm, x) => float(vm, mathCos(x))),
  tan: math1("tan", libm.tan, false),
  asin: math1("asin", libm.asin, false),
  acos: math1("acos", libm.acos, false),
  atan: math1("atan", libm.atan, false),
  sinh: math1("sinh", libm.sinh, true),
  cosh: math1("cosh", libm.cosh, true),
  tanh: math1("tanh", libm.tanh, false),
  asinh: math1("asinh", libm.asinh, false),
  acosh: math1("acosh", libm.acosh, false),
  atanh: math1("atanh", libm.atanh, false),
  expm1: math1("expm1", Math.expm1, true),
  log1p: math1("log1p", Math.log1p, false),
  exp2: oneDouble("exp2", (vm, x) => {
    if (!Number.isFinite(x)) return float(vm, x === -Infinity ? 0 : x);
    const r = mathPow(2, x);
    return float(vm, checked1(x, r, true));
  }),
  fabs: math1("fabs", Math.abs, false),
  degrees: oneDouble("degrees", (vm, x) => float(vm, x * (180.0 / Math.PI))),
  radians: oneDouble("radians", (vm, x) => float(vm, x * (Math.PI / 180.0))),
  isfinite: oneDouble("isfinite", (vm, x) => bool(vm, Number.isFinite(x))),
  isinf: oneDouble("isinf", (vm, x) => bool(vm, x === Infinity || x === -Infinity)),
  isnan: oneDouble("isnan", (vm, x) => bool(vm, x !== x)),
  frexp: oneDouble("frexp", (vm, x) => {
    const [m, e] = frexp(x);
    return newTuple(vm.rt, [float(vm, m), int(vm, e)]);
  }),
  modf: oneDouble("modf", (vm, x) => {
    const [f, i] = modf(x);
    return newTuple(vm.rt, [float(vm, f), float(vm, i)]);
  }),
  ulp: oneDouble("ulp", (vm, x) => float(vm, ulp(x))),
  floor: rounding("floor", Math.floor),
  ceil: rounding("ceil", Math.ceil),
  trunc: oneArg("trunc", (vm, v) => {
    const k = A.numKind(vm, v);
    if (k === 1) return int(vm, floatToInt(A.floatOf(vm, v)));
    if (k === 0) return asPlainInt(vm, v);
    const m = A.lookupSpecial(vm, v, "__trunc__");
    if (m !== NULL) return vm.callBound(m, v, []);
    throw new PyError("TypeError", `type ${A.typeName(vm, v)} doesn't define __trunc__ method`);
  }),
  log(vm, _self, args, kwnames) {
    if (kwnames !== null && kwnames.length > 0) throw new PyError("TypeError", "log() takes no keyword arguments");
    if (args.length < 1 || args.length > 2) throw new PyError("TypeError", "math.log requires 1 to 2 arguments");
    const x = logArg(vm, args[0]);
    return float(vm, args.length === 1 ? mathLog(x) : mathLog(x, logArg(vm, args[1])));
  },
  log2: logFunction("log2", libm.log2),
  log10: logFunction("log10", libm.log10),
  pow: math2("pow", mathPow, true),
  atan2: math2("atan2", libm.atan2, false),
  fmod: math2("fmod", fmod, false),
  remainder: math2("remainder", remainder, false),
  copysign: math2("copysign", copysign, false),
  nextafter: math2("nextafter", nextafter, false),
  ldexp(vm, _self, args, kwnames) {
    noKwargs("math.ldexp", kwnames);
    argCount("ldexp", args, 2, 2);
    const x = toDouble(vm, args[0]);
    if (A.numKind(vm, args[1]) !== 0) throw new PyError("TypeError", "Expected an int as second argument to ldexp.");
    const i = A.intOf(vm, args[1]);
    const e = typeof i === "bigint" ? (i > 0n ? 1e9 : -1e9) : i;
    const r = ldexp(x, e);
    if ((r === Infinity || r === -Infinity) && Number.isFinite(x)) throw rangeError();
    return float(vm, r);
  },
  hypot(vm, _self, args, kwnames) {
    noKwargs("math.hypot", kwnames);
    let max = 0.0;
    let foundNan = false;
    const coords = args.map((v) => {
      const x = Math.abs(toDouble(vm, v));
      if (x !== x) foundNan = true;
      if (x > max) max = x;
      return x;
    });
    return float(vm, vectorNorm(coords, max, foundNan));
  },
  dist(vm, _self, args, kwnames) {
    noKwargs("math.dist", kwnames);
    argCount("dist", args, 2, 2);
    const rt = vm.rt;
    const p = A.toArray(vm, args[0]);
    let q: Value[] = [];
    try {
      q = A.toArray(vm, args[1]);
      if (p.length !== q.length) throw new PyError("ValueError", "both points must have the same number of dimensions");
      let max = 0.0;
      let foundNan = false;
      const diffs = p.map((pv, i) => {
        const x = Math.abs(toDouble(vm, pv) - toDouble(vm, q[i]));
        if (x !== x) foundNan = true;
        if (x > max) max = x;
        return x;
      });
      return float(vm, vectorNorm(diffs, max, foundNan));
    } finally {
      for (const v of p) rt.decref(v);
      for (const v of q) rt.decref(v);
    }
  },
  fsum: oneArg("fsum", (vm, v) => {
    const rt = vm.rt;
    const it = A.getIter(vm, v);
    try {
      const values: number[] = [];
      for (let x = A.iterNext(vm, it); x !== NULL; x = A.iterNext(vm, it)) {
        try {
          values.push(toDouble(vm, x));
        } finally {
          rt.decref(x);
        }
      }
      return float(vm, fsum(values));
    } finally {
      rt.decref(it);
    }
  }),
  prod(vm, _self, args, kwnames) {
    const rt = vm.rt;
    const nkw = kwnames === null ? 0 : kwnames.length;
    const npos = args.length - nkw;
    if (npos !== 1) throw new PyError("TypeError", `prod() takes exactly 1 positional argument (${npos} given)`);
    let start: Value = NULL;
    for (let k = 0; k < nkw; k++) {
      if (kwnames![k] !== "start") throw new PyError("TypeError", `'${kwnames![k]}' is an invalid keyword argument for prod()`);
      start = args[npos + k];
    }
    let acc: Value = start === NULL ? newIntFromNumber(rt, 1) : rt.newRef(start);
    const it = A.getIter(vm, args[0]);
    try {
      for (let x = A.iterNext(vm, it); x !== NULL; x = A.iterNext(vm, it)) {
        try {
          const next = A.binaryOp(vm, acc, x, NbOp.MULTIPLY);
          rt.decref(acc);
          acc = next;
        } finally {
          rt.decref(x);
        }
      }
    } catch (e) {
      rt.decref(acc);
      throw e;
    } finally {
      rt.decref(it);
    }
    return acc;
  },
  isclose(vm, _self, args, kwnames) {
    const nkw = kwnames === null ? 0 : kwnames.length;
    const npos = args.length - nkw;
    if (npos > 2) throw new PyError("TypeError", `isclose() takes exactly 2 positional arguments (${npos} given)`);
    const names = ["a", "b", "rel_tol", "abs_tol"];
    const got: Value[] = [NULL, NULL, NULL, NULL];
    for (let i = 0; i < npos; i++) got[i] = args[i];
    for (let k = 0; k < nkw; k++) {
      const i = names.indexOf(kwnames![k]);
      if (i < 0) throw new PyError("TypeError", `'${kwnames![k]}' is an invalid keyword argument for isclose()`);
      if (got[i] !== NULL) throw new PyError("TypeError", `argument for isclose() given by name ('${names[i]}') and position (${i + 1})`);
      got[i] = args[npos + k];
    }
    for (let i = 0; i < 2; i++) {
      if (got[i] === NULL) throw new PyError("TypeError", `isclose() missing required argument '${names[i]}' (pos ${i + 1})`);
    }
    const a = toDouble(vm, got[0]);
    const b = toDouble(vm, got[1]);
    const relTol = got[2] === NULL ? 1e-9 : toDouble(vm, got[2]);
    const absTol = got[3] === NULL ? 0.0 : toDouble(vm, got[3]);
    return bool(vm, isclose(a, b, relTol, absTol));
  },
  gcd(vm, _self, args, kwnames) {
    noKwargs("math.gcd", kwnames);
    if (args.length === 1) {
      const i = toBigIndex(vm, args[0]);
      return int(vm, i < 0n ? -i : i);
    }
    return int(vm, gcdBig(...bigArgs(vm, args)));
  },
  lcm(vm, _self, args, kwnames) {
    noKwargs("math.lcm", kwnames);
    return int(vm, lcm(bigArgs(vm, args)));
  },
  isqrt: oneArg("isqrt", (vm, v) => {
    const n = toIndex(vm, v);
    if (typeof n === "number" && n >= 0 && n < 4503599627370496) {
      let r = Math.floor(Math.sqrt(n));
      while (r * r > n) r--;
      while ((r + 1) * (r + 1) <= n) r++;
      return int(vm, r);
    }
    return int(vm, isqrtBig(typeof n === "bigint" ? n : BigInt(n)));
  }),
  factorial: oneArg("factorial", (vm, v) => int(vm, factorial(toBigIndex(vm, v)))),
  comb(vm, _self, args, kwnames) {
    noKwargs("math.comb", kwnames);
    argCount("comb", args, 2, 2);
    return int(vm, comb(toBigIndex(vm, args[0]), toBigIndex(vm, args[1])));
  },
  perm(vm, _self, args, kwnames) {
    noKwargs("math.perm", kwnames);
    argCount("perm", args, 1, 2);
    const n = toBigIndex(vm, args[0]);
    if (args.length === 1 || args[1] === vm.rt.None) {
      if (n < 0n) throw new PyError("ValueError", "n must be a non-negative integer");
      return int(vm, factorial(n));
    }
    return int(vm, perm(n, toBigIndex(vm, args[1])));
  },
};

/** math.pi, math.e, ...: the module's constants (owned floats). */
export function mathConstants(vm: Interpreter, set: (name: string, value: Value) => void): void {
  set("pi", float(vm, Math.PI));
  set("e", float(vm, Math.E));
  set("tau", float(vm, 2 * Math.PI));
  set("inf", float(vm, Infinity));
  set("nan", float(vm, NaN));
}

