// Syntax errors look exactly as CPython 3.11 prints them: each broken snippet is run as
// `python3 x.py` (all of them in one python3 call, test/helpers/parser_run_each.py) and
// its stderr must equal formatSyntaxError of gilvm's error for the same file.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "../vm/parser.js";
import { PySyntaxError, formatSyntaxError } from "../vm/syntax_error.js";

const BROKEN: Record<string, string> = {
  "invalid syntax": "x = 5 6\n",
  "invalid syntax at the end of a line": "x = 1 +\n",
  "else without if": "else:\n    pass\n",
  "expected ':' after if": "if x == 1\n    print(x)\n",
  "expected ':' after def": "def f()\n    pass\n",
  "expected ':' after class": "class A(B)\n    pass\n",
  "expected ':' after for": "for i in range(10)\n    print(i)\n",
  "expected ':' after while": "while True\n    pass\n",
  "expected ':' after with": "with open(p) as f\n    pass\n",
  "expected ':' after else": "if x:\n    pass\nelse\n    pass\n",
  "expected ':' after try": "try\n    pass\nexcept:\n    pass\n",
  "expected ':' after except": "try:\n    x\nexcept ValueError as e\n    y\n",
  "expected '('": "def f x:\n    pass\n",
  "unclosed parenthesis": "print('hello'\n",
  "unclosed bracket before more code": "x = [1, 2\ny = 3\n",
  "unclosed brace over lines": "d = {\n    'a': 1,\n    'b': 2\n\nprint(d)\n",
  "unmatched closing parenthesis": "print('hello'))\n",
  "mismatched brackets": "x = [1, 2, 3)\n",
  "mismatched brackets over lines": "x = (\n    1]\n",
  "unexpected indent": "x = 1\n    y = 2\n",
  "unexpected indent before a later error": "x = 1\n    y = 2\nz = 'abc\n",
  "expected an indented block after if": "if x:\npass\n",
  "expected an indented block after def": "def f():\nreturn 1\n",
  "expected an indented block after class": "class C:\nx = 1\n",
  "expected an indented block after for": "for x in y:\nprint(x)\n",
  "expected an indented block after while": "while x:\nx -= 1\n",
  "expected an indented block after try": "try:\nx\n",
  "expected an indented block after except": "try:\n    x\nexcept:\ny\n",
  "expected an indented block after finally": "try:\n    x\nfinally:\ny\n",
  "expected an indented block after else": "if x:\n    y\nelse:\nz\n",
  "expected an indented block after elif": "if x:\n    y\nelif z:\nw\n",
  "expected an indented block after with": "with a:\nb\n",
  "expected an indented block at the end of the file": "def f():\n    if b:\n",
  "expected 'except' or 'finally'": "try:\n    pass\nx = 1\n",
  "unindent does not match": "def f():\n    x = 1\n   y = 2\n",
  "inconsistent tabs and spaces": "if True:\n\tx = 1\n        y = 2\n",
  "unterminated string": "s = 'it's'\n",
  "unterminated triple-quoted string": "s = '''abc\n\nprint(s)\n",
  "string broken over a line": "s = \"abc\ndef\"\n",
  "invalid decimal literal": "x = 12abc\n",
  "leading zeros": "x = 0777\n",
  "invalid digit in octal literal": "x = 0o8\n",
  "invalid hexadecimal literal": "x = 0x\n",
  "cannot assign to literal": "1 = x\n",
  "cannot assign to function call": "f() = 1\n",
  "cannot assign to expression": "x + 1 = 2\n",
  "cannot assign in a chain": "x = 1 = 2\n",
  "cannot assign to True": "True = 1\n",
  "cannot assign in a for loop": "for 1 in x: pass\n",
  "cannot delete": "del f()\n",
  "illegal augmented assignment": "a, b += 1\n",
  "error range over two lines": "(a,\n b) += 1\n",
  "only single target can be annotated": "(x, y): int = 1\n",
  "maybe you meant ==": "if x = 1:\n    pass\n",
  "missing parentheses in print": "print 'hello'\n",
  "perhaps you forgot a comma": "[1 2 3]\n",
  "perhaps you forgot a comma in a call": "foo(a, b c)\n",
  "expected else": "x = 1 if y\n",
  "positional argument follows keyword argument": "f(a=1, b)\n",
  "generator must be parenthesized": "f(x for x in y, 1)\n",
  "non-default argument follows default": "def f(a=1, b): pass\n",
  "named arguments must follow bare *": "def f(*): pass\n",
  "expression cannot contain assignment": "f(a.b=1)\n",
  "dict key without a value": "{1: 2, 3}\n",
  "trailing comma in from import": "from x import a,\n",
  "continuation character followed by text": "x = 1 \\ 2\n",
  "backslash at the end of the file": "x = \\\n",
  "invalid character": "x = 5 € 3\n",
  "invalid non-printable character": "x = \u00a01\n",
  "f-string expecting }": "s = f'{x'\n",
  "f-string single }": "s = f'a}b'\n",
  "f-string empty expression": "s = f'{}'\n",
  "f-string backslash in expression": "s = f'{a\\\\b}'\n",
  "f-string invalid conversion": "s = f'{x!z}'\n",
  "f-string error inside the expression": "s = f'{a b}' + 1\n",
  "non-ASCII text before the error": "x = 'ünïcödé' +\n",
};

const names = Object.keys(BROKEN);
const helper = fileURLToPath(new URL("./helpers/parser_run_each.py", import.meta.url));
const python = spawnSync("python3", [helper], { input: JSON.stringify(Object.values(BROKEN)), encoding: "utf8" });
if (python.status !== 0) throw new Error(`parser_run_each.py failed: ${python.stderr}`);
const runs: { path: string; stderr: string }[] = JSON.parse(python.stdout);

function gilvmStderr(source: string, filename: string): string {
  try {
    parse(source, filename);
  } catch (e) {
    if (e instanceof PySyntaxError) return formatSyntaxError(e);
    throw e;
  }
  return "(no error)";
}

describe("syntax errors print as `python3 x.py` prints them", () => {
  it("covers at least 25 kinds of mistakes", () => {
    expect(names.length).toBeGreaterThanOrEqual(25);
  });

  names.forEach((name, i) => {
    it(name, () => {
      const { path, stderr } = runs[i];
      expect(stderr).toMatch(/^(SyntaxError|IndentationError|TabError): /m);
      expect(gilvmStderr(BROKEN[name], path)).toBe(stderr);
    });
  });
});

/** Lines as printed on stderr, each ending with a newline. */
function printed(...lines: string[]): string {
  return lines.map((line) => `${line}\n`).join("");
}

describe("constructs outside gilvm's subset", () => {
  const cases: [string, string, string][] = [
    ["match", "command = 'go'\nmatch command:\n    case 'go':\n        pass\n", printed(
      '  File "x.py", line 2',
      "    match command:",
      "    ^^^^^",
      "SyntaxError: 'match' statements are not supported by gilvm",
    )],
    ["async def", "async def main():\n    pass\n", printed(
      '  File "x.py", line 1',
      "    async def main():",
      "    ^^^^^^^^^",
      "SyntaxError: 'async' functions are not supported by gilvm",
    )],
    ["await", "x = await f()\n", printed(
      '  File "x.py", line 1',
      "    x = await f()",
      "        ^^^^^",
      "SyntaxError: 'await' expressions are not supported by gilvm",
    )],
    ["bytes", "data = b'\\x00'\n", printed(
      '  File "x.py", line 1',
      "    data = b'\\x00'",
      "           ^^^^^^^",
      "SyntaxError: bytes literals are not supported by gilvm",
    )],
    ["complex", "z = 2 + 3j\n", printed(
      '  File "x.py", line 1',
      "    z = 2 + 3j",
      "            ^^",
      "SyntaxError: complex literals are not supported by gilvm",
    )],
    ["except*", "try:\n    pass\nexcept* OSError:\n    pass\n", printed(
      '  File "x.py", line 3',
      "    except* OSError:",
      "    ^^^^^^^",
      "SyntaxError: 'except*' is not supported by gilvm",
    )],
    ["relative import", "from ..pkg import mod\n", printed(
      '  File "x.py", line 1',
      "    from ..pkg import mod",
      "         ^",
      "SyntaxError: relative imports are not supported by gilvm",
    )],
  ];
  it.each(cases)("%s", (_name, source, expected) => {
    expect(gilvmStderr(source, "x.py")).toBe(expected);
  });
});

describe("formatSyntaxError", () => {
  const error = (kind: "SyntaxError" | "IndentationError", offset: number, endOffset: number, text: string, endLineno = 1) =>
    new PySyntaxError(kind, "msg", "f.py", 1, offset, endLineno, endOffset, text);

  it("strips the line's indentation and moves the caret with it", () => {
    expect(formatSyntaxError(error("SyntaxError", 9, 10, "    x = )\n")))
      .toBe(printed('  File "f.py", line 1', "    x = )", "        ^", "SyntaxError: msg"));
  });

  it("underlines a range with several carets", () => {
    expect(formatSyntaxError(error("SyntaxError", 5, 9, "x = f(1) + 2\n")))
      .toBe(printed('  File "f.py", line 1', "    x = f(1) + 2", "        ^^^^", "SyntaxError: msg"));
  });

  it("underlines to the end of the first line when the range goes on", () => {
    expect(formatSyntaxError(error("SyntaxError", 5, 3, "x = (1,\n", 2)))
      .toBe(printed('  File "f.py", line 1', "    x = (1,", "        ^^^", "SyntaxError: msg"));
  });

  it("prints no caret left of the text, and one caret past its end at most", () => {
    expect(formatSyntaxError(error("SyntaxError", 0, -1, "x\n")))
      .toBe(printed('  File "f.py", line 1', "    x", "SyntaxError: msg"));
    expect(formatSyntaxError(error("SyntaxError", 40, 41, "x\n")))
      .toBe(printed('  File "f.py", line 1', "    x", "     ^", "SyntaxError: msg"));
  });

  it("ignores the end of an IndentationError, as CPython does for subclasses", () => {
    expect(formatSyntaxError(error("IndentationError", 1, 7, "return 1\n")))
      .toBe(printed('  File "f.py", line 1', "    return 1", "    ^", "IndentationError: msg"));
  });

  it("adds the newline a last line without one lacks", () => {
    expect(formatSyntaxError(error("SyntaxError", 1, 2, "x")))
      .toBe(printed('  File "f.py", line 1', "    x", "    ^", "SyntaxError: msg"));
  });
});
