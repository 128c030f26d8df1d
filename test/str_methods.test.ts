/**
 * str methods (vm/methods/str_methods.ts) against CPython.
 *
 * The argument handling and the string logic are generic over how values are represented, so
 * they run here on plain JSON values (the same encoding test/helpers/str_methods_oracle.py
 * reads) without the interpreter: a batch of (method, str, args, kwargs) cases is evaluated by
 * callStrMethod and, in one python3 process, by CPython; results or exception type and message
 * must be equal. The character database (character classes and case mappings of every code
 * point) is compared with CPython's as well. Only the natives' conversion of heap values is
 * left to the whole-program tests.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test, vi } from "vitest";

// The VM layers the natives call into are not needed for the pure logic tested here.
vi.mock("../vm/abstract.js", () => ({}));
vi.mock("../vm/format.js", () => ({
  strFormatMethod: () => {
    throw new Error("str.format is not part of these tests");
  },
}));

import { PyError } from "../runtime/py_error.js";
import {
  CF, NOT_ITERABLE, STR_METHOD_NAMES, STR_PREDICATES, callStrMethod, charFlags, cpLength,
  pyCasefold, pyCenter, pyCount, pyFind, pyIsIdentifier, pyLower, pyReplace, pySplit, pySplitlines,
  pyTitle, pyUpper, type StrArgOps, type StrResult,
} from "../vm/methods/str_methods.js";

const ORACLE = path.join(path.dirname(fileURLToPath(import.meta.url)), "helpers", "str_methods_oracle.py");
const PYTHON = process.env.GILVM_PYTHON || "python3";

// ---- values as the oracle encodes them -------------------------------------------------------

type J = string | number | boolean | null | J[] | { t: J[] } | { f: number } | { i: string } | { it: J[] } | { o: string };
type Case = [method: string, self: string, args: J[], kwargs?: Record<string, J>];
type Outcome = J | { exc: string; msg: string };

function tagged(v: J): Record<string, unknown> | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

const jsonOps: StrArgOps<J> = {
  str: (v) => (typeof v === "string" ? v : null),
  isNone: (v) => v === null,
  index: (v) => {
    if (typeof v === "number") return v;
    if (typeof v === "boolean") return v ? 1 : 0;
    const o = tagged(v);
    return o !== null && "i" in o ? BigInt(o.i as string) : null;
  },
  tuple: (v) => {
    const o = tagged(v);
    return o !== null && "t" in o ? (o.t as J[]) : null;
  },
  typeName: (v) => {
    if (typeof v === "string") return "str";
    if (typeof v === "number") return "int";
    if (typeof v === "boolean") return "bool";
    if (v === null) return "NoneType";
    if (Array.isArray(v)) return "list";
    const o = tagged(v)!;
    if ("t" in o) return "tuple";
    if ("f" in o) return "float";
    if ("i" in o) return "int";
    if ("it" in o) return "list_iterator";
    return o.o as string;
  },
  withItems: (v, fn) => {
    if (typeof v === "string") return fn(Array.from(v));
    if (Array.isArray(v)) return fn(v);
    const o = tagged(v);
    if (o !== null && "t" in o) return fn(o.t as J[]);
    if (o !== null && "it" in o) return fn(o.it as J[]);
    return NOT_ITERABLE;
  },
};

function encodeResult(r: StrResult): J {
  if (Array.isArray(r)) return r;
  if (typeof r === "object") return { t: [...r.tuple] };
  return r;
}

function runOurs(c: Case): Outcome {
  const [method, self, args, kwargs = {}] = c;
  const kwnames = Object.keys(kwargs);
  try {
    return encodeResult(callStrMethod(jsonOps, method, self, [...args, ...kwnames.map((k) => kwargs[k])], kwnames.length > 0 ? kwnames : null));
  } catch (e) {
    if (e instanceof PyError) return { exc: e.pyType, msg: e.message };
    throw e;
  }
}

function runOracle(cases: unknown[]): unknown[] {
  const r = spawnSync(PYTHON, [ORACLE], { input: JSON.stringify(cases), encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`str_methods_oracle.py failed (status ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as unknown[];
}

// ---- the cases ---------------------------------------------------------------------------------

const GRIN = "\u{1F600}"; // an astral character: two UTF-16 units, one code point

const STRINGS: string[] = [
  "", "a", "abc", "aaa", "aaaa", "abcabcabc", "mississippi", "Hello, World!", "hello world", "HELLO",
  "Hello World", "hELLO wORLD", "  hello   world  ", "\t a\nb\x0bc\x1c d\x85e\xa0f\u3000g\u2028 \u200b",
  "a,b,,c,", ",", "x\r\ny\rz\n\nw\u2028v\x0c\x1d\x1e\x1fu\r", "tab\tbed\tx\n\tyy\r\tz\t",
  "they're bill's friends from the UK", "123", "-42", "+7", "-", "3.14", "0x1F", "\u0661\u0662\u0663",
  "\u00b2\u00b3", "\u00bd\u2155", "\u216b", "\u4e00\u4e8c", "_id3", "3id", "\u00e9t\u00e9", "\u00df stra\u00dfe",
  "\u01c4\u01c5\u01c6 \u01c7ungla \u01c5a", "\u1f08\u1f80\u1fb3 \u1fb3x", "\u0391\u03a3 \u03a3\u0391 \u0391.\u03a3. \u03a3 a\u03a3'",
  "\u1f48\u0394\u03a5\u03a3\u03a3\u0395\u038e\u03a3", "\u0130stanbul \u0131", "\ufb01 \ufb02 \ufb03x", "\u10d0\u10d1 \u13a0\u13a1 \uab70",
  `\u{1D518}\u{1D52B}\u{1D526} ${GRIN} x${GRIN}y${GRIN}`, "\u{10400}\u{10428} \u{10428}\u{10400}", "a\u0301b", "\u0345\u0399",
  "\x00\x1f\x7f", "\ud800", `${GRIN}${GRIN}a${GRIN}`, "x\u00ads", "A1b2 C3",
];

const SPLIT_ARGS: [J[], Record<string, J>?][] = [
  [[]], [[","]], [[",", 1]], [[null, 1]], [[" "]], [["ss"]], [["a", 0]], [[], { maxsplit: 2 }],
  [[], { sep: "s", maxsplit: 2 }], [[GRIN]], [[null, -5]], [["i", 2]], [[null, 0]], [["l", true]],
];
const STRIP_ARGS: J[][] = [[], [null], ["ab"], [" \t\n"], [`${GRIN}x`], ["mis"], [""], ["\u03a3\u0391 "]];
const TAIL_ARGS: J[][] = [
  ["a"], [""], ["a", 1], ["", 5], ["", 3], [{ t: ["x", "H", "m"] }], ["b", -3, -1], [GRIN, 2], ["ss", 2, 4], ["ss", 2, 3],
  [{ t: [] }], ["H", null, 1], ["", 3, 2], ["iss", -10], ["a", { i: "-99999999999999999999999" }], ["c", 0, { i: "99999999999999999999" }],
  [{ t: ["zz", "ppi", "c"] }, 1, null], ["o", false, -6], [`${GRIN}y`, -3],
];
const FIND_ARGS: J[][] = [
  ["s"], ["ss"], [""], ["s", 3], ["s", -4, -1], ["", 10], ["", 2, 1], [GRIN, 1], ["y", null, 5], ["o", true],
  ["i", { i: "-100000000000000000000" }, { i: "100000000000000000000" }], ["l", 2, 100], ["l", -100, -3], ["abc"],
  ["x\ud83d"], ["a", 2], ["", -1], [`x${GRIN}`], [GRIN, 0, 3], ["\u03a3"],
];
const PAD_ARGS: J[][] = [[10], [10, "*"], [3], [11, GRIN], [0], [-5, "x"], [12, "\u00e9"], [7], [8], [true]];

const VARIANTS: [string, J[], Record<string, J>?][] = [
  ...["split", "rsplit"].flatMap((m) => SPLIT_ARGS.map(([a, k]): [string, J[], Record<string, J>?] => [m, a, k])),
  ...["strip", "lstrip", "rstrip"].flatMap((m) => STRIP_ARGS.map((a): [string, J[]] => [m, a])),
  ...["startswith", "endswith"].flatMap((m) => TAIL_ARGS.map((a): [string, J[]] => [m, a])),
  ...["find", "rfind", "index", "rindex", "count"].flatMap((m) => FIND_ARGS.map((a): [string, J[]] => [m, a])),
  ...[["s", "S"], ["ss", "X", 1], ["", "-"], ["", "-", 2], ["a", "", 0], [GRIN, "_"], ["l", "L", -1], ["is", "$&"], ["", "", 3], ["o", "00", 1]].map((a): [string, J[]] => ["replace", a]),
  ...["upper", "lower", "title", "capitalize", "swapcase", "casefold"].map((m): [string, J[]] => [m, []]),
  ...Object.keys(STR_PREDICATES).map((m): [string, J[]] => [m, []]),
  ...[[5], [0], [-1], [10], [true]].map((a): [string, J[]] => ["zfill", a]),
  ...["ljust", "rjust", "center"].flatMap((m) => PAD_ARGS.map((a): [string, J[]] => [m, a])),
  ...["partition", "rpartition"].flatMap((m) => [[","], ["ss"], ["x"], [GRIN], ["l"], [" "]].map((a): [string, J[]] => [m, a])),
  ["splitlines", []], ["splitlines", [true]], ["splitlines", [], { keepends: 1 }], ["splitlines", [0]],
  ...[[], [4], [0], [-1], [1], [2]].map((a): [string, J[]] => ["expandtabs", a]), ["expandtabs", [], { tabsize: 3 }],
  ...["removeprefix", "removesuffix"].flatMap((m) => [["a"], [""], ["mis"], ["ppi"], ["Hello"], [GRIN]].map((a): [string, J[]] => [m, a])),
  ["__len__", []], ["__contains__", ["ss"]], ["__contains__", [""]], ["__contains__", [GRIN]],
];

/** Every variant on every sample string. */
const MATRIX: Case[] = STRINGS.flatMap((s) => VARIANTS.map(([m, a, k]): Case => (k === undefined ? [m, s, a] : [m, s, a, k])));

/** join, and the argument errors of every method. */
const SPECIAL: Case[] = [
  ["join", ", ", [["a", "b", "c"]]], ["join", "", [[]]], ["join", "-", [["x"]]], ["join", "-", [{ it: ["x", "y"] }]],
  ["join", "-", ["abc"]], ["join", GRIN, [{ t: ["p", "q"] }]], ["join", "a", [["a", 1]]], ["join", "a", [5]],
  ["join", "a", [{ it: ["a", 2] }]], ["join", "a", [[null]]], ["join", "a", [{ o: "Foo" }]], ["join", "a", []],
  ["join", "a", [["x"]], { x: 1 }], ["join", "a", [["x"], 1]], ["join", "a", [], { iterable: ["x"] }],
  ["split", "a", [1]], ["split", "a", [""]], ["split", "a", [null, "x"]], ["split", "a", [], { x: 1 }],
  ["split", "a", [null, 1, 2]], ["split", "a", ["a"], { sep: "a" }], ["split", "a b", [], { maxsplit: { f: 1.0 } }],
  ["split", "a b", [null, { i: "100000000000000000000000" }]], ["split", "a b", [1, "x"]],
  ["split", "a", [], { sep: "a", maxsplit: 0, x: 1 }], ["split", "a", [], { sep: "a", x: 1 }], ["split", "a", ["a"], { x: 1, sep: "b" }],
  ["rsplit", "a", [], { x: 1 }], ["rsplit", "a", [1]], ["rsplit", "a", [""]], ["rsplit", "a b", [null, 1, 2]],
  ["strip", "a", [1]], ["lstrip", "a", [1]], ["rstrip", "a", [{ o: "Foo" }]], ["strip", "a", [], { chars: "a" }], ["strip", "a", ["a", "b"]],
  ["startswith", "a", [1]], ["startswith", "a", [{ t: [1] }]], ["startswith", "a", ["a", "x"]], ["startswith", "a", [1, "x"]],
  ["startswith", "a", [], { prefix: "a" }], ["startswith", "a", []], ["startswith", "a", ["a", 1, 2, 3]], ["startswith", "a", [{ t: ["a", 1] }]],
  ["startswith", "a", [{ t: ["b", 1] }]], ["endswith", "a", [1]], ["endswith", "a", [{ t: ["b", 1] }]], ["endswith", "a", ["a", 0, { f: 1 }]],
  ["endswith", "a", [["a"]]], ["startswith", "a", ["a", { o: "Foo" }]],
  ["replace", "a", [1, "a"]], ["replace", "a", ["a", 1]], ["replace", "a", ["a", "b", "c"]], ["replace", "a", ["a"]],
  ["replace", "a", ["a", "b"], { count: 1 }], ["replace", "a", ["a", "b", 1, 2]], ["replace", "a", [1, 2, "x"]],
  ["replace", "a", ["a", "b", { i: "100000000000000000000" }]],
  ["find", "a", [1]], ["find", "a", []], ["find", "a", ["a", 1, 2, 3]], ["find", "a", ["a"], { start: 1 }], ["find", "a", [1, { f: 1 }]],
  ["index", "a", ["b"]], ["rindex", "a", ["b"]], ["index", "abc", ["c", 0, 2]], ["rindex", "abc", ["a", 1]], ["count", "a", [1]],
  ["rfind", "a", [{ o: "Foo" }]], ["index", "a", []], ["count", "a", ["a", "b"]],
  ["upper", "a", [1]], ["upper", "a", [], { x: 1 }], ["isdigit", "a", [1]], ["isdigit", "a", [], { x: 1 }], ["casefold", "a", [1]],
  ["istitle", "a", [1, 2]],
  ["zfill", "a", []], ["zfill", "a", ["a"]], ["zfill", "a", [1, 2]], ["zfill", "a", [], { width: 3 }], ["zfill", "a", [{ f: 3.0 }]],
  ["zfill", "a", [{ i: "100000000000000000000000" }]], ["zfill", "a", [{ o: "Foo" }]], ["zfill", "-", [3]], ["zfill", "+", [1]],
  ["ljust", "a", [5, "ab"]], ["ljust", "a", [5, 1]], ["ljust", "a", [{ f: 1.5 }]], ["ljust", "a", []], ["ljust", "a", [1, 2, 3]],
  ["ljust", "a", [5], { fillchar: "x" }], ["center", "a", [5, ""]], ["rjust", "a", ["x", 1]], ["center", "a", [3, { o: "Foo" }]],
  ["center", "ab", [5]], ["center", "abc", [6]], ["center", "ab", [7, "."]], ["center", "a", [4, "."]],
  ["partition", "a", [""]], ["partition", "a", [1]], ["rpartition", "a", [1]], ["partition", "a", []], ["partition", "a", ["a", "b"]],
  ["rpartition", "a", [""]], ["partition", "a", [], { sep: "a" }],
  ["splitlines", "a", [{ f: 1.0 }]], ["splitlines", "a", ["x"]], ["splitlines", "a", [1, 2]], ["splitlines", "a", [], { x: 1 }],
  ["splitlines", "a\nb", [{ i: "100000000000000000000" }]], ["splitlines", "a\nb", [null]], ["splitlines", "a", [true], { keepends: 1 }],
  ["expandtabs", "a", ["x"]], ["expandtabs", "a", [1, 2]], ["expandtabs", "a\tb", [{ i: "10000000000" }]], ["expandtabs", "a", [], { size: 1 }],
  ["removeprefix", "a", [1]], ["removesuffix", "a", [1]], ["removeprefix", "a", []], ["removeprefix", "a", [], { prefix: "a" }],
  ["__len__", "a", [1]], ["__contains__", "a", [1]], ["__contains__", "a", []], ["__contains__", "a", [], { x: 1 }], ["__len__", "a", [], { x: 1 }],
];

// ---- tests -------------------------------------------------------------------------------------

describe("str methods against CPython", () => {
  const cases: Case[] = [...MATRIX, ...SPECIAL];
  let expected: Outcome[] = [];

  beforeAll(() => {
    expected = runOracle(cases) as Outcome[];
  }, 60_000);

  test("the batch covers every method", () => {
    const covered = new Set(cases.map((c) => c[0]));
    expect(STR_METHOD_NAMES.filter((m) => !covered.has(m))).toEqual([]);
    expect(cases.length).toBeGreaterThan(1000);
  });

  for (const method of STR_METHOD_NAMES) {
    test(method, () => {
      const mismatches: unknown[] = [];
      cases.forEach((c, i) => {
        if (c[0] !== method) return;
        const ours = runOurs(c);
        if (JSON.stringify(ours) !== JSON.stringify(expected[i])) mismatches.push({ case: c, ours, cpython: expected[i] });
      });
      expect(mismatches).toEqual([]);
    });
  }
});

describe("character database against CPython's unicodedata", () => {
  const LIMIT = 0x110000;
  let db: { props: Record<string, [number, number][]>; maps: Record<string, Record<string, string>> };

  beforeAll(() => {
    db = runOracle([["@unicode", "", [LIMIT]]])[0] as typeof db;
  }, 60_000);

  const chr = (c: number) => String.fromCodePoint(c);
  const PROPS: Record<string, (c: number) => boolean> = {
    ...Object.fromEntries(
      ["isalpha", "isdecimal", "isdigit", "isnumeric", "isalnum", "isspace", "islower", "isupper", "isprintable"].map((m) => [m, (c: number) => STR_PREDICATES[m](chr(c))]),
    ),
    titlecase: (c) => (charFlags(c) & CF.TITLE) !== 0,
    xid_start: (c) => c !== 0x5f && pyIsIdentifier(chr(c)),
    xid_continue: (c) => pyIsIdentifier("a" + chr(c)),
    linebreak: (c) => pySplitlines("a" + chr(c) + "a").length === 2,
    case_ignorable: (c) => pyLower("A" + chr(c) + "\u03a3").endsWith("\u03c2") && pyLower("A\u03a3" + chr(c))[1] === "\u03c2",
  };

  for (const [name, fn] of Object.entries(PROPS)) {
    test(name, () => {
      const ranges = db.props[name];
      expect(ranges).toBeDefined();
      const wrong: string[] = [];
      let r = 0;
      for (let c = 0; c < LIMIT; c++) {
        while (r < ranges.length && ranges[r][1] < c) r++;
        const py = r < ranges.length && ranges[r][0] <= c;
        if (fn(c) !== py && wrong.length < 20) wrong.push(`U+${c.toString(16).toUpperCase().padStart(4, "0")} (CPython: ${py})`);
      }
      expect(wrong).toEqual([]);
    }, 30_000);
  }

  const MAPS: Record<string, (s: string) => string> = { upper: pyUpper, lower: pyLower, title: pyTitle, casefold: pyCasefold };
  for (const [name, fn] of Object.entries(MAPS)) {
    test(`${name} of every character`, () => {
      const expectedMap = db.maps[name];
      const wrong: string[] = [];
      for (let c = 0; c < LIMIT; c++) {
        if (c >= 0xd800 && c < 0xe000) continue;
        const ch = chr(c);
        const want = expectedMap[String(c)] ?? ch;
        const got = fn(ch);
        if (got !== want && wrong.length < 20) wrong.push(`U+${c.toString(16).toUpperCase()}: ${JSON.stringify(got)} (CPython: ${JSON.stringify(want)})`);
      }
      expect(wrong).toEqual([]);
    }, 30_000);
  }
});

describe("pure helpers", () => {
  test("code point indexing with astral characters", () => {
    const s = `a${GRIN}b${GRIN}c`;
    expect(cpLength(s)).toBe(5);
    expect(pyFind(s, "b")).toBe(2);
    expect(pyFind(s, "c", 1, -1)).toBe(-1);
    expect(pyFind(s, GRIN, 2)).toBe(3);
    expect(pyFind(s, GRIN, 2, null, -1)).toBe(3);
    expect(pyCount(s, "", 1)).toBe(5);
    expect(pyReplace(s, "", "|")).toBe(`|a|${GRIN}|b|${GRIN}|c|`);
    expect(pyCenter(s, 9, GRIN)).toBe(`${GRIN}${GRIN}${s}${GRIN}${GRIN}`);
  });

  test("whitespace split uses Python's whitespace", () => {
    expect(pySplit("a\x1cb\x1dc\x1ed\x1fe\x85f\xa0g\u2009h\u200bi")).toEqual(["a", "b", "c", "d", "e", "f", "g", "h\u200bi"]);
  });

  test("replace does not interpret $ patterns", () => {
    expect(pyReplace("a-b", "-", "$&$1$$")).toBe("a$&$1$$b");
    expect(pyReplace("a-b-c", "-", "$'", 1)).toBe("a$'b-c");
  });
});
