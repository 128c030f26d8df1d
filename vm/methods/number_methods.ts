/**
 * Methods of int (and so of bool) and float (CPython's Objects/longobject.c, floatobject.c),
 * with CPython 3.11's argument checking and error messages.
 */
import type { Interpreter } from "../interpreter.js";
import { argCount, noKwargs, type NativeTable } from "../native.js";
import * as A from "../abstract.js";
import type { Value } from "../../runtime/layout.js";
import { PyError } from "../../runtime/py_error.js";
import { newInt } from "../../runtime/int.js";
import { floatValue } from "../../runtime/float.js";
import { newTuple } from "../../runtime/tuple.js";

function noArgs(name: string, args: Value[], kwnames: string[] | null): void {
  noKwargs(name, kwnames);
  argCount(name, args, 0, 0);
}

function absBig(vm: Interpreter, v: Value): bigint {
  const x = A.bigOf(vm, v);
  return x < 0n ? -x : x;
}

/** The int value of an int or bool as a new int (a bool becomes a plain int). */
function asInt(vm: Interpreter, v: Value): Value {
  if ((v & 1) !== 0) return v;
  return newInt(vm.rt, A.bigOf(vm, v));
}

export const INT_METHODS: NativeTable = {
  bit_length(vm, self, args, kwnames) {
    noArgs("int.bit_length", args, kwnames);
    if ((self & 1) !== 0) {
      const n = Math.abs(self >> 1);
      return ((32 - Math.clz32(n)) << 1) | 1;
    }
    const x = absBig(vm, self);
    return newInt(vm.rt, x === 0n ? 0n : BigInt(x.toString(2).length));
  },

  bit_count(vm, self, args, kwnames) {
    noArgs("int.bit_count", args, kwnames);
    let x = absBig(vm, self);
    let c = 0;
    while (x > 0n) {
      let word = Number(x & 0xffffffffn);
      while (word !== 0) {
        word &= word - 1;
        c++;
      }
      x >>= 32n;
    }
    return newInt(vm.rt, BigInt(c));
  },

  conjugate(vm, self, args, kwnames) {
    noArgs("int.conjugate", args, kwnames);
    return asInt(vm, self);
  },

  as_integer_ratio(vm, self, args, kwnames) {
    noArgs("int.as_integer_ratio", args, kwnames);
    return newTuple(vm.rt, [asInt(vm, self), (1 << 1) | 1]);
  },
};

/** The exact ratio of a finite float: [numerator, denominator], in lowest terms, denominator > 0. */
export function floatRatio(x: number): [bigint, bigint] {
  if (x === 0) return [0n, 1n];
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const negative = hi >>> 31 === 1;
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074; // subnormal
  else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  while (exp < 0 && (mant & 1n) === 0n) {
    mant >>= 1n;
    exp++;
  }
  let num = mant;
  let den = 1n;
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  return [negative ? -num : num, den];
}

export const FLOAT_METHODS: NativeTable = {
  is_integer(vm, self, args, kwnames) {
    noArgs("float.is_integer", args, kwnames);
    return vm.rt.bool(Number.isInteger(floatValue(vm.rt, self)));
  },

  as_integer_ratio(vm, self, args, kwnames) {
    noArgs("float.as_integer_ratio", args, kwnames);
    const x = floatValue(vm.rt, self);
    if (Number.isNaN(x)) throw new PyError("ValueError", "cannot convert NaN to integer ratio");
    if (!Number.isFinite(x)) throw new PyError("OverflowError", "cannot convert Infinity to integer ratio");
    const [num, den] = floatRatio(x);
    return newTuple(vm.rt, [newInt(vm.rt, num), newInt(vm.rt, den)]);
  },

  conjugate(vm, self, args, kwnames) {
    noArgs("float.conjugate", args, kwnames);
    return vm.rt.newRef(self);
  },
};
