import { describe, expect, test } from "vitest";
import { Heap, ThreadAllocator, classOfSize, sizeOfClass } from "../runtime/heap.js";
import { PyError } from "../runtime/py_error.js";

describe("size classes", () => {
  test("every size fits its class, and classes grow", () => {
    for (const n of [8, 9, 16, 100, 1024, 1025, 4096, 70000]) {
      expect(sizeOfClass(classOfSize(n))).toBeGreaterThanOrEqual(n);
    }
    expect(classOfSize(16)).toBeLessThan(classOfSize(24));
  });
});

describe("thread allocator", () => {
  test("a freed block is reused for the next allocation of its class", () => {
    const heap = Heap.create(4 << 20);
    const a = new ThreadAllocator(heap, 0);
    const x = a.alloc(40);
    const y = a.alloc(40);
    expect(y).not.toBe(x);
    expect(a.free(x)).toBe(true);
    expect(a.alloc(40)).toBe(x);
    expect(a.counters.allocs).toBe(3);
    expect(a.counters.frees).toBe(1);
  });

  test("a second free of the same block is refused (double free)", () => {
    const heap = Heap.create(4 << 20);
    const a = new ThreadAllocator(heap, 0);
    const x = a.alloc(16);
    expect(a.free(x)).toBe(true);
    expect(a.free(x)).toBe(false);
  });

  test("with a quarantine, freed blocks are not reused at once", () => {
    const heap = Heap.create(4 << 20);
    const a = new ThreadAllocator(heap, 0);
    a.quarantine = [];
    const x = a.alloc(24);
    a.free(x);
    expect(a.alloc(24)).not.toBe(x);
    expect(a.isLive(x)).toBe(false);
  });

  test("the heap can be walked block by block after sealing", () => {
    const heap = Heap.create(4 << 20);
    const a = new ThreadAllocator(heap, 0);
    const blocks = [a.alloc(16), a.alloc(200), a.alloc(20000, true), a.alloc(48)];
    a.free(blocks[1]);
    a.seal();
    const seen: [number, boolean][] = [];
    heap.forEachLiveBlock((ref, raw) => seen.push([ref, raw]));
    const refs = seen.map(([r]) => r);
    expect(refs).toContain(blocks[0]);
    expect(refs).not.toContain(blocks[1]);
    expect(seen.find(([r]) => r === blocks[2])![1]).toBe(true);
    expect(refs).toContain(blocks[3]);
  });

  test("running past the cap raises MemoryError", () => {
    const heap = Heap.create(1 << 20);
    const a = new ThreadAllocator(heap, 0);
    expect(() => {
      for (let i = 0; i < 100; i++) a.alloc(64 * 1024);
    }).toThrow(PyError);
  });
});
