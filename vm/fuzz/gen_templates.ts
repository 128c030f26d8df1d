/**
 * Shaped snippets for the corners where interpreters go wrong, with random parameters:
 * control flow through finally, generators dropped half-way (their finally runs when the
 * last reference goes), callbacks that raise inside sorted()/map()/comprehensions, NaN and
 * identity in containers, keys that are equal across numeric types, containers that hold
 * themselves, class-body scoping, the old __getitem__ iteration protocol, iterator classes,
 * bound methods, property assignment, aliasing, f-string `=`, global, exception attributes,
 * Unicode edge cases of str methods, numeric edge cases, range objects and dict views.
 *
 * Purely random code reaches these rarely and, when it does, mostly raises first; here each
 * snippet runs to completion or raises on purpose, and prints what it saw.
 */
import { strSource } from "./py_literal.js";
import { block, clause, line, type Stmt } from "./stmt_tree.js";
import type { StmtGen } from "./gen_stmt.js";

type Template = (g: StmtGen) => Stmt[];

const def = (header: string, body: Stmt[]): Stmt => block([clause(header, body)]);
const tryExcept = (body: Stmt[], report = "print('raised', type(exc).__name__, exc)"): Stmt =>
  block([clause("try:", body), clause("except Exception as exc:", [line(report)])]);

/** Returns, breaks and continues that cross finally blocks, in loops, in a function. */
const finallyFlow: Template = (g) => {
  const r = g.ctx.rng;
  const f = g.ctx.fresh("flow"), i = g.ctx.fresh("i"), acc = g.ctx.fresh("acc");
  const n = r.int(2, 5), k = r.int(0, n);
  const jump = () => r.pick(["break", "continue", `return ${acc}`, `raise ValueError(${i})`, "pass"]);
  const inner: Stmt[] = [
    line(`${acc}.append(${i})`),
    block([clause(`if ${i} == ${k}:`, [line(jump())])]),
  ];
  const fin: Stmt[] = [line(`${acc}.append(-${i} - 1)`)];
  if (r.chance(0.3)) fin.push(block([clause(`if ${i} == ${r.int(0, n)}:`, [line(r.pick(["break", "continue", `return ${acc}`]))])]));
  let loopBody: Stmt[] = [block([clause("try:", inner), clause("finally:", fin)])];
  if (r.chance(0.4)) {
    loopBody = [block([clause("try:", loopBody), clause("except ValueError as err:", [line(`${acc}.append(str(err))`), line(r.pick(["continue", "break", "pass"]))])])];
  }
  if (r.chance(0.3)) loopBody = [block([clause("try:", loopBody), clause("finally:", [line(`${acc}.append('outer')`)])])];
  const loop = r.chance(0.7)
    ? block([clause(`for ${i} in range(${n}):`, loopBody), ...(r.chance(0.4) ? [clause("else:", [line(`${acc}.append('else')`)])] : [])])
    : block([clause(`while ${i} < ${n}:`, loopBody, { fixed: [`${i} += 1`] })], [`${i} = 0`]);
  const body: Stmt[] = [line(`${acc} = []`), loop, line(`return ${acc}`)];
  const wrapped = r.chance(0.3) ? [block([clause("try:", body), clause("finally:", [line(`print('leaving', ${acc})`)])])] : body;
  return [def(`def ${f}():`, wrapped), tryExcept([line(`print(${f}())`)])];
};

/** A generator with a finally, dropped half-way: CPython closes it when its last reference goes. */
const generatorDropped: Template = (g) => {
  const r = g.ctx.rng;
  const gen = g.ctx.fresh("gen"), it = g.ctx.fresh("it"), i = g.ctx.fresh("i");
  const n = r.int(1, 5);
  const body: Stmt[] = [block([
    clause("try:", [
      block([clause(`for ${i} in range(${n}):`, [line(`yield ${i} * ${r.int(1, 9)}`)])]),
      ...(r.chance(0.3) ? [line(`print('exhausted', ${n})`)] : []),
    ]),
    ...(r.chance(0.3) ? [clause("except GeneratorExit:", [line("print('closing')"), line("raise")])] : []),
    clause("finally:", [line(`print('finally of', ${strSource(r, gen)})`)]),
  ])];
  const taken = r.int(0, n + 1);
  const uses: Stmt[] = [line(`${it} = ${gen}()`)];
  for (let t = 0; t < taken; t++) uses.push(line(`print(next(${it}, 'end'))`));
  uses.push(line(r.pick([`del ${it}`, `${it} = None`, `${it} = ${gen}()`, "pass", `print(list(${it}))`])));
  uses.push(line("print('after drop')"));
  return [def(`def ${gen}():`, body), ...uses];
};

/** A callback raising part-way through a built-in that calls it. */
const raisingCallback: Template = (g) => {
  const r = g.ctx.rng;
  const lst = g.ctx.fresh("data");
  const values = Array.from({ length: r.int(2, 6) }, () => r.int(-3, 9));
  const bad = r.pick(values);
  const cb = `lambda v: 10 // (v - ${bad})`;
  const call = r.pick([
    `sorted(${lst}, key=${cb})`, `max(${lst}, key=${cb})`, `list(map(${cb}, ${lst}))`, `[10 // (v - ${bad}) for v in ${lst}]`,
    `{v: 10 // (v - ${bad}) for v in ${lst}}`, `sum(10 // (v - ${bad}) for v in ${lst})`, `${lst}.sort(key=${cb})`,
    `','.join(str(10 // (v - ${bad})) for v in ${lst})`, `list(filter(${cb}, ${lst}))`, `any(10 // (v - ${bad}) > 100 for v in ${lst})`,
    `min(${lst}, key=${cb}, default=0)`, `sorted(${lst}, key=${cb}, reverse=True)`,
  ]);
  return [line(`${lst} = [${values.join(", ")}]`), tryExcept([line(`print(${call})`)]), line(`print(${lst})`)];
};

/** NaN is not equal to itself, but containers compare identity first. */
const nanIdentity: Template = (g) => {
  const r = g.ctx.rng;
  const n = g.ctx.fresh("nan");
  const exprs = [
    `[${n}] == [${n}]`, `${n} in [${n}]`, `${n} == ${n}`, `[float('nan')] == [float('nan')]`, `(${n},) == (${n},)`,
    `{${n}: 1}.get(${n})`, `[1, ${n}].index(${n})`, `[${n}, ${n}].count(${n})`, `${n} in {${n}}`, `{${n}} == {${n}}`,
    `${n} != ${n}`, `max([${n}, 1.0])`, `min(1.0, ${n})`, `sorted([3.0, ${n}, 1.0])`, `${n} < 1 or ${n} >= 1`, `[${n}] < [${n}]`,
  ];
  return [line(`${n} = float('nan')`), line(`print(${r.shuffled(exprs).slice(0, r.int(2, 5)).join(", ")})`)];
};

/** Keys equal across int, float and bool hash alike and keep the first key's form. */
const numericKeys: Template = (g) => {
  const r = g.ctx.rng;
  const d = g.ctx.fresh("keys");
  const pool = ["1", "1.0", "True", "0", "0.0", "-0.0", "False", "2**64", "float(2**64)", "2**53 + 1", "float(2**53)", "-1", "-2", "1e16", "10**16", "0.5", "2**61 - 1", "2**61"];
  const items = Array.from({ length: r.int(2, 6) }, (_, i) => `${r.pick(pool)}: ${i}`);
  const s = r.shuffled(pool).slice(0, r.int(2, 6));
  return [
    line(`${d} = {${items.join(", ")}}`),
    line(`print(${d}, len(${d}))`),
    line(`print(sorted({${s.join(", ")}}), len({${s.join(", ")}}))`),
    line(`print([hash(x) for x in (${s.join(", ")},)])`),
    line(`print(${r.pick(pool)} in ${d}, ${d}.get(${r.pick(pool)}, 'none'))`),
  ];
};

/** A container that holds itself prints with an ellipsis. */
const selfContaining: Template = (g) => {
  const r = g.ctx.rng;
  const a = g.ctx.fresh("loop");
  return r.pick([
    [line(`${a} = [1, 'x']`), line(`${a}.append(${a})`), line(`print(${a}, len(${a}), ${a}[2][2][0])`), line(`print(str(${a}), repr([${a}, ${a}]))`)],
    [line(`${a} = {'k': 1}`), line(`${a}['self'] = ${a}`), line(`print(${a}, len(${a}))`), line(`print([${a}])`)],
    [line(`${a} = [[]]`), line(`${a}[0].append(${a})`), line(`print(${a})`), line(`${a}[0].clear()`), line(`print(${a})`)],
  ]);
};

/** Class bodies see the enclosing function's names, but their own names only directly. */
const classBodyScope: Template = (g) => {
  const r = g.ctx.rng;
  const c = g.ctx.fresh("Scope"), outer = g.ctx.fresh("outer");
  const v = r.int(0, 9);
  const body: Stmt[] = [
    line(`a = ${outer} * 2`),
    line("b = a + 1"),
    ...(r.chance(0.5) ? [line(`c = [${outer} + i for i in range(2)]`)] : []),
    def("def m(self):", [line(r.pick(["return self.a + self.b", `return ${outer}`, "return a", "return type(self).b"]))]),
  ];
  if (r.chance(0.3)) body.push(line("d = [a for i in range(2)]"));
  return [
    line(`${outer} = ${v}`),
    tryExcept([def(`class ${c}:`, body), line(`print(${c}.a, ${c}.b, ${c}().m())`)]),
  ];
};

/** Iteration through __getitem__ until IndexError, and through __iter__/__next__. */
const iterationProtocols: Template = (g) => {
  const r = g.ctx.rng;
  const c = g.ctx.fresh("Seq"), o = g.ctx.fresh("seq");
  const n = r.int(0, 5);
  if (r.chance(0.5)) {
    return [
      def(`class ${c}:`, [def("def __getitem__(self, i):", [
        block([clause(`if i >= ${n}:`, [line(r.pick(["raise IndexError(i)", "raise StopIteration"]))])]),
        line("return i * i"),
      ])]),
      line(`${o} = ${c}()`),
      tryExcept([line(`print(list(${o}), ${r.int(0, 9)} in ${o}, [x for x in ${o} if x % 2])`)]),
      tryExcept([line(`print(sorted(${o}, reverse=True), sum(${o}), max(${o}, default=None))`)]),
    ];
  }
  return [
    def(`class ${c}:`, [
      def("def __init__(self, n):", [line("self.n = n"), line("self.i = 0")]),
      def("def __iter__(self):", [line("return self")]),
      def("def __next__(self):", [
        block([clause("if self.i >= self.n:", [line("raise StopIteration")])]),
        line("self.i += 1"),
        line("return self.i"),
      ]),
    ]),
    line(`${o} = ${c}(${n})`),
    line(`print(list(${o}), list(${o}), list(${c}(${n})))`),
    line(`print(${r.int(0, 5)} in ${c}(${n}), next(iter(${c}(${n})), 'none'), list(zip(${c}(${n}), 'abcdef')))`),
    tryExcept([line(`print(next(${o}))`)]),
  ];
};

/** Methods taken from instances and classes, and attributes that shadow. */
const boundMethods: Template = (g) => {
  const r = g.ctx.rng;
  const c = g.ctx.fresh("Bound"), o = g.ctx.fresh("obj"), m = g.ctx.fresh("meth");
  return [
    def(`class ${c}:`, [
      line(`tag = ${strSource(r, "class")}`),
      def("def __init__(self, v):", [line("self.v = v")]),
      def("def get(self, extra=0):", [line("return self.v + extra")]),
      def("def __repr__(self):", [line(`return f"${c}({self.v})"`)]),
      block([clause("def make(cls, v):", [line("return v * 2")])], ["@staticmethod"]),
    ]),
    line(`${o} = ${c}(${r.int(-5, 50)})`),
    line(`${m} = ${o}.get`),
    line(`print(${m}(), ${m}(${r.int(1, 9)}), ${c}.get(${o}, 1), ${m}.__name__, ${c}.make(3), ${o}.make(4))`),
    line(`${o}.v = ${r.int(0, 9)}`),
    line(`print(${m}(), [f() for f in [${o}.get, ${c}(2).get]], ${o}.tag, ${c}.tag)`),
    line(`${o}.tag = ${strSource(r, "instance")}`),
    line(`print(${o}.tag, ${c}.tag, getattr(${o}, 'tag'), hasattr(${c}, 'v'))`),
    tryExcept([line(`del ${o}.v`), line(`print(${o}.get())`)]),
  ];
};

/** Assigning to a read-only property, deleting attributes. */
const propertyAccess: Template = (g) => {
  const r = g.ctx.rng;
  const c = g.ctx.fresh("Prop"), o = g.ctx.fresh("p");
  return [
    def(`class ${c}:`, [
      def("def __init__(self):", [line(`self._x = ${r.int(0, 9)}`)]),
      block([clause("def x(self):", [line("return self._x * 2")])], ["@property"]),
    ]),
    line(`${o} = ${c}()`),
    line(`print(${o}.x)`),
    tryExcept([line(`${o}.x = ${r.int(0, 9)}`)]),
    tryExcept([line(`del ${o}._x`), line(`print(${o}.x)`)]),
    tryExcept([line(`print(${o}.missing)`)]),
  ];
};

/** Two names for one list: += changes it in place, + makes a new one. */
const aliasing: Template = (g) => {
  const r = g.ctx.rng;
  const a = g.ctx.fresh("a"), b = g.ctx.fresh("b");
  const op = r.pick([`${a} += [${r.int(0, 9)}]`, `${a} = ${a} + [${r.int(0, 9)}]`, `${a}.append(${r.int(0, 9)})`, `${a}[:] = [7]`, `${a} *= 2`, `${a}.extend(${b})`]);
  const init = r.pick(["[]", "[1, 2]", "[[0]] * 2"]);
  return [
    line(`${a} = ${b} = ${init}`),
    line(op),
    line(`print(${a}, ${b}, ${a} is ${b}, ${a} == ${b})`),
    line(`${a}, ${b} = ${b}, ${a}`),
    line(`print(${a}, ${b})`),
  ];
};

/** Augmented assignment through subscripts and attributes. */
const augmentedTargets: Template = (g) => {
  const r = g.ctx.rng;
  const l = g.ctx.fresh("l"), d = g.ctx.fresh("d");
  return [
    line(`${l} = [${r.int(0, 9)}, ${r.int(0, 9)}, [${r.int(0, 9)}]]`),
    line(`${d} = {'a': ${r.int(0, 9)}, 'b': [1]}`),
    line(`${l}[${r.int(-3, 1)}] += ${r.int(1, 9)}`),
    line(`${l}[2] += [${r.int(0, 9)}]`),
    line(`${d}['a'] ${r.pick(["+=", "-=", "*=", "//=", "<<=", "**="])} ${r.int(1, 5)}`),
    line(`${d}['b'] += ${d}['b']`),
    tryExcept([line(`${d}[${strSource(r, r.pick(["a", "z"]))}] += 1`)]),
    line(`print(${l}, ${d})`),
  ];
};

/** f-string `=` keeps the expression's text and uses repr unless told otherwise. */
const fstringDebug: Template = (g) => {
  const r = g.ctx.rng;
  const x = g.ctx.fresh("x");
  const val = r.pick(["3.5", "'hi'", "[1, 'a']", "None", "2**70", "-0.0", "{'k': (1,)}"]);
  const field = r.pick([`{${x}=}`, `{${x} = }`, `{${x}=!s}`, `{${x}=:>12}`, `{${x}*2=}`, `{ ${x} =}`, `{${x}!r:^14}`, `{${x}=!r:10}`]);
  return [line(`${x} = ${val}`), tryExcept([line(`print(f"[${field}]")`)])];
};

/** A module-level name written through `global`. */
const globals: Template = (g) => {
  const r = g.ctx.rng;
  const name = g.ctx.fresh("G"), f = g.ctx.fresh("setg");
  return [
    def(`def ${f}(v):`, [line(`global ${name}`), line(`${name} = v * ${r.int(1, 5)}`), line(`return ${name}`)]),
    line(`print(${f}(${r.int(0, 9)}), ${name})`),
    line(`print(${name})`),
  ];
};

/** What an exception carries: args, str, repr, __cause__, __context__. */
const exceptionDetails: Template = (g) => {
  const r = g.ctx.rng;
  const e = g.ctx.fresh("err");
  const raise = r.pick([
    "raise ValueError()", "raise ValueError('one')", "raise ValueError('one', 2)", "raise KeyError('k')", "raise KeyError(3, 4)",
    "raise IndexError", "raise RuntimeError(None)", "raise TypeError([1, 2])", "raise Exception('a', ('b',))", "raise ZeroDivisionError(0)",
    "{}[()]", "[].pop()", "int('z')", "raise AssertionError", "assert False, ('tuple', 1)", "raise StopIteration(5)",
  ]);
  const chain = r.pick(["", " from None", ` from ValueError('cause')`]);
  const inner = chain === "" ? [line(raise)] : [block([clause("try:", [line(raise)]), clause("except Exception as first:", [line(`raise RuntimeError('second')${chain}`)])])];
  return [block([clause("try:", inner), clause(`except Exception as ${e}:`, [
    line(`print(type(${e}).__name__, ${e}.args, str(${e}), repr(${e}))`),
    line(`print(repr(${e}.__cause__), repr(${e}.__context__), ${e}.__suppress_context__)`),
  ])])];
};

const SPECIAL_STRS = [
  "ß", "ǆ", "ǅ", "ΣΑΣ", "İstanbul", "ﬀ", "ŉ", "ı", "²½①٣", "\x1c\x1d\x1e\x1f", "\x85", "\u2028", "\u00a0x", "a\u200bb",
  "\x7f", "\ufeff", "\u00ad", "😀", "\uffff", "！", "ｱ", "é", "e\u0301", "Ⅷ", "ǈ", "ᾳ", "ﬁ", "ΐ", "\t x \n", "ab\r\ncd\x0be",
  "'\"", "\\", "日本", "𝔘𝔫", "ÀÉÎ",
];

/** str methods and comparisons on characters where Unicode's rules are subtle. */
const unicodeStr: Template = (g) => {
  const r = g.ctx.rng;
  const s = g.ctx.fresh("u");
  const value = Array.from({ length: r.int(1, 3) }, () => r.pick(SPECIAL_STRS)).join(r.pick(["", " ", "a"]));
  const methods = [
    "upper()", "lower()", "title()", "capitalize()", "swapcase()", "casefold()", "split()", "strip()", "splitlines()",
    "isalpha()", "isdigit()", "isdecimal()", "isnumeric()", "isspace()", "isprintable()", "isidentifier()", "isalnum()",
    "isupper()", "islower()", "istitle()", "center(9, '*')", "zfill(6)", "expandtabs(3)", "split(None, 1)", "rsplit()",
    "lstrip()", "partition(' ')", "find('a')", "count('')", "ljust(7, '.')",
  ];
  const picks = r.shuffled(methods).slice(0, r.int(2, 5)).map((m) => `${s}.${m}`);
  return [
    line(`${s} = ${strSource(r, value)}`),
    line(`print(repr(${s}), len(${s}), ${picks.join(", ")})`),
    line(`print(sorted([${s}, ${strSource(r, r.pick(SPECIAL_STRS))}, ${strSource(r, r.pick(SPECIAL_STRS))}]), ${s} < ${strSource(r, r.pick(SPECIAL_STRS))}, [ord(ch) for ch in ${s}][:6])`),
    tryExcept([line(`print(int(${s}), float(${s}))`)]),
  ];
};

/** Numbers at the edges: conversions, rounding, hashing and formatting. */
const numericEdges: Template = (g) => {
  const r = g.ctx.rng;
  const ints = ["0", "-1", "2**31", "-2**63", "2**64 - 1", "2**100", "-(2**100)", "10**20", "2**53 + 1", "-(2**61 - 1)", "7", "-7", "12345678901234567890123"];
  const floats = ["0.5", "1.5", "2.5", "-2.5", "0.1 + 0.2", "1e16", "1e-5", "123.456", "2.675", "-0.0", "1e308 * 10", "5e-324", "float(2**53 + 1)", "1/3", "-1e22", "9.995"];
  const i = () => r.pick(ints), f = () => r.pick(floats);
  const exprs = [
    `round(${f()})`, `round(${f()}, ${r.int(-2, 3)})`, `round(${i()}, ${-r.int(0, 5)})`, `int(${f()})`, `float(${i()})`,
    `${i()} == float(${i()})`, `${i()} < ${f()}`, `hash(${f()})`, `hash(${i()})`, `divmod(${i()}, ${r.pick(["3", "-3", "2**40", "-7"])})`,
    `divmod(${f()}, ${r.pick(["0.3", "-2.0", "7"])})`, `${i()} // ${r.pick(["-3", "7", "2**65"])}`, `${i()} % ${r.pick(["-3", "7", "-(2**65)"])}`,
    `${i()} >> ${r.int(0, 70)}`, `${i()} & -${r.int(1, 99)}`, `~${i()} ^ ${i()}`, `pow(${i()}, ${r.int(0, 30)}, ${r.pick(["97", "-97", "2**64 + 13"])})`,
    `${i()} / ${r.pick(["3", "-7", "2**70", "10**30"])}`, `${f()} // ${r.pick(["0.1", "-3", "1e-300"])}`, `${f()} % ${r.pick(["0.1", "-3.5", "1e300"])}`,
    `format(${f()}, ${strSource(r, r.pick([".0f", ".1f", ".2f", "e", ".3g", "g", "%", ",.3f", ".17g", "", "010.2f", "+.0e"]))})`,
    `format(${i()}, ${strSource(r, r.pick([",", "_x", "#o", "e", ".2f", "%", ">30", "+,", "b", "c"]))})`,
    `str(${f()})`, `repr(${f()} * 3)`, `${i()} ** ${r.int(0, 5)} == ${i()}`, `abs(${i()})`,
    `min(${i()}, ${f()}, ${i()})`, `sorted([${i()}, ${f()}, ${i()}, ${f()}])`, `math.isqrt(abs(${i()}))`, `math.gcd(${i()}, ${i()})`,
    `math.floor(${f()})`, `math.ceil(${f()})`, `int(${strSource(r, r.pick(["-0", " 12 ", "1_2", "+7", "٣٤", "0b1"]))}, ${r.pick(["10", "0"])})`,
  ];
  return r.shuffled(exprs).slice(0, r.int(2, 4)).map((x) => tryExcept([line(`print(${x})`)]));
};

/** range objects: repr, slicing, indexing, membership, equality. */
const rangeObjects: Template = (g) => {
  const r = g.ctx.rng;
  const v = g.ctx.fresh("rng");
  const start = r.int(-5, 5), stop = r.int(-10, 20), step = r.pick([1, 2, 3, -1, -2, -3]);
  const exprs = [
    v, `len(${v})`, `list(${v})`, `${v}[${r.int(-3, 3)}]`, `${v}[${r.chance(0.5) ? r.int(-3, 3) : ""}:${r.chance(0.5) ? r.int(-3, 5) : ""}:${r.pick(["", "2", "-1", "-2"])}]`,
    `${r.int(-5, 10)} in ${v}`, `${v} == range(${start}, ${stop}, ${step})`, `list(reversed(${v}))`, `${v}.count(${r.int(-3, 5)})`,
    `range(0) == range(${r.int(0, 3)}, ${r.int(0, 3)})`, `sum(${v})`, `max(${v}, default='empty')`, `bool(${v})`, `${v}.start, ${v}.stop, ${v}.step`,
  ];
  return [
    line(`${v} = range(${start}, ${stop}, ${step})`),
    ...r.shuffled(exprs).slice(0, r.int(2, 5)).map((x) => tryExcept([line(`print(${x})`)])),
  ];
};

/** Dict views print with their type, follow the dict, and keep insertion order. */
const dictViews: Template = (g) => {
  const r = g.ctx.rng;
  const d = g.ctx.fresh("dv"), k = g.ctx.fresh("keys");
  const keys = r.shuffled(["a", "b", "c", "d", "e"]).slice(0, r.int(1, 5));
  return [
    line(`${d} = {${keys.map((key, i) => `'${key}': ${i}`).join(", ")}}`),
    line(`${k} = ${d}.keys()`),
    line(`print(${k}, ${d}.values(), ${d}.items())`),
    line(`${d}.pop('${keys[0]}')`),
    line(`${d}['${keys[0]}'] = ${r.int(0, 9)}`),
    line(`${d}['z'] = -1`),
    line(`print(${k}, len(${k}), '${keys[0]}' in ${k}, list(${d}.items())[-2:])`),
    tryExcept([line(`print(sorted(${k} & {'a', 'z'}), sorted(${k} | {'q'}), ${d} == dict(reversed(list(${d}.items()))))`)]),
    tryExcept([block([clause(`for key in ${d}:`, [line(`${d}[key + '!'] = 0`)])])]),
    line(`print(${d})`),
  ];
};

/** A generator expression binds its first iterable at once, the rest late. */
const generatorLateBinding: Template = (g) => {
  const r = g.ctx.rng;
  const k = g.ctx.fresh("k"), ge = g.ctx.fresh("ge"), src = g.ctx.fresh("src");
  return [
    line(`${k} = ${r.int(1, 5)}`),
    line(`${src} = [1, 2, 3]`),
    line(`${ge} = (x * ${k} for x in ${src})`),
    line(`${k} = ${r.int(6, 9)}`),
    line(`${src} = [${r.int(0, 9)}]`),
    line(`print(list(${ge}), list(${ge}))`),
  ];
};

/** with: __exit__ sees the exception, may swallow it, runs before a return. */
const withFlow: Template = (g) => {
  const r = g.ctx.rng;
  const cm = g.ctx.fresh("Ctx"), f = g.ctx.fresh("usewith");
  const body = r.pick([
    [line("return 'returned'")],
    [line("raise KeyError('inside')")],
    [line("print('body')")],
    [block([clause("for i in range(3):", [block([clause(`with ${cm}('loop', True):`, [block([clause("if i == 1:", [line(r.pick(["break", "continue"]))])]), line("print('iteration', i)")])])])])],
  ]);
  return [
    def(`class ${cm}:`, [
      def("def __init__(self, name, swallow):", [line("self.name = name"), line("self.swallow = swallow")]),
      def("def __enter__(self):", [line("print('enter', self.name)"), line("return self")]),
      def("def __exit__(self, t, v, tb):", [line("print('exit', self.name, t.__name__ if t else None, v)"), line("return self.swallow")]),
    ]),
    def(`def ${f}():`, [block([clause(`with ${cm}('a', ${r.pick(["True", "False"])}) as c, ${cm}('b', ${r.pick(["True", "False"])}):`, body)]), line("return 'fell through'")]),
    tryExcept([line(`print(${f}())`)]),
  ];
};

/** repr of strs picks its quotes by content. */
const quoting: Template = (g) => {
  const r = g.ctx.rng;
  const parts = ["it's", 'say "hi"', "both ' and \"", "back\\slash", "tab\there", "new\nline", "\x00\x1b", "é\u0300", ""];
  const picks = r.shuffled(parts).slice(0, r.int(1, 4));
  return [line(`print([${picks.map((p) => strSource(r, p)).join(", ")}], ${strSource(r, r.pick(parts))}, repr(${strSource(r, r.pick(parts))}))`)];
};

/** Sorting keeps equal elements in order, reversed too. */
const sortStability: Template = (g) => {
  const r = g.ctx.rng;
  const recs = g.ctx.fresh("recs");
  const items = Array.from({ length: r.int(3, 8) }, (_, i) => `(${r.int(0, 3)}, '${String.fromCharCode(97 + i)}')`);
  return [
    line(`${recs} = [${items.join(", ")}]`),
    line(`print(sorted(${recs}, key=lambda t: t[0]), sorted(${recs}, key=lambda t: t[0], reverse=True))`),
    line(`${recs}.sort(key=lambda t: -t[0])`),
    line(`print(${recs}, max(${recs}, key=lambda t: t[0]), min(${recs}, key=lambda t: t[0]))`),
  ];
};

/** sum() and sorted() over instances through __radd__ and __lt__. */
const dunderProtocols: Template = (g) => {
  const r = g.ctx.rng;
  const c = g.ctx.fresh("Money"), items = g.ctx.fresh("coins");
  return [
    def(`class ${c}:`, [
      def("def __init__(self, v):", [line("self.v = v")]),
      def("def __add__(self, other):", [
        block([clause(`if isinstance(other, ${c}):`, [line(`return ${c}(self.v + other.v)`)])]),
        block([clause("if isinstance(other, int):", [line(`return ${c}(self.v + other)`)])]),
        line("return NotImplemented"),
      ]),
      ...(r.chance(0.7) ? [line("__radd__ = __add__")] : []),
      def("def __lt__(self, other):", [line("return self.v < other.v")]),
      ...(r.chance(0.5) ? [def("def __eq__(self, other):", [line(`return isinstance(other, ${c}) and self.v == other.v`)])] : []),
      def("def __repr__(self):", [line(`return '${c}(%r)' % (self.v,)`)]),
    ]),
    line(`${items} = [${Array.from({ length: r.int(1, 5) }, () => `${c}(${r.int(-5, 20)})`).join(", ")}]`),
    tryExcept([line(`print(sum(${items}), sorted(${items}), max(${items}), ${items}[0] > ${items}[-1])`)]),
    tryExcept([line(`print(${items}[0] + 'x')`)]),
    tryExcept([line(`print(${items}[0] < 3)`)]),
    tryExcept([line(`print(${items}.index(${c}(${r.int(-5, 20)})), ${c}(1) in ${items}, ${c}(1) == ${c}(1), ${c}(1) != ${c}(2))`)]),
  ];
};

/** Star-unpacking in displays and calls. */
const starUnpacking: Template = (g) => {
  const r = g.ctx.rng;
  const a = g.ctx.fresh("sa"), f = g.ctx.fresh("takes");
  return [
    line(`${a} = [${Array.from({ length: r.int(0, 4) }, () => r.int(0, 9)).join(", ")}]`),
    def(`def ${f}(x, y=0, *rest, z=1, **more):`, [line("return (x, y, rest, z, sorted(more.items()))")]),
    tryExcept([line(`print([*${a}, *'ab'], (*${a},), {*${a}} == set(${a}), {**{'p': 1}, 'q': 2, **{'p': 3}})`)]),
    tryExcept([line(`print(${f}(*${a}, ${r.pick(["", "z=5, ", "y=2, "])}*[7]))`)]),
    tryExcept([line(`print(${f}(${r.pick(["1, 2, 3", "*[1], **{'y': 2}", "x=1, **{'x': 2}", "**{'q': 1}", "1, y=2, **{'z': 9, 'k': 0}"])}))`)]),
    tryExcept([line(`print(*${a}, sep=${strSource(r, r.pick(["-", "", ", "]))})`)]),
  ];
};

/** The everyday mistakes in calls, whose messages people read. */
const callMistakes: Template = (g) => {
  const r = g.ctx.rng;
  const f = g.ctx.fresh("fn"), seq = g.ctx.fresh("seq");
  const calls = [
    `${f}()`, `${f}(1, 2, 3, 4)`, `${f}(1, a=2)`, `${f}(a=1, **{'a': 2})`, `${f}(*5)`, `${f}(**5)`, `${f}(**{'zz': 1})`,
    `${f}(1, *[2], b=3)`, `${f}(*'ab')`, `${f}(b=1)`, `sorted([2, 1], ${r.pick(["foo", "cmp"])}=1)`, `print(1, ${r.pick(["foo", "sepp"])}=2)`,
    `max([1], bar=2)`, `int(x=1)`, `len([1], [2])`, `${seq}[2][None]`, `${seq}[0]['0']`, `${seq}[1][1.0]`, `${seq}[3][['a']]`,
    `abs()`, `'x'.join()`, `[].index()`, `range(1, 2, 3, 4)`, `divmod(1)`, `isinstance(1)`, `'abc'.find()`, `${f}.nope`,
  ];
  return [
    def(`def ${f}(a, b=${r.int(0, 9)}):`, [line("return (a, b)")]),
    // subscripts of names: CPython warns about wrong subscripts of literals at compile time
    line(`${seq} = ([1, 2], (1, 2), 'abc', {'a': 1})`),
    ...r.shuffled(calls).slice(0, r.int(2, 4)).map((c) => tryExcept([line(`print(${c})`)])),
  ];
};

/** Field access inside str.format and mapping keys in %-formatting. */
const formatFields: Template = (g) => {
  const r = g.ctx.rng;
  const d = g.ctx.fresh("fd"), c = g.ctx.fresh("Rec"), o = g.ctx.fresh("rec");
  const fields = [
    `'{0[a]}|{0[b][1]}|{1.v}'.format(${d}, ${o})`, `'{0[${r.pick(["zz", "a", "b"])}]}'.format(${d})`, `'{0.${r.pick(["v", "nope"])}}'.format(${o})`,
    `'{0[${r.int(0, 4)}]}'.format([1, 2])`, `'{a}-{b}'.format(**${d})`, `'{:{w}.{p}f}'.format(${r.int(-9, 99)} / 7, w=${r.int(0, 12)}, p=${r.int(0, 4)})`,
    `'%(a)s-%(b)r' % ${d}`, `'%(${r.pick(["a", "zz"])})d' % ${d}`, `'{0[b]!r:>12}'.format(${d})`, `'{x.v}'.format(x=${o})`,
    `format(${o}.v, '${r.pick(["", ">6", "x", ".3"])}')`, `'{}{}'.format(*'ab')`, `'{1}{0}'.format(${o}, ${d}['a'])`,
  ];
  return [
    line(`${d} = {'a': ${r.int(-5, 99)}, 'b': [${r.int(0, 9)}, 'two'], 'c': None}`),
    def(`class ${c}:`, [def("def __init__(self, v):", [line("self.v = v")])]),
    line(`${o} = ${c}(${r.int(-5, 99)})`),
    ...r.shuffled(fields).slice(0, r.int(2, 4)).map((x) => tryExcept([line(`print(${x})`)])),
  ];
};

const TEMPLATES: [number, Template][] = [
  [2, callMistakes], [2, formatFields],
  [4, finallyFlow], [3, generatorDropped], [3, raisingCallback], [2, nanIdentity], [2, numericKeys], [1, selfContaining],
  [2, classBodyScope], [2, iterationProtocols], [2, boundMethods], [2, propertyAccess], [2, aliasing], [2, augmentedTargets],
  [2, fstringDebug], [1, globals], [3, exceptionDetails], [3, unicodeStr], [4, numericEdges], [2, rangeObjects], [2, dictViews],
  [1, generatorLateBinding], [2, withFlow], [1, quoting], [1, sortStability], [2, dunderProtocols], [2, starUnpacking],
];

export function template(g: StmtGen): Stmt[] {
  return g.ctx.rng.weighted(TEMPLATES)(g);
}

