import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CO_CLASS_BODY, CO_GENERATOR, CO_MODULE, CO_NESTED, CO_NEWLOCALS, CO_OPTIMIZED, CO_VARARGS,
  CO_VARKEYWORDS, type CodeSpec,
} from "../vm/code_spec.js";
import { compile, stackDepth } from "../vm/compiler.js";
import { describeInstruction } from "../vm/dis.js";
import { Op, encode } from "../vm/opcodes.js";
import { parse } from "../vm/parser.js";
import { type Block, SourceInfo, buildSymtable } from "../vm/symtable.js";
import { PySyntaxError } from "../vm/syntax_error.js";

const FILE = "t.py";

function compileSource(src: string): CodeSpec {
  return compile(parse(src, FILE), FILE, src);
}

/** The code object named `name` (a function, class, lambda or comprehension), depth first. */
function codeNamed(code: CodeSpec, name: string): CodeSpec {
  const find = (c: CodeSpec): CodeSpec | null => {
    if (c.name === name) return c;
    for (const k of c.consts) {
      const found = k.type === "code" ? find(k.value) : null;
      if (found !== null) return found;
    }
    return null;
  };
  const found = find(code);
  if (found === null) throw new Error(`no code object named ${name}`);
  return found;
}

/** One string per instruction, "OPNAME meaning" as dis explains it (jumps: "to OFFSET"). */
function listing(code: CodeSpec): string[] {
  return code.code.map((word) => {
    const { opname, arg, meaning } = describeInstruction(code, word);
    return arg === null ? opname : `${opname} ${meaning === "" ? arg : meaning}`;
  });
}

function functionListing(src: string, name: string): string[] {
  return listing(codeNamed(compileSource(src), name));
}

describe("calls", () => {
  it("pushes NULL after the callable, then arguments, keyword names and CALL", () => {
    expect(listing(compileSource("f(a, b=1)\n"))).toEqual([
      "LOAD_NAME f", "PUSH_NULL", "LOAD_NAME a", "LOAD_CONST 1", "KW_NAMES ('b',)", "CALL 2",
      "POP_TOP", "LOAD_CONST None", "RETURN_VALUE",
    ]);
  });

  it("calls a method through LOAD_METHOD, with no NULL", () => {
    expect(functionListing("def f(o, x):\n    return o.m(x)\n", "f")).toEqual([
      "LOAD_FAST o", "LOAD_METHOD m", "LOAD_FAST x", "CALL 1", "RETURN_VALUE",
    ]);
  });

  it("builds an argument tuple and a keyword dict for * and **", () => {
    expect(functionListing("def f(g, a, kw):\n    g(1, *a, k=2, **kw)\n", "f")).toEqual([
      "LOAD_FAST g",
      "LOAD_CONST 1", "BUILD_LIST 1", "LOAD_FAST a", "LIST_EXTEND 1", "LIST_TO_TUPLE",
      "LOAD_CONST 'k'", "LOAD_CONST 2", "BUILD_MAP 1", "LOAD_FAST kw", "DICT_MERGE 1",
      "CALL_FUNCTION_EX 1", "POP_TOP", "LOAD_CONST None", "RETURN_VALUE",
    ]);
  });

  it("compiles zero-argument super() as super(__class__, self)", () => {
    const src = "class C(B):\n    def m(self, x):\n        return super().m(x)\n";
    const m = codeNamed(compileSource(src), "m");
    expect(listing(m)).toEqual([
      "LOAD_GLOBAL super", "PUSH_NULL", "LOAD_DEREF __class__", "LOAD_FAST self", "CALL 2",
      "LOAD_METHOD m", "LOAD_FAST x", "CALL 1", "RETURN_VALUE",
    ]);
    expect(m.freevars).toEqual(["__class__"]);
  });

  it("applies decorators innermost first, each as [decorator, function] CALL 0", () => {
    expect(listing(compileSource("@a\n@b\ndef f(): pass\n")).slice(0, 7)).toEqual([
      "LOAD_NAME a", "LOAD_NAME b", 'LOAD_CONST <code object f at 0x0000, file "t.py", line 1>',
      "MAKE_FUNCTION 0", "CALL 0", "CALL 0", "STORE_NAME f",
    ]);
  });
});

describe("assignment", () => {
  it("evaluates the container and key of an augmented subscript once", () => {
    expect(functionListing("def f(a, i):\n    a[i] += 1\n", "f")).toEqual([
      "LOAD_FAST a", "LOAD_FAST i", "COPY 2", "COPY 2", "BINARY_SUBSCR", "LOAD_CONST 1",
      "BINARY_OP +=", "SWAP 3", "SWAP 2", "STORE_SUBSCR", "LOAD_CONST None", "RETURN_VALUE",
    ]);
  });

  it("evaluates the object of an augmented attribute once", () => {
    expect(functionListing("def f(o):\n    o.n -= 2\n", "f")).toEqual([
      "LOAD_FAST o", "COPY 1", "LOAD_ATTR n", "LOAD_CONST 2", "BINARY_OP -=", "SWAP 2",
      "STORE_ATTR n", "LOAD_CONST None", "RETURN_VALUE",
    ]);
  });

  it("stores chained targets left to right, copying the value", () => {
    expect(listing(compileSource("a = b.c = x\n")).slice(0, 5)).toEqual([
      "LOAD_NAME x", "COPY 1", "STORE_NAME a", "LOAD_NAME b", "STORE_ATTR c",
    ]);
  });

  it("unpacks with UNPACK_EX around a starred target, and swaps for a, b = b, a", () => {
    expect(functionListing("def f(s):\n    a, *b, c = s\n", "f").slice(0, 5)).toEqual([
      "LOAD_FAST s", "UNPACK_EX 257", "STORE_FAST a", "STORE_FAST b", "STORE_FAST c",
    ]);
    expect(functionListing("def f(a, b):\n    a, b = b, a\n", "f").slice(0, 5)).toEqual([
      "LOAD_FAST b", "LOAD_FAST a", "SWAP 2", "STORE_FAST a", "STORE_FAST b",
    ]);
  });

  it("assigns to a slice through BUILD_SLICE and STORE_SUBSCR", () => {
    expect(functionListing("def f(a, x):\n    a[1:2] = x\n", "f").slice(0, 6)).toEqual([
      "LOAD_FAST x", "LOAD_FAST a", "LOAD_CONST 1", "LOAD_CONST 2", "BUILD_SLICE 2", "STORE_SUBSCR",
    ]);
  });

  it("uses the store opcode of each scope", () => {
    const src = "g = 0\ndef f():\n    global g\n    g = 1\n    x = 2\n    def h():\n        return x\n";
    const code = compileSource(src);
    expect(listing(code)[1]).toBe("STORE_GLOBAL g"); // a `global g` anywhere makes it explicit
    expect(listing(codeNamed(code, "f")).slice(0, 4)).toEqual([
      "LOAD_CONST 1", "STORE_GLOBAL g", "LOAD_CONST 2", "STORE_DEREF x",
    ]);
  });
});

describe("control flow", () => {
  it("pops the iterator before a break out of a for loop and jumps back for continue", () => {
    expect(functionListing("def f(xs):\n    for x in xs:\n        if x: break\n        continue\n", "f")).toEqual([
      /* 0 */ "LOAD_FAST xs", "GET_ITER",
      /* 4 */ "FOR_ITER to 18", "STORE_FAST x", "LOAD_FAST x", "POP_JUMP_IF_FALSE to 16",
      /* 12: break */ "POP_TOP", "JUMP_FORWARD to 18",
      /* 16: continue (the loop's own jump back would be unreachable, so it is not emitted) */
      "JUMP_BACKWARD to 4",
      /* 18 */ "LOAD_CONST None", "RETURN_VALUE",
    ]);
  });

  it("tests a while loop's condition at the top and skips the test of while True", () => {
    expect(functionListing("def f(n):\n    while n:\n        n -= 1\n", "f")).toEqual([
      "LOAD_FAST n", "POP_JUMP_IF_FALSE to 14", "LOAD_FAST n", "LOAD_CONST 1", "BINARY_OP -=",
      "STORE_FAST n", "JUMP_BACKWARD to 0", "LOAD_CONST None", "RETURN_VALUE",
    ]);
    expect(functionListing("def f():\n    while True:\n        g()\n", "f")).toEqual([
      "LOAD_GLOBAL g", "PUSH_NULL", "CALL 0", "POP_TOP", "JUMP_BACKWARD to 0",
    ]);
  });

  it("short-circuits and/or in values and jumps through them in conditions", () => {
    expect(functionListing("def f(a, b):\n    return a and b\n", "f")).toEqual([
      "LOAD_FAST a", "JUMP_IF_FALSE_OR_POP to 6", "LOAD_FAST b", "RETURN_VALUE",
    ]);
    expect(functionListing("def f(a, b):\n    if a or not b:\n        return 1\n", "f")).toEqual([
      "LOAD_FAST a", "POP_JUMP_IF_TRUE to 8", "LOAD_FAST b", "POP_JUMP_IF_TRUE to 12",
      "LOAD_CONST 1", "RETURN_VALUE", "LOAD_CONST None", "RETURN_VALUE",
    ]);
  });

  it("chains comparisons with SWAP/COPY and drops the kept operand when one fails", () => {
    expect(functionListing("def f(a, b, c):\n    return a < b <= c\n", "f")).toEqual([
      /* 0 */ "LOAD_FAST a", "LOAD_FAST b", "SWAP 2", "COPY 2", "COMPARE_OP <",
      /* 10 */ "JUMP_IF_FALSE_OR_POP to 18", "LOAD_FAST c", "COMPARE_OP <=", "JUMP_FORWARD to 22",
      /* 18 */ "SWAP 2", "POP_TOP",
      /* 22 */ "RETURN_VALUE",
    ]);
  });

  it("raises AssertionError(msg) when an assert fails", () => {
    expect(functionListing("def f(x):\n    assert x, 'bad'\n", "f")).toEqual([
      "LOAD_FAST x", "POP_JUMP_IF_TRUE to 12", "LOAD_ASSERTION_ERROR", "LOAD_CONST 'bad'", "CALL 0",
      "RAISE_VARARGS 1", "LOAD_CONST None", "RETURN_VALUE",
    ]);
  });
});

describe("exceptions and with", () => {
  it("compiles try/except as with a handler block, per-handler cleanup and a reraise", () => {
    const src = "def f():\n    try:\n        g()\n    except E as e:\n        h(e)\n";
    expect(functionListing(src, "f")).toEqual([
      /* 0 */ "SETUP_FINALLY to 14", "LOAD_GLOBAL g", "PUSH_NULL", "CALL 0", "POP_TOP",
      /* 10 */ "POP_BLOCK", "JUMP_FORWARD to 70",
      /* 14 */ "PUSH_EXC_INFO", "SETUP_FINALLY to 60",
      /* 18 */ "LOAD_GLOBAL E", "CHECK_EXC_MATCH", "POP_JUMP_IF_FALSE to 52",
      /* 24 */ "POP_BLOCK", "STORE_FAST e", "SETUP_FINALLY to 62",
      /* 30 */ "LOAD_GLOBAL h", "PUSH_NULL", "LOAD_FAST e", "CALL 1", "POP_TOP",
      /* 40 */ "POP_BLOCK", "POP_EXCEPT", "LOAD_CONST None", "STORE_FAST e", "DELETE_FAST e",
      /* 50 */ "JUMP_FORWARD to 70",
      /* 52: no handler matched */ "POP_BLOCK", "SWAP 2", "POP_EXCEPT", "RERAISE",
      /* 60 */ "EXC_CLEANUP 1",
      /* 62 */ "LOAD_CONST None", "STORE_FAST e", "DELETE_FAST e", "EXC_CLEANUP 0",
      /* 70 */ "LOAD_CONST None", "RETURN_VALUE",
    ]);
  });

  it("compiles with as SETUP_WITH, WITH_EXIT, and a handler that may suppress", () => {
    expect(functionListing("def f():\n    with a as b:\n        g(b)\n", "f")).toEqual([
      /* 0 */ "LOAD_GLOBAL a", "SETUP_WITH to 22", "STORE_FAST b",
      /* 6 */ "LOAD_GLOBAL g", "PUSH_NULL", "LOAD_FAST b", "CALL 1", "POP_TOP",
      /* 16 */ "POP_BLOCK", "WITH_EXIT", "JUMP_FORWARD to 50",
      /* 22 */ "PUSH_EXC_INFO", "SETUP_FINALLY to 48", "WITH_EXCEPT_START", "POP_JUMP_IF_TRUE to 38",
      /* 30 */ "POP_BLOCK", "SWAP 2", "POP_EXCEPT", "RERAISE",
      /* 38: suppressed */ "POP_BLOCK", "POP_TOP", "POP_EXCEPT", "POP_TOP", "JUMP_FORWARD to 50",
      /* 48 */ "EXC_CLEANUP 1",
      /* 50 */ "LOAD_CONST None", "RETURN_VALUE",
    ]);
  });

  it("unwinds with, for and finally, innermost first, under a returned value", () => {
    const src = "def f(xs):\n    try:\n        for x in xs:\n            with x:\n                return g(x)\n"
      + "    finally:\n        done()\n";
    const code = listing(codeNamed(compileSource(src), "f"));
    const at = code.indexOf("CALL 1");
    expect(code.slice(at + 1, at + 12)).toEqual([
      "POP_BLOCK", "SWAP 2", "WITH_EXIT", // leave the with: exit(None, None, None), value kept
      "SWAP 2", "POP_TOP", // drop the iterator under the value
      "POP_BLOCK", "LOAD_GLOBAL done", "PUSH_NULL", "CALL 0", "POP_TOP", // the finally body, inlined
      "RETURN_VALUE",
    ]);
  });

  it("leaves an except handler with POP_BLOCK, POP_EXCEPT and unbinds its name on break", () => {
    const src = "def f(xs):\n    for x in xs:\n        try:\n            g()\n        except E as e:\n            break\n";
    const code = listing(codeNamed(compileSource(src), "f"));
    const at = code.indexOf("STORE_FAST e");
    expect(code.slice(at + 2, at + 9)).toEqual([
      "POP_BLOCK", "POP_EXCEPT", "LOAD_CONST None", "STORE_FAST e", "DELETE_FAST e", "POP_TOP",
      "JUMP_FORWARD to " + 2 * code.lastIndexOf("LOAD_CONST None"),
    ]);
  });

  it("raises with RAISE_VARARGS 0, 1 or 2", () => {
    const code = functionListing("def f(a, b):\n    raise\n    raise a\n", "f");
    expect(code).toEqual(["RAISE_VARARGS 0"]); // what follows a raise is never emitted
    expect(functionListing("def f(a, b):\n    raise a from b\n", "f")).toEqual([
      "LOAD_FAST a", "LOAD_FAST b", "RAISE_VARARGS 2",
    ]);
  });
});

describe("functions, classes and comprehensions", () => {
  it("makes a function from defaults, keyword defaults, closure and code", () => {
    const src = "def outer(n):\n    def f(a, b=1, *, c=n, **kw):\n        return a + n\n    return f\n";
    const outer = codeNamed(compileSource(src), "outer");
    expect(listing(outer).slice(0, 9)).toEqual([
      "LOAD_CONST (1,)", "LOAD_CONST 'c'", "LOAD_DEREF n", "BUILD_MAP 1", "LOAD_CLOSURE n",
      "BUILD_TUPLE 1", 'LOAD_CONST <code object f at 0x0000, file "t.py", line 2>',
      "MAKE_FUNCTION defaults, kwdefaults, closure", "STORE_FAST f",
    ]);
    expect(outer.cellvars).toEqual(["n"]);
    expect(outer.cell2arg).toEqual([0]); // the argument n moves into its cell
    const f = codeNamed(outer, "f");
    expect(f.qualname).toBe("outer.<locals>.f");
    expect(f.varnames).toEqual(["a", "b", "c", "kw"]);
    expect([f.argcount, f.kwonlyargcount]).toEqual([2, 1]);
    expect(f.flags).toBe(CO_OPTIMIZED | CO_NEWLOCALS | CO_NESTED | CO_VARKEYWORDS);
    expect(f.freevars).toEqual(["n"]);
    expect(listing(f)).toEqual(["LOAD_FAST a", "LOAD_DEREF n", "BINARY_OP +", "RETURN_VALUE"]);
  });

  it("marks generators and compiles yield", () => {
    const gen = codeNamed(compileSource("def g(*a):\n    x = yield 1\n"), "g");
    expect(gen.flags).toBe(CO_OPTIMIZED | CO_NEWLOCALS | CO_GENERATOR | CO_VARARGS);
    expect(listing(gen)).toEqual(["LOAD_CONST 1", "YIELD_VALUE", "STORE_FAST x", "LOAD_CONST None", "RETURN_VALUE"]);
  });

  it("calls a comprehension's function with the iterator of its first iterable", () => {
    const src = "def f(xs, n):\n    return [x * n for x in xs if x]\n";
    const code = codeNamed(compileSource(src), "f");
    expect(listing(code)).toEqual([
      "LOAD_CLOSURE n", "BUILD_TUPLE 1",
      'LOAD_CONST <code object <listcomp> at 0x0000, file "t.py", line 2>', "MAKE_FUNCTION closure",
      "PUSH_NULL", "LOAD_FAST xs", "GET_ITER", "CALL 1", "RETURN_VALUE",
    ]);
    const comp = codeNamed(code, "<listcomp>");
    expect(comp.qualname).toBe("f.<locals>.<listcomp>");
    expect(comp.varnames).toEqual([".0", "x"]);
    expect(comp.argcount).toBe(1);
    expect(listing(comp)).toEqual([
      /* 0 */ "BUILD_LIST 0", "LOAD_FAST .0",
      /* 4 */ "FOR_ITER to 22", "STORE_FAST x", "LOAD_FAST x", "POP_JUMP_IF_FALSE to 20",
      /* 12 */ "LOAD_FAST x", "LOAD_DEREF n", "BINARY_OP *", "LIST_APPEND 2",
      /* 20 */ "JUMP_BACKWARD to 4",
      /* 22 */ "RETURN_VALUE",
    ]);
  });

  it("appends to the result under every iterator of a nested comprehension", () => {
    const comp = codeNamed(compileSource("{k: v for k in a for v in k}\n"), "<dictcomp>");
    expect(listing(comp)).toContain("MAP_ADD 3");
    const gen = codeNamed(compileSource("(y for y in a)\n"), "<genexpr>");
    expect(gen.flags & CO_GENERATOR).toBe(CO_GENERATOR);
    expect(listing(gen).slice(3, 6)).toEqual(["LOAD_FAST y", "YIELD_VALUE", "POP_TOP"]);
  });

  it("builds a class with __build_class__ and gives it a __class__ cell when super is used", () => {
    const src = "class C(B):\n    'doc'\n    def m(self):\n        return super().m()\n";
    const code = compileSource(src);
    expect(listing(code)).toEqual([
      "LOAD_BUILD_CLASS", "PUSH_NULL", 'LOAD_CONST <code object C at 0x0000, file "t.py", line 1>',
      "MAKE_FUNCTION 0", "LOAD_CONST 'C'", "LOAD_NAME B", "CALL 3", "STORE_NAME C",
      "LOAD_CONST None", "RETURN_VALUE",
    ]);
    const body = codeNamed(code, "C");
    expect(body.flags).toBe(CO_CLASS_BODY);
    expect(body.cellvars).toEqual(["__class__"]);
    expect(listing(body)).toEqual([
      "LOAD_NAME __name__", "STORE_NAME __module__", "LOAD_CONST 'C'", "STORE_NAME __qualname__",
      "LOAD_CONST 'doc'", "STORE_NAME __doc__",
      "LOAD_CLOSURE __class__", "BUILD_TUPLE 1", 'LOAD_CONST <code object m at 0x0000, file "t.py", line 3>',
      "MAKE_FUNCTION closure", "STORE_NAME m",
      "LOAD_CLOSURE __class__", "STORE_NAME __classcell__", "LOAD_CONST None", "RETURN_VALUE",
    ]);
    expect(codeNamed(code, "m").qualname).toBe("C.m");
  });

  it("reads a class body's free variables with LOAD_CLASSDEREF, and globals from methods", () => {
    const src = "def f(v):\n    class C:\n        w = v\n        def g(self):\n            return w\n    return C\n";
    const code = compileSource(src);
    expect(listing(codeNamed(code, "C"))[4]).toBe("LOAD_CLASSDEREF v");
    expect(listing(codeNamed(code, "g"))).toEqual(["LOAD_GLOBAL w", "RETURN_VALUE"]);
  });

  it("mangles private names inside a class", () => {
    const code = compileSource("class C:\n    def __m(self):\n        return self.__x\n");
    expect(listing(codeNamed(code, "C"))).toContain("STORE_NAME _C__m");
    expect(listing(codeNamed(code, "__m"))).toContain("LOAD_ATTR _C__x");
  });
});

describe("other expressions and statements", () => {
  it("formats f-string pieces and joins them", () => {
    expect(functionListing("def f(x, w):\n    return f'<{x!r:>{w}}>'\n", "f")).toEqual([
      "LOAD_CONST '<'", "LOAD_FAST x", "LOAD_CONST '>'", "LOAD_FAST w", "FORMAT_VALUE 0",
      "BUILD_STRING 2", "FORMAT_VALUE repr, with format", "LOAD_CONST '>'", "BUILD_STRING 3", "RETURN_VALUE",
    ]);
    expect(functionListing("def f(x):\n    return f'{x}'\n", "f")).toEqual(["LOAD_FAST x", "FORMAT_VALUE 0", "RETURN_VALUE"]);
  });

  it("imports modules, submodules and names", () => {
    expect(listing(compileSource("import a.b.c\nimport a.b as d\nfrom m import x as y, z\n"))).toEqual([
      "LOAD_CONST None", "IMPORT_NAME a.b.c", "STORE_NAME a",
      "LOAD_CONST None", "IMPORT_NAME a.b", "LOAD_ATTR b", "STORE_NAME d",
      "LOAD_CONST ('x', 'z')", "IMPORT_NAME m", "IMPORT_FROM x", "STORE_NAME y", "IMPORT_FROM z",
      "STORE_NAME z", "POP_TOP",
      "LOAD_CONST None", "RETURN_VALUE",
    ]);
  });

  it("folds negative numbers and constant tuples", () => {
    expect(listing(compileSource("x = (-1, 2.5, ('a',))\n"))[0]).toBe("LOAD_CONST (-1, 2.5, ('a',))");
  });

  it("records the source line of every instruction", () => {
    const code = compileSource("x = 1\nif x:\n    y = (x +\n         2)\n");
    // LOAD_CONST 1, STORE_NAME x | LOAD_NAME x, POP_JUMP_IF_FALSE | LOAD_NAME x, LOAD_CONST 2
    // (on its own line), BINARY_OP, STORE_NAME y | the implicit return, on the last line seen.
    expect(code.lines).toEqual([1, 1, 2, 2, 3, 4, 3, 3, 3, 3]);
    expect(code.lines.length).toBe(code.code.length);
  });
});

describe("stack depth", () => {
  it("computes the deepest stack and block nesting over all paths", () => {
    const f = (src: string) => codeNamed(compileSource(src), "f");
    // [g, NULL, 1, 2, 3] at the call.
    expect(f("def f():\n    g(1, 2, 3)\n").stacksize).toBe(5);
    // A with's handler holds [exit, prev, exc, result]; a try inside it adds one block.
    const nested = f("def f():\n    with a:\n        try:\n            pass\n        except E:\n            pass\n");
    expect(nested.maxblocks).toBe(2);
    expect(nested.stacksize).toBe(4);
    // In the handler of a try inside a for: [iter, prev, exc, E].
    const loop = f("def f(xs):\n    for x in xs:\n        try:\n            pass\n        except E:\n            pass\n");
    expect([loop.stacksize, loop.maxblocks]).toEqual([4, 1]);
  });

  it("rejects code whose paths disagree on the stack depth", () => {
    const code = [
      encode(Op.LOAD_CONST, 0), encode(Op.POP_JUMP_IF_FALSE, 3), encode(Op.LOAD_CONST, 0),
      encode(Op.LOAD_CONST, 0), encode(Op.RETURN_VALUE),
    ];
    expect(() => stackDepth(code)).toThrow(/inconsistent stack depth at instruction 3/);
    expect(stackDepth(code.slice(2))).toEqual({ stacksize: 2, maxblocks: 0 });
  });

  it("compiles every program in programs/ to consistent code", () => {
    for (const file of readdirSync("programs").filter((f) => f.endsWith(".py"))) {
      const src = readFileSync(`programs/${file}`, "utf8");
      const code = compile(parse(src, file), file, src);
      expect(code.flags, file).toBe(CO_MODULE);
    }
  }, 60_000);
});

describe("scopes", () => {
  const snippets = [
    "def outer():\n    x = 1\n    def inner():\n        nonlocal x\n        x += 1\n        return x\n    return inner\n",
    "x = 0\ndef f():\n    global x\n    x = 1\n",
    "def f(a, *args, b=1, **kw):\n    return lambda y: a + y + b\n",
    "class C(Base):\n    attr = 1\n    def m(self):\n        return super().m() + attr\n",
    "def f():\n    v = 2\n    class C:\n        y = v\n        def g(self):\n            return v\n    return C\n",
    "def f():\n    v = 2\n    class C:\n        v = 3\n        def g(self):\n            return v\n    return C\n",
    "def f(xs):\n    n = 3\n    return [x * n for x in xs if x > n]\n",
    "def f(xs):\n    return {k: [v for v in range(k)] for k in xs}\n",
    "def f(xs):\n    if any((y := x) > 3 for x in xs):\n        return y\n",
    "ys = [(last := x) for x in range(3)]\n",
    "try:\n    pass\nexcept E as e:\n    print(e)\n",
    "import os.path\nimport a.b as c\nfrom m import x as y, z\ndef f():\n    import os\n    del os\n",
    "def f(T):\n    def g(x: T) -> T:\n        return x\n    return g\n",
    "def f():\n    def g():\n        def h():\n            return q\n        return h\n    q = 1\n    return g\n",
    "class A:\n    def __init__(self):\n        self.__x = 1\n    def __get(self):\n        return __y\n",
    "class C:\n    def m(self):\n        def n():\n            return __class__\n        return n\n",
    "class C:\n    x = [y for y in range(3)]\n    z = (lambda: x)\n",
    "def f(a):\n    def g():\n        global a\n        a = 1\n    def h():\n        return a\n",
    "def outer():\n    def middle():\n        x = 1\n        def inner():\n            return [x for _ in range(2)]\n    return middle\n",
  ];

  interface Tree {
    name: string;
    type: string;
    symbols: Record<string, string>;
    children: Tree[];
  }

  function tree(b: Block): Tree {
    return { name: b.name, type: b.type, symbols: Object.fromEntries(b.scopes), children: b.children.map(tree) };
  }

  it("classifies every name as CPython's symtable module does", () => {
    const cpython: Tree[] = JSON.parse(execFileSync("python3", ["test/helpers/symtable_scopes.py"], {
      input: JSON.stringify(snippets),
    }).toString());
    snippets.forEach((src, i) => {
      const mine = tree(buildSymtable(parse(src, FILE), new SourceInfo(FILE, src)).top);
      expect(mine, src).toEqual(cpython[i]);
    });
  });
});

describe("syntax errors", () => {
  const cases: [string, string, number, number][] = [
    ["x = 1\nbreak\n", "'break' outside loop", 2, 1],
    ["while 1:\n    pass\ncontinue\n", "'continue' not properly in loop", 3, 1],
    ["def f():\n    for x in y:\n        def g():\n            break\n", "'break' outside loop", 4, 13],
    ["def f():\n    print(x)\n    global x\n", "name 'x' is used prior to global declaration", 3, 5],
    ["def f():\n    x = 1\n    global x\n", "name 'x' is assigned to before global declaration", 3, 5],
    ["def f(x):\n    global x\n", "name 'x' is parameter and global", 2, 5],
    ["def f():\n    def g():\n        nonlocal y\n", "no binding for nonlocal 'y' found", 3, 9],
    ["nonlocal x\n", "nonlocal declaration not allowed at module level", 1, 1],
    ["return 5\n", "'return' outside function", 1, 1],
    ["yield 5\n", "'yield' outside function", 1, 1],
    ["class C:\n    yield 1\n", "'yield' outside function", 2, 5],
    ["[(yield x) for x in y]\n", "'yield' inside list comprehension", 1, 3],
    ["def f(a, a): pass\n", "duplicate argument 'a' in function definition", 1, 10],
    ["try:\n    pass\nexcept:\n    pass\nexcept E:\n    pass\n", "default 'except:' must be last", 3, 1],
    ["a, *b, *c = x\n", "multiple starred expressions in assignment", 1, 1],
    ["x = *a\n", "can't use starred expression here", 1, 5],
    ["f(a=1, a=2)\n", "keyword argument repeated: a", 1, 8],
    ["class C(A, B): pass\n", "multiple inheritance is not supported by gilvm", 1, 12],
    ["class C(metaclass=M): pass\n", "metaclasses are not supported by gilvm", 1, 9],
  ];

  it.each(cases)("%j: %s", (src, msg, lineno, offset) => {
    let err: unknown = null;
    try {
      compileSource(src);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PySyntaxError);
    const e = err as PySyntaxError;
    expect([e.msg, e.filename, e.lineno, e.offset]).toEqual([msg, FILE, lineno, offset]);
    expect(e.text).toBe(src.split("\n")[lineno - 1] + "\n");
  });
});
