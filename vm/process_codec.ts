/**
 * The process pool's wire format: Python values turned into bytes in one heap and back into new
 * objects in another (each process has its own). It stands in for pickle, on a smaller domain:
 *
 *   N None   T True   F False
 *   i int32            a small int
 *   I u32 n, n bytes   any other int, as ASCII hexadecimal (sign first)
 *   f float64          a float, bit for bit (signed zeros, inf and nan kept)
 *   s u32 n, n units   a str, as UTF-16LE code units
 *   t l S Z u32 n …    tuple, list, set, frozenset of n items
 *   d u32 n …          dict of n key, value pairs, in order
 *   R str str          a module-level function, built-in function or class, by module and
 *                      qualified name (as pickle saves them: the receiver imports the module
 *                      and looks the name up, so it must be reachable there)
 *
 * Only the exact built-in types: anything else (instances, subclasses, locks, generators…) is
 * CPython's "cannot pickle 'X' object" TypeError. Containers are sent as trees: an object that
 * contains itself cannot be sent, and one reached twice arrives as two copies.
 */
import type { Interpreter } from "./interpreter.js";
import { Kind, NULL, type Ref, type Value } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import { T } from "../runtime/types.js";
import { TY_MODULE, TY_NAME, TY_QUALNAME } from "../runtime/context.js";
import { BI_ID, BI_SELF, FN_MODULE, FN_QUALNAME } from "../runtime/function.js";
import { bigIntValue, newInt } from "../runtime/int.js";
import { floatValue, newFloat } from "../runtime/float.js";
import { newStr, strValue } from "../runtime/str.js";
import { newTuple, tupleItems } from "../runtime/tuple.js";
import { listSnapshot, newList, releaseAll } from "../runtime/list.js";
import { dictGetStrRef, dictKeysSnapshot, dictSet, dictSnapshot, newDict, releasePairs } from "../runtime/dict.js";
import { intern } from "../runtime/intern.js";
import { NATIVES } from "./natives.js";
import { importModule } from "./modules.js";
import * as A from "./abstract.js";

/** A function or class that pickle could not save by reference: CPython's PicklingError. */
export class ReferenceFailure extends Error {}

const enum Tag {
  None = 0x4e, // N
  True = 0x54, // T
  False = 0x46, // F
  SmallInt = 0x69, // i
  BigInt = 0x49, // I
  Float = 0x66, // f
  Str = 0x73, // s
  Tuple = 0x74, // t
  List = 0x6c, // l
  Set = 0x53, // S
  FrozenSet = 0x5a, // Z
  Dict = 0x64, // d
  Reference = 0x52, // R
}

/** A growing byte buffer. */
class Writer {
  private buf = Buffer.allocUnsafe(256);
  private len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.len++] = b;
  }
  u32(n: number): void {
    this.room(4);
    this.buf.writeUInt32LE(n, this.len);
    this.len += 4;
  }
  i32(n: number): void {
    this.room(4);
    this.buf.writeInt32LE(n, this.len);
    this.len += 4;
  }
  f64(x: number): void {
    this.room(8);
    this.buf.writeDoubleLE(x, this.len);
    this.len += 8;
  }
  /** A JS string as a length (in code units) and its UTF-16LE units (lone surrogates kept). */
  str(s: string): void {
    this.u32(s.length);
    this.room(s.length * 2);
    this.len += this.buf.write(s, this.len, "utf16le");
  }
  ascii(s: string): void {
    this.u32(s.length);
    this.room(s.length);
    this.len += this.buf.write(s, this.len, "latin1");
  }
  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

class Reader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  byte(): number {
    this.need(1);
    return this.buf[this.pos++];
  }
  u32(): number {
    this.need(4);
    const n = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return n;
  }
  i32(): number {
    this.need(4);
    const n = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return n;
  }
  f64(): number {
    this.need(8);
    const x = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return x;
  }
  str(): string {
    const n = this.u32();
    this.need(n * 2);
    const s = this.buf.toString("utf16le", this.pos, this.pos + n * 2);
    this.pos += n * 2;
    return s;
  }
  ascii(): string {
    const n = this.u32();
    this.need(n);
    const s = this.buf.toString("latin1", this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  atEnd(): boolean {
    return this.pos === this.buf.length;
  }
  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new PyError("EOFError", "Ran out of input");
  }
}

/** The module and qualified name a function, built-in function or class is saved under. */
function referenceName(vm: Interpreter, v: Ref, kind: number): [string, string] | null {
  const rt = vm.rt;
  const i32 = vm.i32;
  const w = v >> 2;
  if (kind === Kind.FUNCTION) {
    const m = i32[w + FN_MODULE];
    return [m === NULL || A.kindOf(vm, m) !== Kind.STR ? "__main__" : strValue(rt, m), strValue(rt, i32[w + FN_QUALNAME])];
  }
  if (kind === Kind.BUILTIN) {
    const info = NATIVES[i32[w + BI_ID]];
    // a bound method (`[].append`) or a method of a type has no module-level name
    if (i32[w + BI_SELF] !== NULL || info.module === null) return null;
    return [info.module, info.name];
  }
  if (kind === Kind.TYPE) {
    const m = i32[w + TY_MODULE];
    const q = i32[w + TY_QUALNAME];
    return [m === NULL ? "builtins" : strValue(rt, m), strValue(rt, q === NULL ? i32[w + TY_NAME] : q)];
  }
  return null;
}

/**
 * `module.qualname` looked up as an unpickler does (owned); the module is imported when
 * `importIt` (the receiving side), else it must be loaded already. Null when a step fails.
 */
function resolveReference(vm: Interpreter, module: string, qualname: string, importIt: boolean): Value {
  const rt = vm.rt;
  let obj: Value;
  if (module === "builtins") obj = rt.newRef(vm.builtins);
  else if (importIt) obj = importModule(vm, module, true);
  else obj = dictGetStrRef(rt, vm.modules, module);
  if (obj === NULL) return NULL;
  const parts = qualname.split(".");
  for (let i = 0; i < parts.length; i++) {
    let next: Value;
    if (i === 0 && module === "builtins") next = dictGetStrRef(rt, obj, parts[0]);
    else next = A.getAttrOrNull(vm, obj, intern(rt, parts[i]));
    rt.decref(obj);
    if (next === NULL) return NULL;
    obj = next;
  }
  return obj;
}

/** Checks, as pickle's save_global does, that the receiver will find `v` by its name. */
function checkReference(vm: Interpreter, v: Ref, module: string, qualname: string): void {
  if (qualname.split(".").includes("<locals>")) {
    throw new PyError("AttributeError", `Can't pickle local object '${qualname}'`);
  }
  const found = resolveReference(vm, module, qualname, false);
  if (found === NULL) {
    throw new ReferenceFailure(`Can't pickle ${A.repr(vm, v)}: attribute lookup ${qualname} on ${module} failed`);
  }
  const same = found === v;
  vm.rt.decref(found);
  if (!same) throw new ReferenceFailure(`Can't pickle ${A.repr(vm, v)}: it's not the same object as ${module}.${qualname}`);
}

function cannotPickle(vm: Interpreter, v: Value): PyError {
  return new PyError("TypeError", `cannot pickle '${A.typeName(vm, v)}' object`);
}

function encodeInto(vm: Interpreter, out: Writer, v: Value, active: Set<Ref>): void {
  const rt = vm.rt;
  if ((v & 1) !== 0) {
    out.byte(Tag.SmallInt);
    out.i32(v >> 1);
    return;
  }
  const kind = A.kindOf(vm, v);
  const type = A.typeOf(vm, v);
  const exact = (t: T) => type === rt.types[t];
  switch (kind) {
    case Kind.NONE:
      out.byte(Tag.None);
      return;
    case Kind.BOOL:
      out.byte(v === rt.True ? Tag.True : Tag.False);
      return;
    case Kind.INT:
      if (!exact(T.int)) break;
      out.byte(Tag.BigInt);
      out.ascii(bigIntValue(rt, v).toString(16));
      return;
    case Kind.FLOAT:
      if (!exact(T.float)) break;
      out.byte(Tag.Float);
      out.f64(floatValue(rt, v));
      return;
    case Kind.STR:
      if (!exact(T.str)) break;
      out.byte(Tag.Str);
      out.str(strValue(rt, v));
      return;
    case Kind.FUNCTION:
    case Kind.BUILTIN:
    case Kind.TYPE: {
      const name = referenceName(vm, v, kind);
      if (name === null) break;
      checkReference(vm, v, name[0], name[1]);
      out.byte(Tag.Reference);
      out.str(name[0]);
      out.str(name[1]);
      return;
    }
    case Kind.TUPLE:
    case Kind.LIST:
    case Kind.SET:
    case Kind.DICT:
      if (!exact(T.tuple) && !exact(T.list) && !exact(T.set) && !exact(T.frozenset) && !exact(T.dict)) break;
      if (active.has(v)) {
        throw new PyError("ValueError", `cannot pickle a '${A.typeName(vm, v)}' object that contains itself`);
      }
      active.add(v);
      try {
        encodeContainer(vm, out, v, kind, active);
      } finally {
        active.delete(v);
      }
      return;
  }
  throw cannotPickle(vm, v);
}

function encodeContainer(vm: Interpreter, out: Writer, v: Ref, kind: number, active: Set<Ref>): void {
  const rt = vm.rt;
  if (kind === Kind.TUPLE) {
    const items = tupleItems(rt, v);
    out.byte(Tag.Tuple);
    out.u32(items.length);
    for (const x of items) encodeInto(vm, out, x, active);
    return;
  }
  if (kind === Kind.DICT) {
    const pairs = dictSnapshot(rt, v);
    try {
      out.byte(Tag.Dict);
      out.u32(pairs.length);
      for (const [k, x] of pairs) {
        encodeInto(vm, out, k, active);
        encodeInto(vm, out, x, active);
      }
    } finally {
      releasePairs(rt, pairs);
    }
    return;
  }
  const items = kind === Kind.LIST ? listSnapshot(rt, v) : dictKeysSnapshot(rt, v);
  try {
    out.byte(kind === Kind.LIST ? Tag.List : A.typeOf(vm, v) === rt.types[T.frozenset] ? Tag.FrozenSet : Tag.Set);
    out.u32(items.length);
    for (const x of items) encodeInto(vm, out, x, active);
  } finally {
    releaseAll(rt, items);
  }
}

/** The bytes of `v` (PyError for what cannot be sent; ReferenceFailure for a name not found). */
export function encodeValue(vm: Interpreter, v: Value): Buffer {
  const out = new Writer();
  encodeInto(vm, out, v, new Set());
  return out.bytes();
}

/** Decodes `n` values, dropping them all if one fails. */
function decodeMany(vm: Interpreter, r: Reader, n: number): Value[] {
  const items: Value[] = [];
  try {
    for (let i = 0; i < n; i++) items.push(decodeFrom(vm, r));
  } catch (e) {
    releaseAll(vm.rt, items);
    throw e;
  }
  return items;
}

/** A new set or dict filled from decoded items (keys and values alternate for a dict). */
function buildTable(vm: Interpreter, items: Value[], kind: Kind.DICT | Kind.SET, type: T): Ref {
  const rt = vm.rt;
  const table = newDict(rt, kind, rt.types[type]);
  try {
    if (kind === Kind.DICT) for (let i = 0; i < items.length; i += 2) dictSet(rt, table, items[i], items[i + 1]);
    else for (const x of items) dictSet(rt, table, x, NULL);
  } catch (e) {
    rt.decref(table);
    throw e;
  } finally {
    releaseAll(rt, items);
  }
  return table;
}

function decodeFrom(vm: Interpreter, r: Reader): Value {
  const rt = vm.rt;
  const tag = r.byte();
  switch (tag) {
    case Tag.None: return rt.newRef(rt.None);
    case Tag.True: return rt.newRef(rt.True);
    case Tag.False: return rt.newRef(rt.False);
    case Tag.SmallInt: return newInt(rt, BigInt(r.i32()));
    case Tag.BigInt: {
      const hex = r.ascii();
      return newInt(rt, hex.startsWith("-") ? -BigInt("0x" + hex.slice(1)) : BigInt("0x" + hex));
    }
    case Tag.Float: return newFloat(rt, r.f64());
    case Tag.Str: return newStr(rt, r.str());
    case Tag.Tuple: return newTuple(rt, decodeMany(vm, r, r.u32()));
    case Tag.List: return newList(rt, decodeMany(vm, r, r.u32()));
    case Tag.Set: return buildTable(vm, decodeMany(vm, r, r.u32()), Kind.SET, T.set);
    case Tag.FrozenSet: return buildTable(vm, decodeMany(vm, r, r.u32()), Kind.SET, T.frozenset);
    case Tag.Dict: return buildTable(vm, decodeMany(vm, r, r.u32() * 2), Kind.DICT, T.dict);
    case Tag.Reference: {
      const module = r.str();
      const qualname = r.str();
      const found = resolveReference(vm, module, qualname, true);
      if (found !== NULL) return found;
      const m = dictGetStrRef(rt, vm.modules, module);
      const where = m === NULL ? `'${module}'` : A.repr(vm, m);
      rt.decref(m);
      throw new PyError("AttributeError", `Can't get attribute '${qualname}' on ${where}`);
    }
  }
  throw new PyError("ValueError", `gilvm process pool: corrupt message (tag ${tag})`);
}

/** The value (owned) that `bytes` encode. */
export function decodeValue(vm: Interpreter, bytes: Buffer): Value {
  const r = new Reader(bytes);
  const v = decodeFrom(vm, r);
  if (!r.atEnd()) {
    vm.rt.decref(v);
    throw new PyError("ValueError", "gilvm process pool: corrupt message (trailing bytes)");
  }
  return v;
}
