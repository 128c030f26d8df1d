/**
 * str objects. Characters are stored as in CPython's PEP 393 "kinds", reduced to two: UTF-16
 * units when every code point fits in 16 bits (then units are code points), else 32-bit code
 * points (OF_STR_WIDE). Either way indexing and len() count code points, as Python does.
 *
 *   w6  length in code points
 *   w7  cached 32-bit hash (0: not computed yet)
 *   byte 32…  the characters
 *
 * Interned strs (names, identifiers, one-character strs) are immortal and kept in a heap dict
 * (root R_INTERNED) shared by all threads; each thread caches the JS string of those.
 */
import { Buffer } from "node:buffer";
import { HEADER_WORDS, Kind, OB_KIND, OF_STR_INTERNED, OF_STR_WIDE, type Ref } from "./layout.js";
import type { Runtime } from "./context.js";
import type { Heap } from "./heap.js";
import { T } from "./types.js";

export const STR_LEN = HEADER_WORDS;
export const STR_HASH = HEADER_WORDS + 1;
const DATA = 32; // byte offset of the characters

function hasAstral(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) return true;
    }
  }
  return false;
}

export function newStr(rt: Runtime, s: string): Ref {
  if (!hasAstral(s)) {
    const n = s.length;
    const ref = rt.newObject(Kind.STR, rt.types[T.str], 2 + ((n + 1) >> 1));
    const w = ref >> 2;
    rt.i32[w + STR_LEN] = n;
    rt.i32[w + STR_HASH] = 0;
    const base = (ref + DATA) >> 1;
    const u16 = rt.u16;
    if (n > 64) {
      Buffer.from(rt.heap.sab, ref + DATA, n * 2).write(s, "utf16le");
    } else {
      for (let i = 0; i < n; i++) u16[base + i] = s.charCodeAt(i);
    }
    return ref;
  }
  const cps = Array.from(s, (c) => c.codePointAt(0)!);
  return newStrFromCodePoints(rt, cps);
}

export function newStrFromCodePoints(rt: Runtime, cps: ArrayLike<number>): Ref {
  let wide = false;
  for (let i = 0; i < cps.length; i++) if (cps[i] > 0xffff) wide = true;
  const n = cps.length;
  const ref = rt.newObject(Kind.STR, rt.types[T.str], 2 + (wide ? n : (n + 1) >> 1));
  const w = ref >> 2;
  rt.i32[w + STR_LEN] = n;
  rt.i32[w + STR_HASH] = 0;
  if (wide) {
    rt.i32[w + OB_KIND] |= OF_STR_WIDE;
    const base = (ref + DATA) >> 2;
    for (let i = 0; i < n; i++) rt.u32[base + i] = cps[i];
  } else {
    const base = (ref + DATA) >> 1;
    for (let i = 0; i < n; i++) rt.u16[base + i] = cps[i];
  }
  return ref;
}

export function strLen(rt: Runtime, ref: Ref): number {
  return rt.i32[(ref >> 2) + STR_LEN];
}

function isWide(rt: Runtime, ref: Ref): boolean {
  return (rt.i32[(ref >> 2) + OB_KIND] & OF_STR_WIDE) !== 0;
}

/** The code point at index i (0 <= i < len). */
export function strCodeAt(rt: Runtime, ref: Ref, i: number): number {
  return isWide(rt, ref) ? rt.u32[((ref + DATA) >> 2) + i] : rt.u16[((ref + DATA) >> 1) + i];
}

/** The str as a JS string. */
export function strValue(rt: Runtime, ref: Ref): string {
  const cached = rt.strCache.get(ref);
  if (cached !== undefined) return cached;
  return readStr(rt.heap, ref);
}

/** A str read straight from a heap (no runtime needed: the supervisor uses it for reports). */
export function readStr(heap: Heap, ref: Ref): string {
  const n = heap.i32[(ref >> 2) + STR_LEN];
  if ((heap.i32[(ref >> 2) + OB_KIND] & OF_STR_WIDE) !== 0) {
    const base = (ref + DATA) >> 2;
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCodePoint(heap.u32[base + i]);
    return s;
  }
  if (n > 32) return Buffer.from(heap.sab, ref + DATA, n * 2).toString("utf16le");
  const base = (ref + DATA) >> 1;
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(heap.u16[base + i]);
  return s;
}

/** The code points of the str. */
export function strCodePoints(rt: Runtime, ref: Ref): number[] {
  const n = strLen(rt, ref);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = strCodeAt(rt, ref, i);
  return out;
}

/** 32-bit FNV-1a over the code points (CPython randomises str hashes; any good hash will do). */
export function strHash(rt: Runtime, ref: Ref): number {
  const w = ref >> 2;
  const cached = rt.i32[w + STR_HASH];
  if (cached !== 0) return cached;
  const n = rt.i32[w + STR_LEN];
  let h = 0x811c9dc5 | 0;
  if (isWide(rt, ref)) {
    const base = (ref + DATA) >> 2;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ rt.u32[base + i], 0x01000193);
  } else {
    const base = (ref + DATA) >> 1;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ rt.u16[base + i], 0x01000193);
  }
  if (h === 0 || h === -1) h = 1; // 0 means "not computed"; -1 is never a Python hash
  rt.i32[w + STR_HASH] = h;
  return h;
}

/** Hash of a JS string, equal to strHash of the same text. */
export function jsStrHash(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193);
  if (h === 0 || h === -1) h = 1;
  return h;
}

export function strEq(rt: Runtime, a: Ref, b: Ref): boolean {
  if (a === b) return true;
  const n = strLen(rt, a);
  if (n !== strLen(rt, b)) return false;
  const ha = rt.i32[(a >> 2) + STR_HASH];
  const hb = rt.i32[(b >> 2) + STR_HASH];
  if (ha !== 0 && hb !== 0 && ha !== hb) return false;
  if (!isWide(rt, a) && !isWide(rt, b)) {
    const u16 = rt.u16;
    const ba = (a + DATA) >> 1;
    const bb = (b + DATA) >> 1;
    for (let i = 0; i < n; i++) if (u16[ba + i] !== u16[bb + i]) return false;
    return true;
  }
  for (let i = 0; i < n; i++) if (strCodeAt(rt, a, i) !== strCodeAt(rt, b, i)) return false;
  return true;
}

/** Three-way comparison by code points, as Python orders strs. */
export function strCompare(rt: Runtime, a: Ref, b: Ref): number {
  const na = strLen(rt, a);
  const nb = strLen(rt, b);
  const n = Math.min(na, nb);
  for (let i = 0; i < n; i++) {
    const d = strCodeAt(rt, a, i) - strCodeAt(rt, b, i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return na === nb ? 0 : na < nb ? -1 : 1;
}

export function isInterned(rt: Runtime, ref: Ref): boolean {
  return (rt.i32[(ref >> 2) + OB_KIND] & OF_STR_INTERNED) !== 0;
}

/** Marks a freshly created str as interned and immortal (the intern table itself is in dict.ts). */
export function markInterned(rt: Runtime, ref: Ref, s: string): void {
  rt.makeImmortal(ref);
  rt.i32[(ref >> 2) + OB_KIND] |= OF_STR_INTERNED;
  rt.strCache.set(ref, s);
  rt.internCache.set(s, ref);
}

/** Whether the str equals the JS string `s` (without making a heap str of `s`). */
export function strEqualsJs(rt: Runtime, ref: Ref, s: string): boolean {
  if (isWide(rt, ref) || hasAstral(s)) return strValue(rt, ref) === s;
  const n = rt.i32[(ref >> 2) + STR_LEN];
  if (n !== s.length) return false;
  const base = (ref + DATA) >> 1;
  for (let i = 0; i < n; i++) if (rt.u16[base + i] !== s.charCodeAt(i)) return false;
  return true;
}
