// The tokenizer: token kinds and positions as CPython's tokenizer produces them, its
// error messages, and string escapes decoded as Python decodes them.

import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { decodeEscapes, namedCharacters, stringParts, tokenize, type Token } from "../vm/tokenizer.js";

/** Tokens as "TYPE value line:col-line:col" strings, easy to read in a failure. */
function show(source: string): string[] {
  const { tokens } = tokenize(source, "x.py");
  return tokens.map((t) => `${t.type} ${t.value} ${t.lineno}:${t.col}-${t.endLineno}:${t.endCol}`.replace("  ", " "));
}

/** Each token's text, or its type for the layout tokens that have none. */
function kinds(source: string): string[] {
  return tokenize(source, "x.py").tokens.map((t: Token) => t.value || t.type);
}

function errorOf(source: string) {
  const { error, tokens } = tokenize(source, "x.py");
  expect(tokens[tokens.length - 1].type).toBe("ERRORTOKEN");
  const e = error!.error;
  return { kind: e.kind, msg: e.msg, lineno: e.lineno, offset: e.offset, endOffset: e.endOffset, eager: error!.eager };
}

describe("tokens", () => {
  it("splits a line into names, operators and numbers with their columns", () => {
    expect(show("total = price * 2\n")).toEqual([
      "NAME total 1:0-1:5",
      "OP = 1:6-1:7",
      "NAME price 1:8-1:13",
      "OP * 1:14-1:15",
      "NUMBER 2 1:16-1:17",
      "NEWLINE 1:17-1:17",
      "ENDMARKER 1:0-1:0",
    ]);
  });

  it("takes the longest operator", () => {
    expect(kinds("a **= b // c //= d -> e := f ... g != h <<= i >>= j == k\n")).toEqual([
      "a", "**=", "b", "//", "c", "//=", "d", "->", "e", ":=", "f", "...", "g", "!=", "h", "<<=", "i", ">>=", "j", "==", "k", "NEWLINE", "ENDMARKER",
    ]);
  });

  it("starts the NEWLINE of a commented line at the comment, as CPython does", () => {
    expect(show("x  # note\n").slice(1, 2)).toEqual(["NEWLINE 1:3-1:9"]);
  });

  it("ends every line, the last one included, and normalizes CRLF and a BOM", () => {
    expect(kinds("\uFEFFa\r\nb\rc")).toEqual(["a", "NEWLINE", "b", "NEWLINE", "c", "NEWLINE", "ENDMARKER"]);
  });

  it("normalizes non-ASCII names to NFKC and counts columns in code points", () => {
    expect(show("ﬁ = '🐍' + π\n").slice(0, 5)).toEqual(["NAME fi 1:0-1:1", "OP = 1:2-1:3", "STRING '🐍' 1:4-1:7", "OP + 1:8-1:9", "NAME π 1:10-1:11"]);
  });

  it("passes characters it does not know to the parser as operators", () => {
    expect(kinds("a $ b ? c ! d\n")).toEqual(["a", "$", "b", "?", "c", "!", "d", "NEWLINE", "ENDMARKER"]);
  });
});

describe("indentation", () => {
  it("emits INDENT and DEDENT around blocks, several DEDENTs at once", () => {
    expect(kinds("if a:\n    if b:\n        x\ny\n")).toEqual([
      "if", "a", ":", "NEWLINE", "INDENT", "if", "b", ":", "NEWLINE", "INDENT", "x", "NEWLINE", "DEDENT", "DEDENT", "y", "NEWLINE", "ENDMARKER",
    ]);
  });

  it("closes open blocks at the end of the file", () => {
    expect(kinds("def f():\n    return 1")).toEqual(["def", "f", "(", ")", ":", "NEWLINE", "INDENT", "return", "1", "NEWLINE", "DEDENT", "ENDMARKER"]);
  });

  it("ignores blank and comment-only lines, whatever their indentation", () => {
    expect(kinds("if a:\n\n        # deep comment\n    x\n  \n# low comment\n    y\n")).toEqual([
      "if", "a", ":", "NEWLINE", "INDENT", "x", "NEWLINE", "y", "NEWLINE", "DEDENT", "ENDMARKER",
    ]);
  });

  it("counts a tab to the next multiple of 8 columns", () => {
    expect(kinds("if a:\n\tx\n\tif b:\n\t\ty\n")).toEqual([
      "if", "a", ":", "NEWLINE", "INDENT", "x", "NEWLINE", "if", "b", ":", "NEWLINE", "INDENT", "y", "NEWLINE", "DEDENT", "DEDENT", "ENDMARKER",
    ]);
  });

  it("puts INDENT and DEDENT where CPython's scanner stands: after the indentation", () => {
    expect(show("if a:\n    x\ny\n").filter((t) => t.startsWith("INDENT") || t.startsWith("DEDENT"))).toEqual(["INDENT 2:4-2:4", "DEDENT 3:0-3:0"]);
  });

  it("raises TabError for tabs and spaces that only agree at one tab size", () => {
    expect(errorOf("if a:\n\tx = 1\n        y = 2\n")).toEqual({
      kind: "TabError", msg: "inconsistent use of tabs and spaces in indentation", lineno: 3, offset: 1, endOffset: 0, eager: false,
    });
  });

  it("raises IndentationError for a dedent to no enclosing level", () => {
    expect(errorOf("if a:\n    x\n  y\n")).toEqual({
      kind: "IndentationError", msg: "unindent does not match any outer indentation level", lineno: 3, offset: 4, endOffset: -1, eager: false,
    });
  });

  it("emits no layout tokens inside brackets", () => {
    const tokens = tokenize("f(a,\n      b,\n  c)\n", "x.py").tokens;
    expect(tokens.map((t) => t.type)).toEqual(["NAME", "OP", "NAME", "OP", "NAME", "OP", "NAME", "OP", "NEWLINE", "ENDMARKER"]);
    expect(tokens.map((t) => t.level)).toEqual([0, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
  });
});

describe("line continuation", () => {
  it("joins a line ending in a backslash to the next", () => {
    expect(show("x = 1 + \\\n    2\n")).toEqual([
      "NAME x 1:0-1:1", "OP = 1:2-1:3", "NUMBER 1 1:4-1:5", "OP + 1:6-1:7", "NUMBER 2 2:4-2:5", "NEWLINE 2:5-2:5", "ENDMARKER 2:0-2:0",
    ]);
  });

  it("rejects anything after the backslash", () => {
    expect(errorOf("x = 1 \\ 2\n")).toMatchObject({ msg: "unexpected character after line continuation character", lineno: 1, offset: 8 });
  });

  it("rejects a backslash at the end of the file", () => {
    expect(errorOf("x = \\\n")).toMatchObject({ msg: "unexpected EOF while parsing", lineno: 1, offset: 6 });
  });
});

describe("brackets", () => {
  it("reports a closing bracket that does not match", () => {
    expect(errorOf("x = (1, 2]\n")).toMatchObject({ msg: "closing parenthesis ']' does not match opening parenthesis '('", offset: 10, eager: true });
    expect(errorOf("x = [\n  1)\n")).toMatchObject({ msg: "closing parenthesis ')' does not match opening parenthesis '[' on line 1", lineno: 2 });
  });

  it("reports a closing bracket with none open", () => {
    expect(errorOf("x = 1)\n")).toMatchObject({ msg: "unmatched ')'", offset: 6 });
  });

  it("reports a bracket still open at the end of the file at the bracket", () => {
    const { error } = tokenize("x = [1,\n     2\n", "x.py");
    expect(error).toMatchObject({ unclosed: true, eager: false });
    expect(error!.error).toMatchObject({ msg: "'[' was never closed", lineno: 1, offset: 5 });
  });
});

describe("numbers", () => {
  it("reads every literal form as one NUMBER", () => {
    const literals = ["0", "00", "0_0", "7", "1_000", "0x_fF", "0XFF", "0o17", "0O1_7", "0b10", "0B1_0", "1.5", "1.", ".5", "1e10", "1E-5", "1.5e+3", "0e0", "1_0.0_1", "077.5", "1j", "1.5J"];
    for (const literal of literals) expect(kinds(`${literal}\n`)).toEqual([literal, "NEWLINE", "ENDMARKER"]);
  });

  it("lets a keyword follow a number directly", () => {
    expect(kinds("1if x else 2\n")).toEqual(["1", "if", "x", "else", "2", "NEWLINE", "ENDMARKER"]);
    expect(kinds("0x1for\n")).toEqual(["0x1f", "or", "NEWLINE", "ENDMARKER"]);
  });

  it("reports malformed literals where CPython does", () => {
    expect(errorOf("x = 1abc\n")).toMatchObject({ msg: "invalid decimal literal", offset: 5 });
    expect(errorOf("x = 1_\n")).toMatchObject({ msg: "invalid decimal literal", offset: 6 });
    expect(errorOf("x = 1__0\n")).toMatchObject({ msg: "invalid decimal literal", offset: 6 });
    expect(errorOf("x = 1e+\n")).toMatchObject({ msg: "invalid decimal literal", offset: 7 });
    expect(errorOf("x = 0x\n")).toMatchObject({ msg: "invalid hexadecimal literal", offset: 6 });
    expect(errorOf("x = 0o8\n")).toMatchObject({ msg: "invalid digit '8' in octal literal", offset: 7 });
    expect(errorOf("x = 0b12\n")).toMatchObject({ msg: "invalid digit '2' in binary literal", offset: 8 });
    expect(errorOf("x = 0777\n")).toMatchObject({
      msg: "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", offset: 5, endOffset: 6,
    });
  });
});

describe("strings", () => {
  it("reads a whole literal, prefix and quotes included, as one STRING", () => {
    expect(kinds("r'a' b\"c\" Rb'd' f'{x}' fR\"{y}\" u'z' ''\n").slice(0, 7)).toEqual(["r'a'", 'b"c"', "Rb'd'", "f'{x}'", 'fR"{y}"', "u'z'", "''"]);
  });

  it("spans lines with a triple-quoted or backslash-continued literal", () => {
    expect(show("s = '''a\nb''' + 'c\\\nd'\n").slice(2, 5)).toEqual(["STRING '''a\nb''' 1:4-2:4", "OP + 2:5-2:6", "STRING 'c\\\nd' 2:7-3:2"]);
  });

  it("keeps an escaped quote inside the literal", () => {
    expect(kinds("'it\\'s' \"\\\"\"\n").slice(0, 2)).toEqual(["'it\\'s'", '"\\""']);
  });

  it("reports an unterminated literal at its opening, with the line where the scan stopped", () => {
    expect(errorOf("x = 'abc\n")).toMatchObject({ msg: "unterminated string literal (detected at line 1)", lineno: 1, offset: 5, eager: true });
    expect(errorOf("x = f'''abc\n\ny\n")).toMatchObject({ msg: "unterminated triple-quoted string literal (detected at line 3)", lineno: 1, offset: 5 });
  });

  it("finds the prefix, quotes and body of a literal", () => {
    expect(stringParts("rf'''x'''")).toEqual({ raw: true, bytes: false, fstring: true, unicode: false, bodyStart: 5, bodyEnd: 6 });
    expect(stringParts("''")).toMatchObject({ bodyStart: 1, bodyEnd: 1 });
    expect(stringParts("U\"a\"")).toMatchObject({ unicode: true, bodyStart: 2, bodyEnd: 3 });
  });
});

describe("escapes and named characters, compared with Python", () => {
  const bodies = [
    "plain", "\\n\\t\\r\\\\\\'\\\"\\a\\b\\f\\v", "\\0\\7\\101\\777\\1234", "\\x41\\x7e\\xff", "\\u00e9\\u2022\\uFFFF", "\\U0001F40D\\U00000041",
    "\\N{BULLET}\\N{em dash}\\N{Latin Small Letter A}\\N{GREEK CAPITAL LETTER OMEGA}", "\\d\\w\\8\\9\\q\\ ", "line\\\ncontinued", "é\\x41ü",
  ];
  const table = [...namedCharacters()];
  const script = [
    "import ast, json, sys, unicodedata",
    "data = json.load(sys.stdin)",
    "decoded = [ast.literal_eval(\"'''\" + b + \"'''\") for b in data['bodies']]",
    "names = [unicodedata.lookup(n) for n in data['names']]",
    "print(json.dumps({'decoded': decoded, 'names': names}))",
  ].join("\n");
  const input = JSON.stringify({ bodies, names: table.map(([name]) => name) });
  const python = spawnSync("python3", ["-W", "ignore", "-c", script], { input, encoding: "utf8" });
  const expected = JSON.parse(python.stdout) as { decoded: string[]; names: string[] };
  const fail = (msg: string): never => {
    throw new Error(msg);
  };

  it.each(bodies.map((b, i) => [b, i]))("decodes %j", (body, i) => {
    expect(decodeEscapes(body as string, 0, (body as string).length, fail)).toBe(expected.decoded[i as number]);
  });

  it("names each \\N{...} character as unicodedata does", () => {
    expect(table.map(([, cp]) => String.fromCodePoint(cp))).toEqual(expected.names);
  });

  it("reports bad escapes with CPython's unicodeescape message", () => {
    const message = (body: string): string => {
      try {
        decodeEscapes(body, 0, body.length, fail);
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    };
    expect(message("ab\\x4g")).toBe("(unicode error) 'unicodeescape' codec can't decode bytes in position 2-4: truncated \\xXX escape");
    expect(message("\\u12")).toBe("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \\uXXXX escape");
    expect(message("\\U00110000")).toBe("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character");
    expect(message("\\N")).toBe("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: malformed \\N character escape");
    expect(message("é\\x4g")).toBe("(unicode error) 'unicodeescape' codec can't decode bytes in position 10-12: truncated \\xXX escape");
  });
});

describe("f-string sub-sources", () => {
  it("shifts the first line of an expression to where it sits in the file", () => {
    const { tokens } = tokenize("(a + b)", "x.py", { firstLine: 3, firstLineCol: 10 });
    expect(tokens.slice(0, 5).map((t) => `${t.value} ${t.lineno}:${t.col}`)).toEqual(["( 3:10", "a 3:11", "+ 3:13", "b 3:15", ") 3:16"]);
  });
});
