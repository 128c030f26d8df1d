/**
 * float objects: a float64 in bytes 24..31 of the object (8-aligned, as every block is).
 */
import { FLOAT_BYTE_OFFSET, Kind, type Ref } from "./layout.js";
import type { Runtime } from "./context.js";
import { T } from "./types.js";

export function newFloat(rt: Runtime, x: number): Ref {
  const ref = rt.newObject(Kind.FLOAT, rt.types[T.float], 2);
  rt.f64[(ref + FLOAT_BYTE_OFFSET) >> 3] = x;
  return ref;
}

export function floatValue(rt: Runtime, ref: Ref): number {
  return rt.f64[(ref + FLOAT_BYTE_OFFSET) >> 3];
}
