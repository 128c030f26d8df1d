/**
 * Layout of values, heap blocks and object headers in the shared heap.
 *
 * A Python value is one 32-bit word:
 *
 *   ┌──────────────────────────────┬─┐
 *   │ 31-bit signed integer        │1│  tagged small int (-2**30 .. 2**30-1): no object, no refcount
 *   ├──────────────────────────────┼─┤
 *   │ byte offset of an object     │0│  object reference (8-byte aligned); 0 is NULL
 *   └──────────────────────────────┴─┘
 *
 * Tagged small ints stand in for CPython's immortal small-int cache: like those, they cost no
 * refcount traffic (and the counters say so: `tagged_skips`).
 *
 * Every allocation is a block with an 8-byte prefix in front of what the caller gets:
 *
 *   word -2  size class | owner thread id << 8     (which free list the block returns to)
 *   word -1  BLOCK_LIVE or BLOCK_FREED             (the sanitizer's double-free/UAF check)
 *   word  0… the caller's bytes (an object header, or the raw words of an items array)
 *
 * An object starts with a header modelled on CPython's free-threaded PyObject (Include/object.h
 * with Py_GIL_DISABLED), one 32-bit word each:
 *
 *   word 0  OB_TID        owner thread id: the thread that allocated it (biased refcounting)
 *   word 1  OB_REF_LOCAL  refcount of the owner; under the GIL (plain policy) the whole count.
 *                         IMMORTAL_REFCNT marks an immortal object.
 *   word 2  OB_REF_SHARED count from other threads << 2 | flags (SHARED_MERGED, SHARED_QUEUED)
 *   word 3  OB_TYPE       reference to the type object
 *   word 4  OB_KIND       Kind (low 8 bits; which layout the payload has) | OF_* flag bits (8–11)
 *                         | a per-thread-counted object's slot (bits 12–31, runtime/per_thread_rc.ts)
 *   word 5  OB_MUTEX      per-object lock word (containers' critical sections)
 *   word 6… payload, laid out per kind (constants below)
 */

export type Value = number;
/** A reference to a heap object: a non-zero, 8-aligned byte offset. */
export type Ref = number;

export const NULL = 0;

export const OB_TID = 0;
export const OB_REF_LOCAL = 1;
export const OB_REF_SHARED = 2;
export const OB_TYPE = 3;
export const OB_KIND = 4;
export const OB_MUTEX = 5;
export const HEADER_WORDS = 6;

/** The refcount sentinel of immortal objects (CPython 3.13t uses UINT32_MAX in ob_ref_local). */
export const IMMORTAL_REFCNT = 0x3fffffff;
export const SHARED_FLAG_BITS = 2;
export const SHARED_MERGED = 0x1;
export const SHARED_QUEUED = 0x2;

export const BLOCK_PREFIX_BYTES = 8;
export const BLOCK_LIVE = 0x11ce0b1c;
export const BLOCK_FREED = 0x0dead0f7;
/** What a freed object's kind word becomes, so a stale reference is recognised. */
export const KIND_FREED = 0xff;

/** Flag bits in the OB_KIND word above the kind byte. */
export const OF_IMMORTAL = 1 << 8;
/** A str whose characters need 32 bits (else 16). */
export const OF_STR_WIDE = 1 << 9;
/** An interned str. */
export const OF_STR_INTERNED = 1 << 10;

/** Payload layouts: which words follow the header. */
export const enum Kind {
  NONE = 1, //        no payload
  BOOL, //            w6: 0 or 1
  INT, //             w6: signed digit count (sign of the int), w7…: 32-bit magnitude digits, little-endian
  FLOAT, //           bytes 24..31: the float64
  STR, //             w6: length in code points, w7: hash (0 = not yet), w8…: UTF-16 units or code points
  TUPLE, //           w6: length, w7…: items
  LIST, //            w6: length, w7: capacity, w8: items block (raw words)
  DICT, //            see runtime/dict.ts (sets share it)
  SET, //             same layout as DICT, values unused
  RANGE, //           w6 start, w7 stop, w8 step (Values), w9 length (small)
  SLICE, //           w6 start, w7 stop, w8 step (Values, None allowed)
  FUNCTION, //        see runtime/function.ts
  BUILTIN, //         w6: builtin id, w7: bound self or NULL, w8: name (str)
  CODE, //            see runtime/code.ts
  CELL, //            w6: contents or NULL
  GENERATOR, //       see runtime/generator.ts
  TYPE, //            see runtime/type.ts
  INSTANCE, //        w6: attribute dict; exceptions also w7 args, w8 traceback, w9 cause, w10 context, w11 flags
  METHOD, //          w6: function, w7: self
  MODULE, //          w6: name (str), w7: dict
  ITER, //            w6: IterKind, w7: source, w8: index, w9…: per kind (see runtime/iter.ts)
  DICT_VIEW, //       w6: dict, w7: 0 keys / 1 values / 2 items
  PROPERTY, //        w6: fget
  STATICMETHOD, //    w6: function
  CLASSMETHOD, //     w6: function
  TRACEBACK, //       w6: next traceback, w7: code, w8: line
  SINGLETON, //       NotImplemented, Ellipsis: no payload
  SUPER, //           w6: type, w7: object
  LOCK, //            w6: lock word (0 free, 1 held; Atomics), w7: owner's thread ident
}

export const FLOAT_BYTE_OFFSET = 24;

export function isTagged(v: Value): boolean {
  return (v & 1) === 1;
}
export const SMALL_MAX = 0x3fffffff;
export const SMALL_MIN = -0x40000000;
export function tag(n: number): Value {
  return (n << 1) | 1;
}
export function untag(v: Value): number {
  return v >> 1;
}
