/**
 * The shared heap: one SharedArrayBuffer holding every Python object, code object, frame and
 * thread state, and the size-class allocator that carves it.
 *
 * Growth. Node 20's growable SharedArrayBuffer does not update existing typed-array views after
 * `grow()` (checked on this machine: a view created before or even after the grow keeps the old
 * length), so the buffer is created at its cap (`--heap-mb`, default 512 MiB) and grows
 * logically: a global bump pointer (`G_TOP`) hands out space, and the operating system commits a
 * page only when it is first written. `peak_heap_bytes` is that bump pointer's high-water mark.
 * Running past the cap raises MemoryError.
 *
 * Allocation is built for many threads from the start, in the spirit of mimalloc (which CPython
 * 3.13t uses): each thread takes 64 KiB chunks from the global bump pointer with one
 * `Atomics.add` and carves them into blocks of its own; each thread has its own free lists (one
 * per size class) in its thread-state block in the heap. Size classes are multiples of 8 bytes up
 * to 1 KiB, then powers of two. The heap can be walked block by block (the sanitizer's leak check
 * does): every block records its size class in its prefix, a chunk's unused tail is sealed
 * with a HOLE record when its thread moves on to a new chunk, and the chunk a thread is still
 * carving is published in its thread-state block, so the walk can step over its tail too.
 */
import { PyError } from "./py_error.js";
import { BLOCK_FREED, BLOCK_LIVE, BLOCK_PREFIX_BYTES, type Ref } from "./layout.js";

/** Global header words (word indexes from 0). */
export const G_MAGIC = 0;
export const G_TOP = 1; //          bump pointer, in bytes
export const G_CAP = 2; //          capacity, in bytes
export const G_NEXT_TID = 3; //     one past the highest thread id with a thread-state block (QSBR scans below it)
export const G_QSBR_SEQ = 4; //     QSBR's global write sequence (see ThreadAllocator.quiescent)
export const G_PT_LOCK = 5; //      per-thread refcounts: lock of the registry below (runtime/per_thread_rc.ts)
export const G_PT_LIST = 6; //      raw block of the objects flagged for per-thread counting

/** The thread-state block (word index) of thread `tid`, read from the heap's thread table. */
export function threadStateOf(i32: Int32Array, tid: number): number {
  return i32[G_THREADS + tid] >> 2;
}
export const G_ROOTS = 8; //        well-known objects (see runtime/context.ts), ROOT_SLOTS words
export const ROOT_SLOTS = 120;
export const G_THREADS = 128; //    thread-state block of each thread id, MAX_THREADS words
export const MAX_THREADS = 1024;
export const HEAP_START = (G_THREADS + MAX_THREADS) * 4;
const HEAP_MAGIC = 0x67696c76; // "gilv"

const CHUNK_BYTES = 64 * 1024;
/** Blocks at least this big bypass chunks and come straight from the global bump pointer. */
const LARGE_BYTES = 16 * 1024;

export const SMALL_CLASSES = 128; // classes 1..128: blocks of 8..1024 bytes
export const NUM_CLASSES = SMALL_CLASSES + 22; // then 2 KiB .. 4 GiB
const HOLE_MARK = 0x486f6c65; // "Hole": a sealed chunk tail, word +1 holds its size
/** Prefix word -2: class (8 bits) | owner tid << 8 (20 bits) | RAW (a block without an object header). */
export const PREFIX_RAW = 1 << 30;
const PREFIX_TID_SHIFT = 8;
const PREFIX_TID_MASK = 0xfffff;

export function classOfSize(total: number): number {
  if (total <= 1024) return (total + 7) >> 3;
  return SMALL_CLASSES + Math.ceil(Math.log2(total)) - 10;
}
export function sizeOfClass(cls: number): number {
  return cls <= SMALL_CLASSES ? cls << 3 : 2 ** (cls - SMALL_CLASSES + 10);
}

/** Thread-state block: words every thread keeps in the heap (its allocator's free lists first). */
export const TS_FREE = 0; //                  NUM_CLASSES free-list heads of object blocks (block prefix offsets)
export const TS_FREE_RAW = NUM_CLASSES; //     NUM_CLASSES free-list heads of raw blocks (items arrays, tables)
export const TS_DELAYED = 2 * NUM_CLASSES; //  blocks other threads freed for us (atomic push)
export const TS_HANDLED_EXC = TS_DELAYED + 1; // the exception being handled (sys.exc_info())
export const TS_FRAME = TS_DELAYED + 2; //     innermost frame (word index), for tracebacks and root scans
export const TS_STACK_BASE = TS_DELAYED + 3; // this thread's frame region (byte offset)
export const TS_STACK_END = TS_DELAYED + 4;
export const TS_STATE = TS_DELAYED + 5; //     ThreadRunState of the Python thread on this worker
export const TS_BLOCK_KIND = TS_DELAYED + 6; // what a blocked thread waits on (BlockKind)
export const TS_BLOCK_TIMEOUT = TS_DELAYED + 7; // 1 when that wait has a timeout (it cannot deadlock)
export const TS_IDENT = TS_DELAYED + 8; //     the Python thread's ident (threading.get_ident())
export const TS_NAME = TS_DELAYED + 9; //      its name (an interned str) or NULL
export const TS_EVAL_BREAKER = TS_DELAYED + 10; // EB_* bits: why this thread must stop at its next check
export const TS_BRC_LOCK = TS_DELAYED + 11; //  biased refcounting: lock word of the queue below
export const TS_BRC_QUEUE = TS_DELAYED + 12; // raw block: [count, capacity, objects…] queued to this owner
export const TS_CHUNK_START = TS_DELAYED + 13; // the chunk this thread carves now (not sealed yet), byte offset
export const TS_CHUNK_END = TS_DELAYED + 14; //   and its end: the heap walk skips its unused tail with these
export const TS_QSBR = TS_DELAYED + 15; //  QSBR: the write sequence this thread saw at its last quiescent state; 0 offline
export const TS_BLOCK_ON = TS_DELAYED + 16; // word index of the lock word a blocked thread waits for (0: none)
export const TS_WORDS = TS_DELAYED + 18;

/** TS_EVAL_BREAKER bits (CPython 3.13 keeps its eval breaker per thread too). */
export const EB_GIL_DROP = 1; //   another thread asked for the GIL
export const EB_BRC = 2; //        objects wait in this thread's biased-refcount queue
export const EB_SIGINT = 4; //     Ctrl-C (the main thread only)
export const EB_FINALIZE = 8; //   the main thread is tearing down: a daemon thread must stop for good
export const EB_SETTLE = 16; //    the main thread is alone again: settle the per-thread counted objects

/** TS_STATE values. */
export const enum ThreadRunState { IDLE = 0, RUNNING = 1, GIL_WAIT = 2, BLOCKED = 3, EXITED = 4 }
/** TS_BLOCK_KIND values, and their names for reports and traces. */
export const BLOCK_KINDS = ["sleep", "lock", "join", "queue", "condition", "event", "semaphore", "barrier", "future"] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export class Heap {
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly u16: Uint16Array;
  readonly f64: Float64Array;

  constructor(readonly sab: SharedArrayBuffer) {
    this.i32 = new Int32Array(sab);
    this.u32 = new Uint32Array(sab);
    this.u16 = new Uint16Array(sab);
    this.f64 = new Float64Array(sab);
  }

  /** Creates and initialises a new heap of `capBytes` bytes. */
  static create(capBytes: number): Heap {
    const cap = Math.max(1 << 20, Math.floor(capBytes / 8) * 8);
    const heap = new Heap(new SharedArrayBuffer(cap));
    heap.i32[G_MAGIC] = HEAP_MAGIC;
    heap.i32[G_TOP] = HEAP_START;
    heap.i32[G_QSBR_SEQ] = QSBR_OFFLINE + 1;
    heap.i32[G_CAP] = cap >= 2 ** 31 ? 2 ** 31 - 8 : cap;
    return heap;
  }

  get top(): number {
    return Atomics.load(this.i32, G_TOP);
  }
  get capacity(): number {
    return this.i32[G_CAP];
  }

  /** Takes `bytes` (a multiple of 8) from the global bump pointer; MemoryError past the cap. */
  bump(bytes: number): number {
    const at = Atomics.add(this.i32, G_TOP, bytes);
    if (at + bytes > this.i32[G_CAP] || at + bytes < at) {
      Atomics.sub(this.i32, G_TOP, bytes);
      throw new PyError("MemoryError", "");
    }
    return at;
  }

  root(slot: number): number {
    return this.i32[G_ROOTS + slot];
  }
  setRoot(slot: number, v: number): void {
    this.i32[G_ROOTS + slot] = v;
  }

  /**
   * Calls `visit(ref, raw)` for every live block in the heap, in address order. Every thread's
   * allocator may still be carving a chunk of its own (a parked pooled worker, a thread still
   * running at exit: nobody can seal those for it): the unused tail of such a chunk (zeroes,
   * never handed out) is skipped up to the chunk's end, which each thread publishes in its
   * thread-state block (TS_CHUNK_START/TS_CHUNK_END), so the walk goes on past it.
   */
  forEachLiveBlock(visit: (ref: Ref, raw: boolean) => void): void {
    const i32 = this.i32;
    const top = this.top;
    const open: [number, number][] = [];
    for (let tid = 0; tid < MAX_THREADS; tid++) {
      if (i32[G_THREADS + tid] === 0) continue; // slots fill as workers finish loading, not in order
      const ts = i32[G_THREADS + tid] >> 2;
      if (i32[ts + TS_CHUNK_END] !== 0) open.push([i32[ts + TS_CHUNK_START], i32[ts + TS_CHUNK_END]]);
    }
    let p = HEAP_START;
    while (p < top) {
      const w = p >> 2;
      if (i32[w] === HOLE_MARK) {
        p += i32[w + 1];
        continue;
      }
      const prefix = i32[w];
      const cls = prefix & 0xff;
      if (cls === 0) {
        // the unused tail of a chunk some thread is still carving: go on after that chunk
        const chunk = open.find(([start, end]) => start <= p && p < end);
        if (chunk === undefined) break; // nothing was handed out past here
        p = chunk[1];
        continue;
      }
      if (i32[w + 1] === BLOCK_LIVE) visit(p + BLOCK_PREFIX_BYTES, (prefix & PREFIX_RAW) !== 0);
      p += sizeOfClass(cls);
    }
  }
}

/** TS_QSBR of a thread that runs no Python code (blocked, idle, exited): it holds no borrowed pointers. */
export const QSBR_OFFLINE = 0;
/** Frees between two advances of the global write sequence (CPython's QSBR_DEFERRED_LIMIT is 10). */
const QSBR_ADVANCE_EVERY = 64;
/** Eval-loop ticks (backward jumps, frame entries) between two quiescent states. */
const QSBR_POLL_TICKS = 512;

export interface AllocCounters {
  allocs: number;
  frees: number;
  /** Frees of blocks another thread allocated (they travel back through its delayed-free list). */
  crossThreadFrees: number;
  /** Frees that waited for every thread to pass a quiescent state before the block could be reused. */
  deferredFrees: number;
  /** Atomics read-modify-writes: chunk bumps, delayed-free pushes and takes, QSBR sequence advances. */
  atomicOps: number;
  allocBytes: number;
  freeBytes: number;
  peakLiveBytes: number;
}

/**
 * One thread's allocator. Only its own thread calls alloc/free on it; blocks it frees that
 * belong to another thread go back to their owner through that owner's delayed-free list.
 */
export class ThreadAllocator {
  private chunkCur = 0;
  private chunkEnd = 0;
  /** Word index of this thread's state block. */
  readonly ts: number;
  readonly counters: AllocCounters = { allocs: 0, frees: 0, crossThreadFrees: 0, deferredFrees: 0, atomicOps: 0, allocBytes: 0, freeBytes: 0, peakLiveBytes: 0 };
  /** When set (the sanitizer), freed blocks wait here before they may be reused. */
  quarantine: number[] | null = null;
  quarantineLimit = 4096;

  constructor(readonly heap: Heap, readonly tid: number) {
    const bytes = (TS_WORDS * 4 + 7) & ~7;
    const cls = classOfSize(bytes + BLOCK_PREFIX_BYTES);
    const at = heap.bump(sizeOfClass(cls)); // the whole class size: the heap walk steps by it
    heap.i32[at >> 2] = cls | PREFIX_RAW | (tid << PREFIX_TID_SHIFT);
    heap.i32[(at >> 2) + 1] = BLOCK_LIVE;
    this.ts = (at + BLOCK_PREFIX_BYTES) >> 2;
    this.ownObjectPrefix = tid << PREFIX_TID_SHIFT;
    heap.i32.fill(0, this.ts, this.ts + TS_WORDS);
    heap.i32[G_THREADS + tid] = at + BLOCK_PREFIX_BYTES;
    for (let next = Atomics.load(heap.i32, G_NEXT_TID); next <= tid; ) {
      const seen = Atomics.compareExchange(heap.i32, G_NEXT_TID, next, tid + 1);
      if (seen === next) break;
      next = seen;
    }
  }

  /** Allocates a block of at least `bytes` bytes; `raw` marks blocks that hold no object header. */
  alloc(bytes: number, raw = false): Ref {
    const total = (bytes + BLOCK_PREFIX_BYTES + 7) & ~7;
    const cls = classOfSize(total);
    const i32 = this.heap.i32;
    const headSlot = this.ts + (raw ? TS_FREE_RAW : TS_FREE) + cls;
    let p = i32[headSlot];
    if (p === 0 && Atomics.load(i32, this.ts + TS_DELAYED) !== 0) {
      this.counters.atomicOps++;
      this.takeDelayedFrees();
      p = i32[headSlot];
    }
    if (p !== 0) {
      i32[headSlot] = i32[(p >> 2) + 2]; // next link lives in the block's first payload word
    } else {
      p = this.carve(sizeOfClass(cls));
    }
    const w = p >> 2;
    i32[w] = cls | (raw ? PREFIX_RAW : 0) | (this.tid << PREFIX_TID_SHIFT);
    i32[w + 1] = BLOCK_LIVE;
    const c = this.counters;
    c.allocs++;
    c.allocBytes += sizeOfClass(cls);
    const live = c.allocBytes - c.freeBytes;
    if (live > c.peakLiveBytes) c.peakLiveBytes = live;
    return p + BLOCK_PREFIX_BYTES;
  }

  private carve(size: number): number {
    if (size >= LARGE_BYTES) return this.heap.bump(size);
    if (this.chunkCur + size > this.chunkEnd) {
      this.seal();
      this.counters.atomicOps++;
      this.chunkCur = this.heap.bump(CHUNK_BYTES);
      this.chunkEnd = this.chunkCur + CHUNK_BYTES;
      this.heap.i32[this.ts + TS_CHUNK_START] = this.chunkCur;
      this.heap.i32[this.ts + TS_CHUNK_END] = this.chunkEnd;
    }
    const p = this.chunkCur;
    this.chunkCur += size;
    return p;
  }

  /** Moves the blocks other threads freed for us (the delayed-free list) onto our free lists. */
  private takeDelayedFrees(): void {
    const i32 = this.heap.i32;
    let p = Atomics.exchange(i32, this.ts + TS_DELAYED, 0);
    while (p !== 0) {
      const next = i32[(p >> 2) + 2];
      const headSlot = this.freeListOf(i32[p >> 2]);
      i32[(p >> 2) + 2] = i32[headSlot];
      i32[headSlot] = p;
      p = next;
    }
  }

  /** Marks the unused tail of the current chunk as a hole, so the heap stays walkable. */
  seal(): void {
    const rest = this.chunkEnd - this.chunkCur;
    if (rest > 0) {
      const w = this.chunkCur >> 2;
      this.heap.i32[w] = HOLE_MARK;
      this.heap.i32[w + 1] = rest;
    }
    this.chunkCur = this.chunkEnd = 0;
    this.heap.i32[this.ts + TS_CHUNK_START] = 0;
    this.heap.i32[this.ts + TS_CHUNK_END] = 0;
  }

  /** Size of the block at `ref`, in bytes (its class size, prefix included). */
  blockSize(ref: Ref): number {
    return sizeOfClass(this.heap.i32[(ref - BLOCK_PREFIX_BYTES) >> 2] & 0xff);
  }

  isLive(ref: Ref): boolean {
    return this.heap.i32[((ref - BLOCK_PREFIX_BYTES) >> 2) + 1] === BLOCK_LIVE;
  }

  /** Frees the block at `ref`. Returns false (and frees nothing) if it was not live: a double free. */
  free(ref: Ref): boolean {
    const i32 = this.heap.i32;
    const p = ref - BLOCK_PREFIX_BYTES;
    const w = p >> 2;
    if (i32[w + 1] !== BLOCK_LIVE) return false;
    i32[w + 1] = BLOCK_FREED;
    const prefix = i32[w];
    const c = this.counters;
    c.frees++;
    c.freeBytes += sizeOfClass(prefix & 0xff);
    // the common case inline — an object block of this thread's, no quarantine: straight onto
    // its free list; the rest out of line, so this stays small enough for V8 to inline into
    // every dealloc (it did not under --nogil, where deferReuse runs: ~7 ns more per free)
    if ((prefix & ~0xff) === this.ownObjectPrefix && this.quarantine === null) {
      const headSlot = this.ts + TS_FREE + (prefix & 0xff);
      i32[w + 2] = i32[headSlot];
      i32[headSlot] = p;
    } else {
      this.freeSlow(p, prefix);
    }
    return true;
  }

  /** The prefix bits above the class of an object block this thread allocated. */
  private readonly ownObjectPrefix: number;

  private freeSlow(p: number, prefix: number): void {
    if (this.qsbr && (prefix & PREFIX_RAW) !== 0) this.deferReuse(p);
    else this.reuse(p);
  }

  /** A freed block may be reused now: after the sanitizer's quarantine, if it is on. */
  private reuse(p: number): void {
    if (this.quarantine !== null) {
      this.quarantine.push(p);
      if (this.quarantine.length <= this.quarantineLimit) return;
      p = this.quarantine.shift()!;
    }
    this.release(p);
  }

  // ---- QSBR: quiescent-state-based reclamation (CPython 3.13t's Python/qsbr.c) ----------------
  //
  // Without the GIL another thread may be reading an items array or a dict table at the moment
  // this thread frees it (a lock-free list or dict read that raced with a resize). So in
  // free-threaded runs a freed raw block is not reused at once: it waits in this thread's limbo
  // list, tagged with a goal of the global write sequence, until every thread that runs Python
  // code has passed a quiescent state (a point in its eval loop where it holds no borrowed
  // pointer) after the free. A thread publishes the sequence it saw at its last quiescent state
  // in TS_QSBR; a blocked or idle thread publishes QSBR_OFFLINE and counts as quiescent.
  // Object blocks need no grace period (see freeListOf): CPython 3.13t likewise delays the
  // reuse of list and dict storage (_PyMem_FreeDelayed), and of object memory only by page.

  /** Whether raw frees wait for a grace period (free-threaded runs). */
  private qsbr = false;
  /** Freed blocks (prefix offsets) and the write sequence each waits for, oldest first. */
  private limbo: number[] = [];
  private limboGoals: number[] = [];
  private limboHead = 0;
  private freesSinceAdvance = 0;
  /** Counts down eval-loop ticks to the next quiescent state (Infinity: never, under the GIL). */
  qsbrCountdown = Infinity;

  enableQsbr(): void {
    this.qsbr = true;
    this.qsbrCountdown = QSBR_POLL_TICKS;
    // offline (TS_QSBR 0) until the interpreter says this thread runs Python code
  }

  private deferReuse(p: number): void {
    const i32 = this.heap.i32;
    let goal: number;
    if (++this.freesSinceAdvance >= QSBR_ADVANCE_EVERY) {
      this.freesSinceAdvance = 0;
      this.counters.atomicOps++;
      goal = Atomics.add(i32, G_QSBR_SEQ, 1) + 1;
    } else {
      goal = Atomics.load(i32, G_QSBR_SEQ) + 1;
    }
    this.limbo.push(p);
    this.limboGoals.push(goal);
    this.counters.deferredFrees++;
  }

  /** One eval-loop tick; every QSBR_POLL_TICKS of them is a quiescent state. */
  qsbrTick(): void {
    if (--this.qsbrCountdown <= 0) this.quiescent();
  }

  /**
   * A quiescent state: this thread holds no borrowed pointer into the heap. Publishes the
   * sequence it has seen, then reuses every block whose goal all running threads have reached.
   */
  quiescent(): void {
    this.qsbrCountdown = QSBR_POLL_TICKS;
    const i32 = this.heap.i32;
    if (this.limbo.length > this.limboHead) {
      // ask for progress: the newest blocks' goal is one past the sequence we publish
      this.freesSinceAdvance = 0;
      this.counters.atomicOps++;
      Atomics.add(i32, G_QSBR_SEQ, 1);
    }
    Atomics.store(i32, this.ts + TS_QSBR, Atomics.load(i32, G_QSBR_SEQ));
    this.reclaim();
  }

  /** Reuses the blocks every running thread has passed a quiescent state since. */
  private reclaim(): void {
    if (this.limbo.length === this.limboHead) return;
    const reached = this.minSeenSequence();
    let h = this.limboHead;
    while (h < this.limbo.length && this.limboGoals[h] <= reached) this.reuse(this.limbo[h++]);
    if (h === this.limbo.length) {
      this.limbo = [];
      this.limboGoals = [];
      h = 0;
    }
    this.limboHead = h;
  }

  /** The lowest sequence any running thread has published (offline threads do not count). */
  private minSeenSequence(): number {
    const i32 = this.heap.i32;
    let min = Atomics.load(i32, G_QSBR_SEQ);
    const n = Atomics.load(i32, G_NEXT_TID);
    for (let tid = 0; tid < n; tid++) {
      const ts = i32[G_THREADS + tid] >> 2;
      if (ts === 0) continue;
      const seen = Atomics.load(i32, ts + TS_QSBR);
      if (seen !== QSBR_OFFLINE && seen < min) min = seen;
    }
    return min;
  }

  /** This thread starts running Python code: it may hold borrowed pointers from now on. */
  qsbrOnline(): void {
    if (!this.qsbr) return;
    Atomics.store(this.heap.i32, this.ts + TS_QSBR, Atomics.load(this.heap.i32, G_QSBR_SEQ));
  }

  /** This thread stops running Python code (blocks, parks, exits): it counts as quiescent. */
  qsbrOffline(): void {
    if (!this.qsbr) return;
    Atomics.store(this.heap.i32, this.ts + TS_QSBR, QSBR_OFFLINE);
    this.reclaim();
  }

  /** At exit, with every other thread gone: reuse everything in limbo. */
  reclaimAll(): void {
    for (let h = this.limboHead; h < this.limbo.length; h++) this.reuse(this.limbo[h]);
    this.limbo = [];
    this.limboGoals = [];
    this.limboHead = 0;
  }

  /**
   * The free-list head slot for a block with this prefix word. Object blocks and raw blocks
   * never share a list: a freed object's block is only ever reused for another object, so its
   * header words stay header words — what lets a lock-free reader's try-incref look at a block
   * that was freed and reused meanwhile without corrupting anything (it then fails, or its
   * re-validation does). Raw blocks (items arrays, dict tables) are read as arrays by lock-free
   * readers, so those wait for a QSBR grace period instead.
   */
  private freeListOf(prefix: number): number {
    return this.ts + ((prefix & PREFIX_RAW) !== 0 ? TS_FREE_RAW : TS_FREE) + (prefix & 0xff);
  }

  /** Puts a freed block (prefix offset) on its owner's free list. */
  private release(p: number): void {
    const i32 = this.heap.i32;
    const w = p >> 2;
    const owner = (i32[w] >>> PREFIX_TID_SHIFT) & PREFIX_TID_MASK;
    if (owner === this.tid) {
      const headSlot = this.freeListOf(i32[w]);
      i32[w + 2] = i32[headSlot];
      i32[headSlot] = p;
      return;
    }
    // Another thread's block: push it on the owner's delayed-free list (a lock-free stack).
    this.counters.crossThreadFrees++;
    const ownerTs = i32[G_THREADS + owner] >> 2;
    const slot = ownerTs + TS_DELAYED;
    for (;;) {
      const head = Atomics.load(i32, slot);
      i32[w + 2] = head;
      this.counters.atomicOps++;
      if (Atomics.compareExchange(i32, slot, head, p) === head) return;
    }
  }
}
