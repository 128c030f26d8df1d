import { describe, expect, test } from "vitest";
import { createWorld } from "../vm/bootstrap.js";
import { dictGetRef as dictGet, dictKeysSnapshot as dictKeys, dictLen, dictPop, dictSet, newDict } from "../runtime/dict.js";
import { newStr, strValue } from "../runtime/str.js";
import { NULL } from "../runtime/layout.js";

const tag = (n: number) => (n << 1) | 1;

describe("dict in the heap", () => {
  test("keeps insertion order across growth and deletions", () => {
    const { rt } = createWorld(8 << 20, false);
    const d = newDict(rt);
    for (let i = 0; i < 100; i++) dictSet(rt, d, tag(i), tag(i * i));
    for (let i = 0; i < 100; i += 3) rt.decref(dictPop(rt, d, tag(i)));
    expect(dictLen(rt, d)).toBe(66);
    expect(dictKeys(rt, d).slice(0, 4).map((k) => k >> 1)).toEqual([1, 2, 4, 5]);
    expect(dictGet(rt, d, tag(7)) >> 1).toBe(49);
    expect(dictGet(rt, d, tag(9))).toBe(NULL);
  });

  test("str keys are found by value, not identity", () => {
    const { rt } = createWorld(8 << 20, false);
    const d = newDict(rt);
    const k1 = newStr(rt, "alpha");
    dictSet(rt, d, k1, tag(1));
    const k2 = newStr(rt, "alpha");
    expect(k2).not.toBe(k1);
    expect(dictGet(rt, d, k2) >> 1).toBe(1);
    dictSet(rt, d, k2, tag(2));
    expect(dictLen(rt, d)).toBe(1);
    expect(strValue(rt, dictKeys(rt, d)[0])).toBe("alpha");
  });

  test("a dict owns its keys and values: dropping it frees them", () => {
    const { rt } = createWorld(8 << 20, false);
    const d = newDict(rt);
    const k = newStr(rt, "key");
    const v = newStr(rt, "value");
    dictSet(rt, d, k, v);
    rt.decref(k);
    rt.decref(v);
    const freesBefore = rt.alloc.counters.frees;
    rt.decref(d);
    // the dict, its two tables, the key and the value
    expect(rt.alloc.counters.frees - freesBefore).toBe(5);
  });
});
