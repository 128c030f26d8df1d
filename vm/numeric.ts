/**
 * Arithmetic on int, bool and float with Python's semantics (Objects/longobject.c,
 * floatobject.c): floor division and modulo that follow the divisor's sign, `**` with a negative
 * exponent giving a float, true division of ints correctly rounded, exact big ints.
 *
 * Ints are computed as JS numbers while that is exact and as BigInt beyond; the pure helpers in
 * runtime/int_math.ts and runtime/float_math.ts hold the big-int and float corner cases.
 */
import { addSameSign, bigIntAsSafeNumber, bigIntValue, newInt, newIntFromNumber } from "../runtime/int.js";
import { floatValue, newFloat } from "../runtime/float.js";
import { HEADER_WORDS, Kind, OB_KIND, type Value } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import {
  floorDiv, floorMod, intToFloat, intTrueDiv, shiftLeft, shiftRight,
} from "../runtime/int_math.js";
import { floatFloorDiv, floatMod, floatPow } from "../runtime/float_math.js";
import { NbOp } from "./opcodes.js";
import type { Interpreter } from "./interpreter.js";

/** A tagged int or a heap int (not a bool): what the digit-wise fast paths take. */
function isHeapInt(vm: Interpreter, v: Value): boolean {
  return (v & 1) !== 0 || (vm.i32[(v >> 2) + OB_KIND] & 0xff) === Kind.INT;
}

/** 0: an int (or bool), 1: a float, -1: not a number. */
export function numKind(vm: Interpreter, v: Value): number {
  if ((v & 1) !== 0) return 0;
  const k = vm.i32[(v >> 2) + OB_KIND] & 0xff;
  if (k === Kind.INT || k === Kind.BOOL) return 0;
  if (k === Kind.FLOAT) return 1;
  return -1;
}

/** An int value as a JS number when exact, else as a bigint. */
export function intOf(vm: Interpreter, v: Value): number | bigint {
  if ((v & 1) !== 0) return v >> 1;
  const k = vm.i32[(v >> 2) + OB_KIND] & 0xff;
  if (k === Kind.BOOL) return vm.i32[(v >> 2) + HEADER_WORDS];
  const n = bigIntAsSafeNumber(vm.rt, v);
  return Number.isNaN(n) ? bigIntValue(vm.rt, v) : n;
}

export function bigOf(vm: Interpreter, v: Value): bigint {
  const x = intOf(vm, v);
  return typeof x === "bigint" ? x : BigInt(x);
}

/** A number (int or float) as a float; OverflowError for ints too large. */
export function floatOf(vm: Interpreter, v: Value): number {
  if ((v & 1) !== 0) return v >> 1;
  if ((vm.i32[(v >> 2) + OB_KIND] & 0xff) === Kind.FLOAT) return floatValue(vm.rt, v);
  const x = intOf(vm, v);
  return typeof x === "bigint" ? intToFloat(x) : x;
}

export function boxInt(vm: Interpreter, x: number | bigint): Value {
  if (typeof x === "bigint") return newInt(vm.rt, x);
  return newIntFromNumber(vm.rt, x);
}

function normalize(x: bigint): number | bigint {
  return x >= -9007199254740991n && x <= 9007199254740991n ? Number(x) : x;
}

const SAFE = 9007199254740991;

/** int op int. */
export function intBinop(vm: Interpreter, a: Value, b: Value, op: number): Value {
  if (op === NbOp.ADD && isHeapInt(vm, a) && isHeapInt(vm, b)) {
    const r = addSameSign(vm.rt, a, b);
    if (r !== 0) return r;
  }
  const x = intOf(vm, a);
  const y = intOf(vm, b);
  if (typeof x === "number" && typeof y === "number") {
    switch (op) {
      case NbOp.ADD: { const r = x + y; if (r >= -SAFE && r <= SAFE) return newIntFromNumber(vm.rt, r); break; }
      case NbOp.SUBTRACT: { const r = x - y; if (r >= -SAFE && r <= SAFE) return newIntFromNumber(vm.rt, r); break; }
      case NbOp.MULTIPLY: { const r = x * y; if (r >= -SAFE && r <= SAFE) return newIntFromNumber(vm.rt, r); break; }
      case NbOp.TRUE_DIVIDE:
        if (y === 0) throw new PyError("ZeroDivisionError", "division by zero");
        return newFloat(vm.rt, x / y);
      case NbOp.FLOOR_DIVIDE:
        if (y === 0) throw new PyError("ZeroDivisionError", "integer division or modulo by zero");
        if (Math.abs(x) < 0x40000000 && Math.abs(y) < 0x40000000) return newIntFromNumber(vm.rt, Math.floor(x / y));
        break;
      case NbOp.REMAINDER: {
        if (y === 0) throw new PyError("ZeroDivisionError", "integer modulo by zero");
        let r = x % y;
        if (r !== 0 && r < 0 !== y < 0) r += y;
        return newIntFromNumber(vm.rt, r);
      }
      case NbOp.AND:
        if ((x | 0) === x && (y | 0) === y) return newIntFromNumber(vm.rt, x & y);
        break;
      case NbOp.OR:
        if ((x | 0) === x && (y | 0) === y) return newIntFromNumber(vm.rt, x | y);
        break;
      case NbOp.XOR:
        if ((x | 0) === x && (y | 0) === y) return newIntFromNumber(vm.rt, x ^ y);
        break;
      case NbOp.POWER:
        if (y < 0) return newFloat(vm.rt, intPowNegative(x, y));
        { const r = x ** y; if (Math.abs(r) <= SAFE) return newIntFromNumber(vm.rt, r); }
        break;
    }
  }
  if (op === NbOp.TRUE_DIVIDE) {
    const bx = BigInt(x);
    const by = BigInt(y);
    if (by === 0n) throw new PyError("ZeroDivisionError", "division by zero");
    return newFloat(vm.rt, intTrueDiv(bx, by));
  }
  const bx = BigInt(x);
  const by = BigInt(y);
  switch (op) {
    case NbOp.ADD: return boxInt(vm, normalize(bx + by));
    case NbOp.SUBTRACT: return boxInt(vm, normalize(bx - by));
    case NbOp.MULTIPLY: return boxInt(vm, normalize(bx * by));
    case NbOp.FLOOR_DIVIDE: return boxInt(vm, normalize(floorDiv(bx, by)));
    case NbOp.REMAINDER: return boxInt(vm, normalize(floorMod(bx, by)));
    case NbOp.AND: return boxInt(vm, normalize(bx & by));
    case NbOp.OR: return boxInt(vm, normalize(bx | by));
    case NbOp.XOR: return boxInt(vm, normalize(bx ^ by));
    case NbOp.LSHIFT: return boxInt(vm, normalize(shiftLeft(bx, by)));
    case NbOp.RSHIFT: return boxInt(vm, normalize(shiftRight(bx, by)));
    case NbOp.POWER:
      if (by < 0n) return newFloat(vm.rt, intPowNegative(bx, by));
      if (by > 100_000_000n && bx !== 0n && bx !== 1n && bx !== -1n) throw new PyError("MemoryError", "");
      return boxInt(vm, normalize(bx ** by));
  }
  throw new PyError("TypeError", "unsupported operand");
}

/** int ** negative int is a float power, with float's digits and errors. */
function intPowNegative(x: number | bigint, y: number | bigint): number {
  return floatPow(typeof x === "bigint" ? intToFloat(x) : x, typeof y === "bigint" ? intToFloat(y) : y);
}

/** Arithmetic where at least one side is a float (ints are converted first). */
export function floatBinop(vm: Interpreter, a: Value, b: Value, op: number): Value {
  const x = floatOf(vm, a);
  const y = floatOf(vm, b);
  let r: number;
  switch (op) {
    case NbOp.ADD: r = x + y; break;
    case NbOp.SUBTRACT: r = x - y; break;
    case NbOp.MULTIPLY: r = x * y; break;
    case NbOp.TRUE_DIVIDE:
      if (y === 0) throw new PyError("ZeroDivisionError", "float division by zero");
      r = x / y;
      break;
    case NbOp.FLOOR_DIVIDE: r = floatFloorDiv(x, y); break;
    case NbOp.REMAINDER: r = floatMod(x, y); break;
    case NbOp.POWER: r = floatPow(x, y); break;
    default:
      return 0; // not a float operation: the caller reports the TypeError
  }
  return newFloat(vm.rt, r);
}

/** Three-way numeric comparison (NaN compares unordered: returns NaN). */
export function numCompare(vm: Interpreter, a: Value, b: Value): number {
  const ka = numKind(vm, a);
  const kb = numKind(vm, b);
  if (ka === 0 && kb === 0) {
    const x = intOf(vm, a);
    const y = intOf(vm, b);
    if (typeof x === "number" && typeof y === "number") return x < y ? -1 : x > y ? 1 : 0;
    const bx = BigInt(x);
    const by = BigInt(y);
    return bx < by ? -1 : bx > by ? 1 : 0;
  }
  const x = ka === 1 ? floatValue(vm.rt, a) : intOrFloatApprox(vm, a);
  const y = kb === 1 ? floatValue(vm.rt, b) : intOrFloatApprox(vm, b);
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === y && (ka === 0 || kb === 0) && Number.isFinite(x)) {
    // an int and a float that look equal as doubles: compare exactly when the int is big
    const iv = ka === 0 ? intOf(vm, a) : intOf(vm, b);
    if (typeof iv === "bigint") {
      const fv = BigInt(x);
      const d = ka === 0 ? (iv < fv ? -1 : iv > fv ? 1 : 0) : (fv < iv ? -1 : fv > iv ? 1 : 0);
      return d;
    }
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

function intOrFloatApprox(vm: Interpreter, v: Value): number {
  const x = intOf(vm, v);
  return typeof x === "bigint" ? Number(x) : x;
}
