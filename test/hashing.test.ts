import { describe, expect, it } from "vitest";
import { hash32, hashFloat, hashInt, hashStr, hashTuple } from "../runtime/hashing.js";
import { askCPython, disagreements, ours, PyTuple, Random } from "./helpers/num_oracle.js";

const rnd = new Random(5);
const P = 2n ** 61n - 1n;

type Hashable = bigint | number | boolean | PyTuple;

function hashOf(v: Hashable): bigint {
  if (typeof v === "bigint") return hashInt(v);
  if (typeof v === "number") return hashFloat(v);
  if (typeof v === "boolean") return hashInt(v ? 1n : 0n);
  return hashTuple((v.items as Hashable[]).map(hashOf));
}

function aNumber(): Hashable {
  const r = rnd.next();
  if (r < 0.3) return rnd.bigint(rnd.pick([8, 62, 64, 200]));
  if (r < 0.45) return rnd.decimal();
  if (r < 0.6) return rnd.anyFinite();
  if (r < 0.7) return rnd.int(-1000, 1000) / rnd.pick([1, 2, 4, 1024]);
  if (r < 0.75) return rnd.next() < 0.5;
  return rnd.pick<Hashable>([0n, -1n, -2n, P, P - 1n, P + 1n, -P, 2n * P - 1n, 0.5, -0.5, -0, Infinity, -Infinity, 2 ** 61, -1]);
}

function aTuple(depth: number): PyTuple {
  return new PyTuple(Array.from({ length: rnd.int(0, 4) }, () => (depth > 0 && rnd.next() < 0.3 ? aTuple(depth - 1) : aNumber())));
}

describe("hashing against CPython", () => {
  const values: Hashable[] = [
    0n, 1n, -1n, -2n, P, P - 1n, P + 1n, -P, -(P + 1n), 2n ** 64n, -(2n ** 64n), 10n ** 20n, 2n ** 1000n, -(3n ** 500n),
    0, -0, 1, -1, 0.5, -0.5, 1.5, 0.1, 1e300, 5e-324, -5e-324, 1.7976931348623157e308, 2 ** 61, 2 ** 62, 2 ** 100,
    Infinity, -Infinity, true, false, new PyTuple([]), new PyTuple([1n, 2n]), new PyTuple([new PyTuple([])]),
    new PyTuple([1n, 2.5, true, new PyTuple([-1n])]),
  ];
  for (let i = 0; i < 1500; i++) values.push(aNumber());
  for (let i = 0; i < 500; i++) values.push(aTuple(2));
  const cases = values.map((v) => ["hash", v]);
  const expected = askCPython("num_hashing.py", cases);

  it(`hashes ${cases.length} ints, floats, bools and tuples to CPython's values`, () => {
    expect(disagreements(cases, expected, (c) => ours(() => hashOf(c[1] as Hashable)))).toEqual([]);
  });

  it("hashes equal numbers alike across types", () => {
    expect(hashFloat(3)).toBe(hashInt(3n));
    expect(hashFloat(-1)).toBe(-2n);
    expect(hashFloat(2 ** 70)).toBe(hashInt(2n ** 70n));
  });
});

describe("hashStr", () => {
  it("is deterministic, 0 for the empty string, never -1, and spreads distinct strings", () => {
    expect(hashStr("")).toBe(0n);
    expect(hashStr("gilvm")).toBe(hashStr("gil" + "vm"));
    const seen = new Set<bigint>();
    for (let i = 0; i < 20000; i++) {
      const h = hashStr(`key${i}`);
      expect(h >= -(2n ** 63n) && h < 2n ** 63n && h !== -1n).toBe(true);
      seen.add(h);
    }
    expect(seen.size).toBe(20000);
    expect(hashStr("\u00e9")).not.toBe(hashStr("e\u0301")); // different code points, different strs
  });
});

describe("hash32", () => {
  it("is the identity on the int32 range and folds the rest", () => {
    for (const v of [0n, 5n, -2n, 2147483647n, -2147483648n]) expect(hash32(v)).toBe(Number(v));
    expect(hash32(hashFloat(-3))).toBe(-3);
    const folded = hash32(hashInt(2n ** 40n + 7n));
    expect(Number.isInteger(folded) && folded >= -(2 ** 31) && folded < 2 ** 31).toBe(true);
    expect(hash32(2n ** 40n)).not.toBe(hash32(2n ** 41n));
  });
});
