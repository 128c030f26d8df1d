// The parser builds exactly the tree CPython 3.11 builds: every snippet below is parsed
// by gilvm and by `ast.parse` (through test/helpers/ast_dump.py, one python3 run for
// the whole file) and the two trees must be equal, positions included.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "../vm/parser.js";
import { PySyntaxError } from "../vm/syntax_error.js";

const SNIPPETS: Record<string, string> = {
  // simple statements
  "assignment": "x = 1\n",
  "chained assignment": "a = b = c = 0\n",
  "tuple and list targets": "a, b = 1, 2\n[c, d] = (e, f) = g\n",
  "starred target": "first, *rest = items\n*init, last = items\n",
  "nested targets": "(a, [b, *c]), d = x\nfor (i, j), k in pairs: pass\n",
  "attribute and subscript targets": "obj.attr = 1\nobj[0] = 2\nobj.a.b[1][2] = 3\n",
  "augmented assignment": "x += 1\nx -= 2\nx *= 3\nx /= 4\nx //= 5\nx %= 6\nx **= 7\nx >>= 8\nx <<= 9\nx &= 10\nx ^= 11\nx |= 12\nx @= m\n",
  "annotated assignment": "x: int = 5\ny: list[int]\nself.z: str = 'a'\n(w): int = 1\nd['k']: float\n",
  "expression statement": "f(x)\n'docstring'\n...\n",
  "pass break continue": "while True:\n    pass\n    break\n    continue\n",
  "del": "del a\ndel a, b.c, d[0]\ndel (e, f), [g]\n",
  "return": "def f():\n    return\ndef g():\n    return 1, 2\ndef h():\n    return *a, b\n",
  "raise": "raise\nraise ValueError('bad')\nraise KeyError from exc\n",
  "assert": "assert x\nassert x > 0, 'must be positive'\n",
  "import": "import os\nimport concurrent.futures\nimport a.b.c as d, e as f\n",
  "from import": "from m import a\nfrom x.y import b as c, d\nfrom m import (e,\n    f as g,)\nfrom m import *\n",
  "global and nonlocal": "def f():\n    global a, b\n    def g():\n        nonlocal c\n",
  "semicolons": "a = 1; b = 2; f(a)\nx = 1;\n",
  "line continuations": "x = 1 + \\\n    2\nif a and \\\n   b: pass\n",
  "implicit continuation": "total = (1 +\n         2 +\n         3)\nitems = [\n    1,\n    2,\n]\nf(a,\n  b)\n",
  "comments and blank lines": "# header\n\nx = 1  # trailing\n\n\n    # indented comment\ny = 2\n",
  // compound statements
  "if elif else": "if a:\n    x = 1\nelif b:\n    x = 2\nelif c:\n    pass\nelse:\n    x = 3\n",
  "nested blocks": "for i in range(3):\n    if i:\n        while x:\n            x -= 1\n    else:\n        y = 2\nz = 3\n",
  "bodies on the colon's line": "if x: y = 1; z = 2\nwhile x: x -= 1\nfor i in r: pass\nclass C: pass\ndef f(): return 1\n",
  "for with else": "for x in y:\n    continue\nelse:\n    done()\n",
  "for over a tuple": "for k, v in d.items(): print(k, v)\nfor x, in pairs: pass\nfor i in 1, 2, 3: pass\n",
  "while with else": "while i < 10:\n    i += 1\nelse:\n    print('done')\n",
  "with": "with open(p) as f:\n    pass\nwith a, b as c, d() as (e, f):\n    pass\nwith lock:\n    pass\n",
  "parenthesized with": "with (a as b, c as d):\n    pass\nwith (a, b):\n    pass\nwith (a, b) as c:\n    pass\nwith (open(p)) as f:\n    pass\n",
  "try except": "try:\n    x\nexcept ValueError:\n    a\nexcept (TypeError, KeyError) as e:\n    b\nexcept:\n    c\n",
  "try else finally": "try:\n    x\nexcept E as e:\n    y\nelse:\n    z\nfinally:\n    w\ntry:\n    pass\nfinally:\n    pass\n",
  "function definition": "def f(a, b=1, *args, c, d=2, **kwargs) -> int:\n    return a\n",
  "positional-only and keyword-only": "def f(a, b=2, /, c=3, *, d, e=5): pass\ndef g(*, key): pass\ndef h(a, /): pass\n",
  "annotations": "def f(a: int, *args: str, b: 'x' = None, **kw: float) -> list[int]: pass\n",
  "decorators": "@staticmethod\n@functools.wraps(f)\n@(lambda g: g)\ndef f(): pass\n@dataclass\nclass C: pass\n",
  "class": "class C(Base, metaclass=Meta, **opts):\n    x = 1\n    def m(self):\n        return self.x\n",
  "empty class parentheses": "class C(): pass\nclass D(object,): pass\n",
  "generators": "def g():\n    yield\n    yield 1\n    x = yield\n    y = yield a, b\n    yield from range(3)\n    await_ = (yield)\n",
  "docstrings": "def f():\n    '''Doc.\n\n    More.\n    '''\n    return 1\n",
  "tab indentation": "if x:\n\ty = 1\n\tif y:\n\t\tz = 2\n",
  "soft keyword names": "match = 3\nmatch(x)\nmatch[x]: int = 3\ncase = match.case\n_ = print\n",
  // expressions
  "arithmetic precedence": "x = a + b * c - d / e // f % g @ h\n",
  "power binds tighter than unary minus": "x = -a ** -b\ny = (-a) ** b\nz = a ** b ** c\n",
  "unary operators": "x = -a + +b - ~c\ny = not not a\n",
  "bitwise and shifts": "x = a | b ^ c & d << e >> f\n",
  "boolean operators": "x = a or b and not c or d\ny = a and b and c\n",
  "comparisons": "x = a < b <= c > d >= e == f != g\ny = a is b is not c in d not in e\n",
  "conditional expression": "x = a if b else c\ny = a if b else c if d else e\n",
  "lambda": "f = lambda: 0\ng = lambda x, y=1, *a, k, **kw: x + y\nh = lambda *, k: k\ni = lambda a, /, b: a\n",
  "named expression": "if (n := len(a)) > 10: pass\nwhile chunk := f.read(): pass\nprint(y := 1)\n[z := 1, z ** 2]\n",
  "calls": "f()\nf(a, b)\nf(a, *args, key=1, **kwargs)\nf(*a, *b, **c, **d)\nf(a,)\nf(x=1)(2)(3)\n",
  "call with a generator argument": "f(x for x in y)\nsum(i * i for i in range(10) if i % 2)\n",
  "attributes and subscripts": "a.b.c\na[0][1]\na.b[c].d(e)[f]\n",
  "slices": "a[1:2]\na[:]\na[::]\na[::2]\na[1:]\na[:-1]\na[1:2:3]\na[x, y]\na[1:2, ::3]\na[:, None]\n",
  "starred subscript": "a[*b]\na[*b, c]\n",
  "tuple displays": "()\n(1,)\n1,\n(1, 2)\n1, 2,\n((a, b), c)\n",
  "list displays": "[]\n[1]\n[1, 2,]\n[*a, *b, c]\n",
  "dict displays": "{}\n{1: 2}\n{'a': 1, **d, 'b': 2,}\n{**a, **b}\n",
  "set displays": "{1}\n{1, 2}\n{*a, b}\n",
  "comprehensions": "[x for x in y]\n[x for x in y if x if x > 1 for z in x]\n{x for x in y}\n{k: v for k, v in d.items()}\n(x for x in y)\n[(a, b) for a, b in c]\n",
  "comprehension with named expression": "[y := f(x) for x in data]\n[x for x in y if (z := x)]\n",
  "parentheses keep inner positions": "x = (a + b) * c\ny = ((a))\nz = (a).b\nw = (f)(x)\n",
  "constants": "x = True, False, None, ...\n",
  // literals
  "integers": "x = 0, 7, 1_000_000, 0x_FF, 0XFF, 0o17, 0O17, 0b1010, 0B1, 00, 0_0\n",
  "big integers": "x = 123456789012345678901234567890123456789\ny = 2 ** 100\n",
  "floats": "x = 1.5, 1., .5, 1e10, 1E-5, 1.5e+3, 0e0, 1_0.0_1, 077.5, 1e400\n",
  "number followed by a keyword": "x = 1if y else 2\nz = [0x1for x in y]\n",
  "string quotes": "a = 'single'\nb = \"double\"\nc = '''triple\nsingle'''\nd = \"\"\"triple\ndouble\"\"\"\ne = ''\nf = \"\"\n",
  "string prefixes": "a = r'\\n'\nb = R'\\d'\nc = u'x'\nd = U'y'\n",
  "escapes": "s = '\\n\\t\\r\\\\\\'\\\"\\a\\b\\f\\v\\0\\101\\777\\x41\\u0041\\U0001F40D'\n",
  "named escapes": "s = '\\N{BULLET} \\N{em dash} \\N{GREEK SMALL LETTER LAMDA} \\N{LATIN CAPITAL LETTER A}'\n",
  "unknown escapes stay": "s = '\\d\\w\\8 \\q'\n",
  "backslash newline in strings": "s = 'a\\\nb'\nt = '''c\\\nd'''\n",
  "adjacent strings concatenate": "s = 'a' \"b\" '''c'''\nt = ('x'\n     'y')\n",
  "non-ASCII text and names": "s = 'héllo wörld'\nnaïve = 1\nπ = 3.14\nx = '🐍' + é\n",
  // f-strings
  "f-string fields": "f'{a} {b!r} {c!s} {d!a}'\n",
  "f-string format specs": "f'{x:>10}' f'{y:.2f}' f'{z:,}' f'{w:{fill}{align}{width}}'\n",
  "f-string nested field in spec": "f'{x:>{w}}'\nf'{x!r:^{w}.{p}f}'\nf'{value:{width}d} items'\n",
  "f-string self-documenting": "f'{x=}' f'{x = }' f'{x=!s}' f'{x=:>5}' f'{a + b=}'\n",
  "f-string doubled braces": "f'{{}}' f'{{{x}}}' f'a{{b'\n",
  "f-string concatenation": "s = 'a' f'b{c}d' 'e' f'{f}'\nt = f'' ''\nu = f'{a}' f'{b}'\n",
  "f-string raw and prefixes": "rf'\\n{x}' + Fr'{y}\\t' + F'{z}' + fR'{w}'\n",
  "f-string expressions": "f'{a[\"k\"]}' f\"{'x' if y else 'z'}\" f'{x, y}' f'{f(a, b=1)}' f'{(lambda: 1)()}' f'{[i for i in r]}'\n",
  "f-string comparisons inside": "f'{a != b} {a == b} {a <= b} {a > b}'\n",
  "multi-line f-string": "x = f'''\n{a}\n  {b:>{c}}\n'''\ny = f'''{\n  d\n}'''\n",
  "f-string after other text": "print('count:', f'{n:5d}', sep='')\n",
  "f-string with escapes": "f'\\t{x}\\n' f'\\N{BULLET} {y}' f'\\{z}'\n",
  // whole programs
  "threads program": `import threading

counter = 0
lock = threading.Lock()

def work(n):
    global counter
    for _ in range(n):
        with lock:
            counter += 1

threads = [threading.Thread(target=work, args=(1000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"counter = {counter}")
`,
  "class program": `class Point:
    """A point."""

    def __init__(self, x, y=0):
        self.x, self.y = x, y

    @property
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    def __repr__(self):
        return f"Point({self.x!r}, {self.y!r})"


if __name__ == "__main__":
    p = Point(3, 4)
    assert p.norm == 5.0, p
    print(sorted([p, Point(1)], key=lambda q: q.norm))
`,
  "no trailing newline": "x = 1\nif x:\n    y = 2",
  "windows newlines": "x = 1\r\nif x:\r\n    y = 2\r\n",
  "empty module": "",
  "only comments": "# nothing\n\n# here\n",
  "form feed": "\fx = 1\n",
};

const names = Object.keys(SNIPPETS);
const helper = fileURLToPath(new URL("./helpers/ast_dump.py", import.meta.url));
const python = spawnSync("python3", [helper], { input: JSON.stringify(Object.values(SNIPPETS)), encoding: "utf8", maxBuffer: 1 << 28 });
if (python.status !== 0) throw new Error(`ast_dump.py failed: ${python.stderr}`);
const expected: unknown[] = JSON.parse(python.stdout, (_key, value) => {
  // Constants come as {type, value} with numbers as text (JSON has no bigint or inf).
  if (value && typeof value === "object" && !("kind" in value)) {
    if (value.type === "int") return { type: "int", value: BigInt(value.value) };
    if (value.type === "float") return { type: "float", value: Number(value.value.replace("inf", "Infinity")) };
  }
  return value;
});

describe("parse() builds CPython 3.11's tree", () => {
  it("covers at least 80 snippets", () => {
    expect(names.length).toBeGreaterThanOrEqual(80);
  });

  names.forEach((name, i) => {
    it(name, () => {
      expect(parse(SNIPPETS[name], "x.py")).toStrictEqual(expected[i]);
    });
  });
});

describe("parse() rejects what gilvm does not run", () => {
  const cases: [string, string, string][] = [
    ["match statement", "match command:\n    case 'go':\n        pass\n", "'match' statements are not supported by gilvm"],
    ["async def", "async def f():\n    pass\n", "'async' functions are not supported by gilvm"],
    ["async for", "async for x in y:\n    pass\n", "'async for' loops are not supported by gilvm"],
    ["async with", "async with a:\n    pass\n", "'async with' statements are not supported by gilvm"],
    ["await", "x = await f()\n", "'await' expressions are not supported by gilvm"],
    ["async comprehension", "x = [i async for i in y]\n", "'async for' comprehensions are not supported by gilvm"],
    ["bytes literal", "data = b'abc'\n", "bytes literals are not supported by gilvm"],
    ["complex literal", "z = 1 + 2j\n", "complex literals are not supported by gilvm"],
    ["except*", "try:\n    pass\nexcept* ValueError:\n    pass\n", "'except*' is not supported by gilvm"],
    ["relative import", "from .sibling import x\n", "relative imports are not supported by gilvm"],
  ];
  it.each(cases)("%s", (_name, source, message) => {
    expect(() => parse(source, "x.py")).toThrow(PySyntaxError);
    try {
      parse(source, "x.py");
    } catch (e) {
      expect((e as PySyntaxError).msg).toBe(message);
    }
  });

  it("keeps match, case and _ usable as names", () => {
    expect(() => parse("match = {}\nmatch['case'] = _ = 1\nprint(match)\n", "x.py")).not.toThrow();
  });

  it("reports a real syntax error rather than an unsupported construct before it", () => {
    expect(() => parse("x = b'a'\ny = (\n", "x.py")).toThrow("'(' was never closed");
  });
});
