import { describe, expect, test } from "vitest";
import { createWorld } from "../vm/bootstrap.js";
import { addSameSign, bigIntValue, newInt, newIntFromNumber } from "../runtime/int.js";
import type { Value } from "../runtime/layout.js";

const { rt } = createWorld(16 << 20, false);
const valueOf = (v: Value): bigint => ((v & 1) !== 0 ? BigInt(v >> 1) : bigIntValue(rt, v));

describe("heap ints", () => {
  test("newInt and newIntFromNumber round-trip, tagged exactly when small", () => {
    for (const x of [0n, 1n, -1n, 2n ** 30n - 1n, -(2n ** 30n), 2n ** 30n, 2n ** 53n - 1n, -(2n ** 64n) + 3n, 10n ** 40n]) {
      const v = newInt(rt, x);
      expect(valueOf(v)).toBe(x);
      expect((v & 1) === 1).toBe(x >= -(2n ** 30n) && x < 2n ** 30n);
      if (x >= -(2n ** 53n) && x < 2n ** 53n) expect(valueOf(newIntFromNumber(rt, Number(x)))).toBe(x);
    }
  });

  test("addSameSign adds digit by digit like BigInt, and declines mixed signs", () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let i = 0; i < 2000; i++) {
      const bits = BigInt(rnd() % 140);
      const a = (BigInt(rnd()) << bits) + BigInt(rnd());
      const b = (BigInt(rnd()) << BigInt(rnd() % 140)) + BigInt(rnd() % 7);
      const sign = rnd() % 2 === 0 ? 1n : -1n;
      const va = newInt(rt, sign * a);
      const vb = newInt(rt, sign * b);
      const r = addSameSign(rt, va, vb);
      expect(valueOf(r)).toBe(sign * (a + b));
      expect(addSameSign(rt, newInt(rt, a + 2n ** 40n), newInt(rt, -b - 1n))).toBe(0);
    }
  });
});
