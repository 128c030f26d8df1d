/**
 * Runtime: one thread's view of the shared heap — its allocator, its refcount policy, the
 * well-known objects (None, True, the built-in types …) found through the heap's root slots, and
 * the deallocator that runs when a count reaches zero.
 *
 * There is one Runtime per Python thread (per worker); nothing here is a module-level
 * singleton, so a worker never silently duplicates shared state: what is shared is in the heap.
 */
import { G_PT_LIST, G_PT_LOCK, Heap, ThreadAllocator } from "./heap.js";
import { PerThreadCounts } from "./per_thread_rc.js";
import {
  HEADER_WORDS, IMMORTAL_REFCNT, KIND_FREED, Kind, NULL, OB_KIND, OB_MUTEX, OB_REF_LOCAL,
  OB_REF_SHARED, OB_TID, OB_TYPE, OF_IMMORTAL, type Ref, type Value,
} from "./layout.js";
import {
  AtomicRefcount, BiasedRefcount, CheckedRefcount, PlainRefcount, type RefcountPolicy, type RefcountPolicyName,
} from "./refcount.js";
import { HeapBrcQueues } from "./brc.js";
import { ObjectLocks } from "./object_lock.js";
import { BUILTIN_TYPES, T } from "./types.js";
import { describeSite, freedSite, recordFree, siteNow, type CodeSite, type Site } from "./sanitizer_site.js";

/** The starting count of a would-be immortal object under --no-immortal (see makeImmortal). */
const COUNTED_IMMORTAL_START = 1 << 24;

/** Root slots (in the heap header) of the well-known objects. */
export const R_NONE = 0;
export const R_TRUE = 1;
export const R_FALSE = 2;
export const R_NOTIMPL = 3;
export const R_ELLIPSIS = 4;
export const R_INTERNED = 5; // dict: interned str → itself
export const R_BUILTINS = 6; // the builtins module's dict
export const R_MODULES = 7; // sys.modules
export const R_EMPTY_TUPLE = 8;
export const R_MEMORY_ERROR = 9; // the preallocated MemoryError (raising one must not need memory)
export const R_SHARED = 10; // the shared-state block: the GIL and thread bookkeeping (runtime/gil.ts)
export const R_TYPES = 16; // BUILTIN_TYPES.length slots

/** Type object payload words. */
export const TY_NAME = HEADER_WORDS; //      str
export const TY_BASE = HEADER_WORDS + 1; //  type or NULL
export const TY_DICT = HEADER_WORDS + 2; //  dict of attributes (methods, class variables)
export const TY_INST_KIND = HEADER_WORDS + 3; // Kind of the instances
export const TY_FLAGS = HEADER_WORDS + 4;
export const TY_ID = HEADER_WORDS + 5; //    T of a built-in type, -1 for classes
export const TY_MODULE = HEADER_WORDS + 6; // str: __module__ of a class, NULL for built-ins
export const TY_QUALNAME = HEADER_WORDS + 7; // str or NULL (then the name)
export const TYPE_WORDS = HEADER_WORDS + 8;
export const TF_EXCEPTION = 1;
export const TF_HEAPTYPE = 2;

export interface RuntimeOptions {
  sanitize: boolean;
  /** The refcount policy (runtime/refcount.ts); plain by default. */
  refcount?: RefcountPolicyName;
  /** Immortal objects skip refcounting (default); false is the --no-immortal ablation. */
  immortal?: boolean;
  /**
   * No GIL (--nogil): containers take their per-object locks and freed memory waits for a
   * grace period (QSBR) before reuse. Independent of the refcount policy, so every ablation
   * combines with either mode.
   */
  freeThreaded?: boolean;
  /**
   * How non-owner threads count references to objects they share, under biased refcounting:
   * "atomic" (CPython 3.13t: Atomics on ob_ref_shared) or "per-thread" (hot objects are counted
   * in per-thread tables: runtime/per_thread_rc.ts).
   */
  sharedRc?: "atomic" | "per-thread";
}

/**
 * A fatal error of the memory-safety checker (use after free, double free): the object (type and
 * id), where it was freed (null for a raw block, which keeps no record) and where it was touched.
 */
export class SanitizerError extends Error {
  /** Where the freed object was touched. */
  touchedAt: Site;
  private whereText: string | null = null;
  constructor(
    readonly finding: "use-after-free" | "double-free",
    message: string,
    readonly typeName: string,
    readonly id: Ref,
    readonly freedAt: Site | null,
    private readonly locate: () => Site,
  ) {
    super(message);
    this.name = "SanitizerError";
    this.touchedAt = locate();
  }
  /**
   * "file:line in function" of the touching frame: the interpreter sets it once it has saved the
   * running frame's instruction pointer, which is when the touching line can be read exactly.
   */
  get where(): string | null {
    return this.whereText;
  }
  set where(text: string | null) {
    this.whereText = text;
    this.touchedAt = this.locate();
  }
  report(): string {
    const freed = this.freedAt === null ? "" : `\n  freed by ${describeSite(this.freedAt)}`;
    return `${this.message}${freed}\n  touched by ${describeSite(this.touchedAt)}`;
  }
}

export class Runtime {
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly u16: Uint16Array;
  readonly f64: Float64Array;
  readonly alloc: ThreadAllocator;
  readonly rc: RefcountPolicy;
  readonly sanitize: boolean;
  /** Whether immortal objects skip refcounting (false: the --no-immortal ablation). */
  readonly immortal: boolean;
  /** Whether the run has no GIL (per-object locks on, QSBR on). */
  readonly freeThreaded: boolean;
  /** Per-object locks (critical sections): no-ops under the GIL. */
  readonly locks: ObjectLocks;

  None = 0;
  True = 0;
  False = 0;
  NotImplemented = 0;
  Ellipsis = 0;
  emptyTuple = 0;
  /** Built-in type objects, indexed by T. */
  readonly types: Ref[] = [];

  /** Objects whose count reached zero and wait to be torn down (CPython's "trashcan"). */
  private pending: Ref[] = [];
  private draining = false;
  /** Tears down one object's contents; installed by runtime/dealloc.ts. */
  clearObject: (rt: Runtime, ref: Ref, kind: number) => void = () => {};
  /** The running frame's code object and line (null outside Python code), for the sanitizer; installed by the interpreter. */
  whereNow: () => CodeSite | null = () => null;
  /** Python-level hash and equality (may run user code); installed by the interpreter. */
  hashOf: (v: Value) => number = () => 0;
  eqOf: (a: Value, b: Value) => boolean = (a, b) => a === b;
  /** Per-thread caches of immortal, immutable heap data (interned strs): safe to keep in JS. */
  readonly strCache = new Map<Ref, string>();
  readonly internCache = new Map<string, Ref>();

  constructor(readonly heap: Heap, readonly tid: number, opts: RuntimeOptions) {
    this.i32 = heap.i32;
    this.u32 = heap.u32;
    this.u16 = heap.u16;
    this.f64 = heap.f64;
    this.sanitize = opts.sanitize;
    this.immortal = opts.immortal !== false;
    this.freeThreaded = opts.freeThreaded === true;
    this.alloc = new ThreadAllocator(heap, tid);
    if (opts.sanitize) this.alloc.quarantine = [];
    if (this.freeThreaded) this.alloc.enableQsbr();
    this.locks = new ObjectLocks(heap.i32, OB_MUTEX, this.freeThreaded);
    const dealloc = (ref: Ref) => this.dealloc(ref);
    const immortal = opts.immortal !== false;
    let policy: RefcountPolicy;
    switch (opts.refcount ?? "plain") {
      case "plain": policy = new PlainRefcount(heap.i32, dealloc, immortal); break;
      case "atomic": policy = new AtomicRefcount(heap.i32, dealloc, immortal); break;
      case "biased": {
        const perThread = opts.sharedRc === "per-thread" ? new PerThreadCounts(heap.i32, this.alloc, { lock: G_PT_LOCK, list: G_PT_LIST }) : null;
        policy = new BiasedRefcount(heap.i32, dealloc, immortal, tid, new HeapBrcQueues(this.alloc), perThread);
        break;
      }
    }
    this.rc = opts.sanitize ? new CheckedRefcount(policy, (v, what) => this.checkLive(v, what), (v) => this.isAlive(v)) : policy;
  }

  /** Allocates an object with `payloadWords` words after the header; refcount 1, owned by this thread. */
  newObject(kind: Kind, type: Ref, payloadWords: number): Ref {
    const ref = this.alloc.alloc((HEADER_WORDS + payloadWords) * 4);
    const w = ref >> 2;
    const i32 = this.i32;
    i32[w + OB_TID] = this.tid;
    i32[w + OB_REF_LOCAL] = 1;
    i32[w + OB_REF_SHARED] = 0;
    i32[w + OB_TYPE] = type;
    i32[w + OB_KIND] = kind;
    i32[w + OB_MUTEX] = 0;
    return ref;
  }

  /** Allocates a raw block of `words` words (an items array); not an object. */
  newRaw(words: number): Ref {
    return this.alloc.alloc(Math.max(words, 1) * 4, true);
  }

  freeRaw(ref: Ref): void {
    if (!this.alloc.free(ref)) this.doubleFree(ref, "raw block");
  }

  makeImmortal(ref: Ref): void {
    const w = ref >> 2;
    // With immortality off (--no-immortal) these objects are counted like any other, from a
    // count high enough never to reach zero yet low enough that biased refcounting's merged
    // count (shifted past two flag bits) still fits in 32 bits.
    this.i32[w + OB_REF_LOCAL] = this.immortal ? IMMORTAL_REFCNT : COUNTED_IMMORTAL_START;
    this.i32[w + OB_KIND] |= OF_IMMORTAL;
  }

  kind(v: Value): number {
    return this.i32[(v >> 2) + OB_KIND] & 0xff;
  }
  typeOfRef(ref: Ref): Ref {
    return this.i32[(ref >> 2) + OB_TYPE];
  }

  incref(v: Value): void {
    this.rc.incref(v);
  }
  decref(v: Value): void {
    this.rc.decref(v);
  }
  /** Returns `v` after taking a new reference to it (for returning borrowed values as owned). */
  newRef(v: Value): Value {
    this.rc.incref(v);
    return v;
  }

  /**
   * Called by the refcount policy when a count reaches zero. Objects freed while tearing one
   * down are queued and torn down in a loop, not recursively, so a long chain of objects (a
   * linked list) cannot overflow the stack.
   */
  private dealloc(ref: Ref): void {
    if (this.sanitize) this.checkLive(ref, "dealloc");
    if (this.draining) {
      this.pending.push(ref);
      return;
    }
    this.draining = true;
    try {
      this.destroy(ref);
      while (this.pending.length > 0) this.destroy(this.pending.pop()!);
    } finally {
      this.draining = false;
    }
  }

  private destroy(r: Ref): void {
    const w = r >> 2;
    const kind = this.i32[w + OB_KIND] & 0xff;
    // an object queued twice for teardown (its count reached zero twice) is caught before its
    // contents are torn down a second time
    if (this.sanitize && (kind === KIND_FREED || !this.alloc.isLive(r))) this.doubleFree(r, this.typeNameOf(r), "dealloc");
    this.clearObject(this, r, kind);
    // Poison the kind so a stale reference is recognised; the type word stays for reports.
    this.i32[w + OB_KIND] = KIND_FREED;
    this.i32[w + OB_REF_LOCAL] = 0;
    if (this.sanitize) recordFree(this, r);
    if (!this.alloc.free(r)) this.doubleFree(r, this.typeNameOf(r), "free");
  }

  /** Whether `ref` is a live object (its block not freed, its kind not poisoned). */
  isAlive(ref: Ref): boolean {
    return this.alloc.isLive(ref) && (this.i32[(ref >> 2) + OB_KIND] & 0xff) !== KIND_FREED;
  }

  /**
   * The sanitizer's header check: a freed block used as an object is a fatal error. Dropping a
   * reference to it (a decref, or its count reaching zero again) would free it a second time: a
   * double free; any other touch is a use after free.
   */
  checkLive(ref: Ref, what: string): void {
    if (this.alloc.isLive(ref) && (this.i32[(ref >> 2) + OB_KIND] & 0xff) !== KIND_FREED) return;
    const typeName = this.typeNameOf(ref);
    if (what === "decref" || what === "dealloc") this.doubleFree(ref, typeName, what);
    throw new SanitizerError(
      "use-after-free",
      `gilvm: use-after-free: ${what} of a freed '${typeName}' object at 0x${ref.toString(16)}`,
      typeName, ref, freedSite(this, ref), () => siteNow(this),
    );
  }

  /**
   * A block freed twice: an object's (`how` it was freed again; with the sanitizer it recorded
   * where it was freed the first time) or, with `how` null, a raw block's (no record).
   */
  private doubleFree(ref: Ref, typeName: string, how: "decref" | "dealloc" | "free" | null = null): never {
    const what = how === null ? typeName : `'${typeName}' object`;
    const again = how === "decref" ? " (a decref after its count reached zero)" : "";
    throw new SanitizerError(
      "double-free",
      `gilvm: double-free: ${what} at 0x${ref.toString(16)} freed twice${again}`,
      typeName, ref, how === null || !this.sanitize ? null : freedSite(this, ref), () => siteNow(this),
    );
  }

  /** The type name of an object, read straight from the heap (works on freed objects too). */
  typeNameOf(ref: Ref): string {
    const type = this.i32[(ref >> 2) + OB_TYPE];
    if (type === NULL) return "?";
    const name = this.i32[(type >> 2) + TY_NAME];
    if (name === NULL) return "?";
    const len = this.i32[(name >> 2) + HEADER_WORDS];
    let s = "";
    const base = (name + 32) >> 1;
    for (let i = 0; i < len && i < 200; i++) s += String.fromCharCode(this.u16[base + i]);
    return s;
  }

  /** Loads the well-known objects' references from the heap's root slots. */
  loadRoots(): void {
    const h = this.heap;
    this.None = h.root(R_NONE);
    this.True = h.root(R_TRUE);
    this.False = h.root(R_FALSE);
    this.NotImplemented = h.root(R_NOTIMPL);
    this.Ellipsis = h.root(R_ELLIPSIS);
    this.emptyTuple = h.root(R_EMPTY_TUPLE);
    for (let i = 0; i < BUILTIN_TYPES.length; i++) this.types[i] = h.root(R_TYPES + i);
  }

  /**
   * Creates the built-in types and singletons (once per heap, by the first thread). Type
   * objects come first, with their names and dicts filled in by `finishTypes` once str and dict
   * exist (they need the types to exist).
   */
  bootstrapTypes(): void {
    const n = BUILTIN_TYPES.length;
    for (let i = 0; i < n; i++) {
      const ref = this.newObject(Kind.TYPE, NULL, TYPE_WORDS - HEADER_WORDS);
      this.makeImmortal(ref);
      this.types[i] = ref;
      this.heap.setRoot(R_TYPES + i, ref);
    }
    const typeType = this.types[T.type];
    for (let i = 0; i < n; i++) {
      const spec = BUILTIN_TYPES[i];
      const w = this.types[i] >> 2;
      this.i32[w + OB_TYPE] = typeType;
      this.i32[w + TY_NAME] = NULL;
      this.i32[w + TY_BASE] = spec.base === null ? NULL : this.types[spec.base];
      this.i32[w + TY_DICT] = NULL;
      this.i32[w + TY_INST_KIND] = spec.kind;
      this.i32[w + TY_FLAGS] = i >= T.BaseException ? TF_EXCEPTION : 0;
      this.i32[w + TY_ID] = i;
      this.i32[w + TY_MODULE] = NULL;
      this.i32[w + TY_QUALNAME] = NULL;
    }
    const single = (kind: Kind, type: T, slot: number, payload = 0): Ref => {
      const ref = this.newObject(kind, this.types[type], 1);
      this.i32[(ref >> 2) + HEADER_WORDS] = payload;
      this.makeImmortal(ref);
      this.heap.setRoot(slot, ref);
      return ref;
    };
    this.None = single(Kind.NONE, T.NoneType, R_NONE);
    this.True = single(Kind.BOOL, T.bool, R_TRUE, 1);
    this.False = single(Kind.BOOL, T.bool, R_FALSE, 0);
    this.NotImplemented = single(Kind.SINGLETON, T.NotImplementedType, R_NOTIMPL);
    this.Ellipsis = single(Kind.SINGLETON, T.ellipsis, R_ELLIPSIS);
    const empty = this.newObject(Kind.TUPLE, this.types[T.tuple], 1);
    this.i32[(empty >> 2) + HEADER_WORDS] = 0;
    this.makeImmortal(empty);
    this.heap.setRoot(R_EMPTY_TUPLE, empty);
    this.emptyTuple = empty;
  }

  bool(b: boolean): Value {
    return b ? this.True : this.False;
  }
}
