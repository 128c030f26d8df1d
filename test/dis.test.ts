import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile } from "../vm/compiler.js";
import { disassemble } from "../vm/dis.js";
import { OPS, OP_COUNT } from "../vm/opcodes.js";
import { parse } from "../vm/parser.js";

function dis(src: string): string {
  return disassemble(compile(parse(src, "t.py"), "t.py", src));
}

describe("dis", () => {
  it("prints a module and its nested code objects in CPython 3.11's layout", () => {
    const src = "def clamp(x, lo=0, hi=10):\n    if x < lo:\n        return lo\n    return [min(v, hi) for v in (x,)]\n";
    expect(dis(src)).toBe(`\
  1           0 LOAD_CONST               0 ((0, 10))
              2 LOAD_CONST               1 (<code object clamp at 0x0000, file "t.py", line 1>)
              4 MAKE_FUNCTION            1 (defaults)
              6 STORE_NAME               0 (clamp)
              8 LOAD_CONST               2 (None)
             10 RETURN_VALUE

Disassembly of <code object clamp at 0x0000, file "t.py", line 1>:
  2           0 LOAD_FAST                0 (x)
              2 LOAD_FAST                1 (lo)
              4 COMPARE_OP               0 (<)
              6 POP_JUMP_IF_FALSE        6 (to 12)

  3           8 LOAD_FAST                1 (lo)
             10 RETURN_VALUE

  4     >>   12 LOAD_CLOSURE             3 (hi)
             14 BUILD_TUPLE              1
             16 LOAD_CONST               1 (<code object <listcomp> at 0x0000, file "t.py", line 4>)
             18 MAKE_FUNCTION            8 (closure)
             20 PUSH_NULL
             22 LOAD_FAST                0 (x)
             24 BUILD_TUPLE              1
             26 GET_ITER
             28 CALL                     1
             30 RETURN_VALUE

Disassembly of <code object <listcomp> at 0x0000, file "t.py", line 4>:
  4           0 BUILD_LIST               0
              2 LOAD_FAST                0 (.0)
        >>    4 FOR_ITER                11 (to 22)
              6 STORE_FAST               1 (v)
              8 LOAD_GLOBAL              0 (min)
             10 PUSH_NULL
             12 LOAD_FAST                1 (v)
             14 LOAD_DEREF               2 (hi)
             16 CALL                     2
             18 LIST_APPEND              2
             20 JUMP_BACKWARD            2 (to 4)
        >>   22 RETURN_VALUE
`);
  });

  it("shows constants as Python's repr does", () => {
    const src = "x = (1.5, 1e16, 1e-05, -0.0, 0.0001, 2.5e-300, \"it's\", 'a\\'b\"c', 'tab\\t\\x01\\u00e9', None, True, ..., 10000000000000000000000, ())\n";
    const expected = execFileSync("python3", ["-c", `${src}print(repr(x))`]).toString().trim();
    expect(dis(src).split("\n")[0]).toBe(`  1           0 LOAD_CONST               0 (${expected})`);
  });

  it("explains operators, comparisons, formats and membership", () => {
    const text = dis("a = b @ c is not d\ne = f'{g!a:>3}' if h not in i else j ** k\n");
    for (const fragment of [
      "BINARY_OP                4 (@)", "IS_OP                    1 (is not)",
      "FORMAT_VALUE             7 (ascii, with format)", "CONTAINS_OP              1 (not in)",
      "BINARY_OP                8 (**)",
    ]) {
      expect(text).toContain(fragment);
    }
  });

  it("marks exactly the jump targets, handlers included, with >>", () => {
    const text = dis("try:\n    x = 1\nexcept E:\n    pass\nwhile x:\n    x -= 1\n");
    // line number (3 wide), 5 spaces, the marker column, the offset
    const rows = text.split("\n").map((l) => /^[ \d]{3} {5}(>>| {2}) +(\d+) [A-Z_]+/.exec(l)).filter((m) => m !== null);
    const targets = new Set([...text.matchAll(/\(to (\d+)\)/g)].map((m) => Number(m[1])));
    expect(rows.length).toBeGreaterThan(20);
    expect(targets.size).toBeGreaterThan(3);
    for (const [row, marker, offset] of rows) expect(marker === ">>", row).toBe(targets.has(Number(offset)));
  });

  it("has an OPS entry named after each member of the Op enum, in order", () => {
    const source = readFileSync("vm/opcodes.ts", "utf8");
    const body = /export const enum Op \{([\s\S]*?)\n\}/.exec(source)![1];
    const members = [...body.matchAll(/^\s*([A-Z][A-Z_]*)(?: = \d+)?,/gm)].map((m) => m[1]);
    expect(members.length).toBe(OP_COUNT);
    expect(OPS.map((o) => o.name)).toEqual(members);
  });
});
