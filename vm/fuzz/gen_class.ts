/**
 * Random classes: fields set by __init__ (a subclass calls super().__init__ first), class
 * attributes, methods with random bodies, overrides that call super(), @staticmethod,
 * @property, and a random selection of dunders (__repr__, __str__, __eq__, __lt__, __add__ and
 * __radd__ with NotImplemented, __len__, __getitem__, __iter__, __contains__, __bool__,
 * __call__). Dunder bodies are fixed shapes over the fields, so that printing an instance or
 * comparing two never runs random code that could recurse. Also exception classes and a
 * context manager that reports what reached its __exit__.
 */
import {
  BOOL, FLOAT, INT, STR, LIMITS, allFields, allMethods, listOf, type ClassInfo, type MethodInfo, type Param, type Ty, type Var,
} from "./gen_context.js";
import { strSource } from "./py_literal.js";
import { block, clause, line, type Stmt } from "./stmt_tree.js";
import type { StmtGen } from "./gen_stmt.js";

const FIELD_TYS: Ty[] = [INT, INT, STR, listOf(INT), FLOAT];

function def(header: string, body: Stmt[]): Stmt {
  return block([clause(header, body)]);
}

export function classDef(g: StmtGen, base: ClassInfo | null): { info: ClassInfo; stmt: Stmt } {
  const ctx = g.ctx;
  const r = ctx.rng;
  const name = ctx.fresh("C");
  const info: ClassInfo = {
    name, base, isException: false, fields: [], init: base ? base.init : [], initFields: base ? base.initFields : [],
    methods: [], dunders: new Set(), classAttrs: [],
  };
  const body: Stmt[] = [];
  const counter = r.chance(0.4) ? ctx.fresh("count") : null;
  if (counter) {
    body.push(line(`${counter} = 0`));
    info.classAttrs.push({ name: counter, ty: INT });
  }
  if (r.chance(0.3)) {
    const attr = ctx.fresh("tag");
    body.push(line(`${attr} = ${g.x.literal(STR, 8).t}`));
    info.classAttrs.push({ name: attr, ty: STR });
  }

  const ownFields = r.int(base ? 0 : 1, 3);
  if (ownFields > 0 || (!base && r.chance(0.5))) {
    const params: Param[] = base ? base.init.map((p) => ({ ...p })) : [];
    let defaults = params.some((p) => p.dflt !== null);
    const sets: Stmt[] = [];
    const initFields = base ? [...base.initFields] : [];
    for (let i = 0; i < ownFields; i++) {
      const ty = r.pick(FIELD_TYS);
      const field = ctx.fresh("f");
      const param = ctx.fresh("p");
      const dflt = defaults || r.chance(0.3) ? g.x.literal(ty, ty.k === "int" ? 64 : 8).t : null;
      if (dflt !== null) defaults = true;
      params.push({ name: param, ty, dflt, kind: "positional" });
      info.fields.push({ name: field, ty });
      initFields.push(field);
      sets.push(line(`self.${field} = ${param}`));
    }
    info.init = params;
    info.initFields = initFields;
    const initBody: Stmt[] = [];
    if (base) initBody.push(line(`super().__init__(${base.init.map((p) => p.name).join(", ")})`));
    initBody.push(...sets);
    if (counter) initBody.push(line(`${name}.${counter} += 1`));
    const header = ["self", ...params.map((p) => (p.dflt === null ? p.name : `${p.name}=${p.dflt}`))].join(", ");
    body.push(def(`def __init__(${header}):`, initBody));
  }

  const fields = allFields(info);
  const ints = fields.filter((f) => f.ty.k === "int");
  const lists = fields.filter((f) => f.ty.k === "list");
  const strs = fields.filter((f) => f.ty.k === "str");
  const ordered = fields.filter((f) => f.ty.k === "int" || f.ty.k === "str" || f.ty.k === "float");

  if (!base ? r.chance(0.85) : r.chance(0.4)) {
    const shown = fields.length ? fields : [];
    const style = r.int(0, 2);
    const text = style === 0
      ? `f"${name}(${shown.map((f) => `{self.${f.name}!r}`).join(", ")})"`
      : style === 1
        ? `"${name}(" + ", ".join([${shown.map((f) => `repr(self.${f.name})`).join(", ")}]) + ")"`
        : `"<%s %s>" % (type(self).__name__, ${shown.length ? `self.${shown[0].name}` : "0"})`;
    body.push(def("def __repr__(self):", [line(`return ${text}`)]));
    info.dunders.add("__repr__");
  }
  if (r.chance(0.25)) {
    body.push(def("def __str__(self):", [line(`return ${fields.length ? `f"<${name} {self.${r.pick(fields).name}}>"` : strSource(r, name)}`)]));
    info.dunders.add("__str__");
  }
  if (r.chance(0.4) && fields.length) {
    const f = r.pick(fields);
    const guard = r.chance(0.5) ? `not isinstance(other, ${name})` : "type(other) is not type(self)";
    body.push(def("def __eq__(self, other):", [
      block([clause(`if ${guard}:`, [line("return NotImplemented")])]),
      line(`return self.${f.name} == other.${f.name}`),
    ]));
    info.dunders.add("__eq__");
    if (ints.length && r.chance(0.5)) {
      body.push(def("def __hash__(self):", [line(`return hash(self.${r.pick(ints).name})`)]));
      info.dunders.add("__hash__");
    }
  }
  if (r.chance(0.4) && ordered.length) {
    const f = r.pick(ordered);
    body.push(def("def __lt__(self, other):", [
      block([clause(`if not isinstance(other, ${name}):`, [line("return NotImplemented")])]),
      line(`return self.${f.name} < other.${f.name}`),
    ]));
    info.dunders.add("__lt__");
  }
  if (r.chance(0.25) && ints.length) {
    const plus = ints[0].name;
    const args = (other: string | null) => info.init.map((p, i) => {
      const field = info.initFields[i];
      if (field !== plus) return field === undefined ? g.x.literal(p.ty, 32).t : `self.${field}`;
      return other === null ? `self.${field}` : other;
    });
    body.push(def("def __add__(self, other):", [
      block([clause(`if isinstance(other, ${name}):`, [line(`return ${name}(${args(`self.${plus} + other.${plus}`).join(", ")})`)])]),
      block([clause("if isinstance(other, int):", [line(`return ${name}(${args(`self.${plus} + other`).join(", ")})`)])]),
      line("return NotImplemented"),
    ]));
    info.dunders.add("__add__");
    if (r.chance(0.6)) {
      body.push(r.chance(0.5) ? line("__radd__ = __add__") : def("def __radd__(self, other):", [line("return self.__add__(other)")]));
      info.dunders.add("__radd__");
    }
  }
  if (r.chance(0.25) && (lists.length || strs.length || ints.length)) {
    const f = lists.length ? lists[0] : strs.length ? strs[0] : ints[0];
    body.push(def("def __len__(self):", [line(f.ty.k === "int" ? `return abs(self.${f.name}) % 7` : `return len(self.${f.name})`)]));
    info.dunders.add("__len__");
  }
  if (r.chance(0.2) && (lists.length || ints.length)) {
    body.push(def("def __getitem__(self, i):", [line(lists.length ? `return self.${lists[0].name}[i]` : `return self.${ints[0].name} * i`)]));
    info.dunders.add("__getitem__");
  }
  if (r.chance(0.2) && lists.length) {
    const f = lists[0].name;
    body.push(r.chance(0.5)
      ? def("def __iter__(self):", [line(`return iter(self.${f})`)])
      : def("def __iter__(self):", [block([clause(`for x in self.${f}:`, [line("yield x")])])]));
    info.dunders.add("__iter__");
  }
  if (r.chance(0.15) && (lists.length || ints.length)) {
    body.push(def("def __contains__(self, x):", [line(lists.length ? `return x in self.${lists[0].name}` : `return x == self.${ints[0].name}`)]));
    info.dunders.add("__contains__");
  }
  if (r.chance(0.15) && ints.length) {
    // now and then an int, which CPython rejects with a TypeError
    body.push(def("def __bool__(self):", [line(r.chance(0.9) ? `return self.${ints[0].name} > 0` : `return self.${ints[0].name}`)]));
    info.dunders.add("__bool__");
  }
  if (r.chance(0.15) && ints.length) {
    body.push(def("def __call__(self, x):", [line(`return self.${ints[0].name} * x`)]));
    info.dunders.add("__call__");
  }

  for (let i = r.int(0, 2); i > 0; i--) body.push(method(g, info));
  if (base && r.chance(0.4)) {
    const overridable = allMethods(base).filter((m) => m.kind === "instance");
    if (overridable.length) body.push(override(g, info, r.pick(overridable)));
  }
  if (r.chance(0.2)) body.push(staticMethod(g, info));
  if (r.chance(0.2) && fields.length) body.push(property(g, info));
  return { info, stmt: block([clause(base ? `class ${name}(${base.name}):` : r.chance(0.2) ? `class ${name}(object):` : `class ${name}:`, body)]) };
}

function selfVar(info: ClassInfo): Var {
  return { name: "self", ty: { k: "inst", cls: info }, n: 0, small: false };
}

/** Writes a method body with `self` in scope; `selfCalls` says if it may call methods on self. */
function methodBody(g: StmtGen, info: ClassInfo, params: Param[], returns: Ty, selfCalls: boolean, extra: Stmt[] = []): Stmt[] {
  const ctx = g.ctx;
  const saved = { selfClass: ctx.selfClass, selfCalls: ctx.selfCalls };
  ctx.selfClass = info;
  ctx.selfCalls = selfCalls;
  try {
    const vars: Var[] = [selfVar(info), ...params.map((p) => ({ name: p.name, ty: p.ty, n: p.ty.k === "int" ? LIMITS.elemBits : LIMITS.elemStrLen, small: false }))];
    return g.inFunctionScope(vars, returns, false, () => {
      const b = [...extra, ...g.body(ctx.rng.int(0, 3))];
      if (returns.k !== "none") b.push(line(`return ${g.x.gen(returns, 2, returns.k === "int" ? LIMITS.elemBits : returns.k === "str" ? LIMITS.strLen / 4 : 30).t}`));
      return b;
    });
  } finally {
    ctx.selfClass = saved.selfClass;
    ctx.selfCalls = saved.selfCalls;
  }
}

function methodParams(g: StmtGen): Param[] {
  const r = g.ctx.rng;
  return Array.from({ length: r.int(0, 2) }, () => ({ name: g.ctx.fresh("a"), ty: r.pick([INT, STR, INT]), dflt: null, kind: "positional" as const }));
}

function method(g: StmtGen, info: ClassInfo): Stmt {
  const r = g.ctx.rng;
  const name = g.ctx.fresh("m");
  const params = methodParams(g);
  const returns = r.pick([INT, STR, BOOL, listOf(INT), FLOAT, { k: "none" } as Ty]);
  const body = methodBody(g, info, params, returns, true);
  const m: MethodInfo = { name, params, returns, kind: "instance" };
  info.methods.push(m);
  return def(`def ${name}(${["self", ...params.map((p) => p.name)].join(", ")}):`, body);
}

function override(g: StmtGen, info: ClassInfo, m: MethodInfo): Stmt {
  const r = g.ctx.rng;
  const args = m.params.map((p) => p.name).join(", ");
  const extra: Stmt[] = [];
  if (r.chance(0.7)) extra.push(line(`print(${strSource(r, "super " + m.name)}, super().${m.name}(${args}))`));
  const body = methodBody(g, info, m.params, m.returns, false, extra);
  info.methods.push({ ...m });
  return def(`def ${m.name}(${["self", ...m.params.map((p) => p.name)].join(", ")}):`, body);
}

function staticMethod(g: StmtGen, info: ClassInfo): Stmt {
  const r = g.ctx.rng;
  const name = g.ctx.fresh("s");
  const params = methodParams(g);
  const makes = r.chance(0.5);
  const returns: Ty = makes ? { k: "inst", cls: info } : INT;
  const body = g.inFunctionScope(params.map((p) => ({ name: p.name, ty: p.ty, n: 64, small: false })), returns, false, () => {
    if (makes) return [line(`return ${info.name}(${info.init.map((p) => g.x.elem(p.ty, 1).t).join(", ")})`)];
    return [line(`return ${g.x.gen(INT, 2, LIMITS.elemBits).t}`)];
  });
  info.methods.push({ name, params, returns, kind: "static" });
  return decorated("@staticmethod", `def ${name}(${params.map((p) => p.name).join(", ")}):`, body);
}

function property(g: StmtGen, info: ClassInfo): Stmt {
  const r = g.ctx.rng;
  const name = g.ctx.fresh("prop");
  const returns = r.pick([INT, STR]);
  const body = methodBody(g, info, [], returns, false);
  info.methods.push({ name, params: [], returns, kind: "property" });
  return decorated("@property", `def ${name}(self):`, body);
}

/** A decorated def: the decorator line sits before the header, dropped with it. */
function decorated(decorator: string, header: string, body: Stmt[]): Stmt {
  return block([clause(header, body)], [decorator]);
}

export function exceptionClass(g: StmtGen, base: ClassInfo | null): { info: ClassInfo; stmt: Stmt } {
  const ctx = g.ctx;
  const r = ctx.rng;
  const name = ctx.fresh("E");
  const parent = base ? base.name : r.pick(["Exception", "ValueError", "RuntimeError", "KeyError", "LookupError", "ArithmeticError"]);
  const info: ClassInfo = {
    name, base, isException: true, fields: [], init: base ? base.init : [], initFields: base ? base.initFields : [],
    methods: [], dunders: new Set(), classAttrs: [],
  };
  const body: Stmt[] = [];
  if (r.chance(0.5)) {
    const code = ctx.fresh("code");
    info.fields.push({ name: code, ty: INT });
    info.init = [{ name: "code", ty: INT, dflt: null, kind: "positional" }, { name: "msg", ty: STR, dflt: strSource(r, "boom"), kind: "positional" }];
    info.initFields = [code, "msg"];
    const message = r.pick(["msg", 'f"code={code}: {msg}"', "code, msg"]);
    body.push(def("def __init__(self, code, msg=" + info.init[1].dflt + "):", [
      line(`super().__init__(${message})`),
      line(`self.${code} = code`),
    ]));
  } else if (!base) {
    info.init = [{ name: "message", ty: STR, dflt: null, kind: "positional" }];
    info.initFields = [""];
  }
  if (r.chance(0.25)) {
    body.push(def("def __str__(self):", [line(`return "${name}: " + ${info.fields.length ? `str(self.${info.fields[0].name})` : "repr(self.args)"}`)]));
  }
  return { info, stmt: block([clause(`class ${name}(${parent}):`, body)]) };
}

export function contextManagerClass(g: StmtGen): { info: ClassInfo; stmt: Stmt } {
  const name = g.ctx.fresh("CM");
  const info: ClassInfo = {
    name, base: null, isException: false, fields: [], methods: [], dunders: new Set(["__enter__", "__exit__"]), classAttrs: [],
    init: [{ name: "label", ty: STR, dflt: null, kind: "positional" }, { name: "swallow", ty: BOOL, dflt: null, kind: "positional" }],
    initFields: ["label", "swallow"],
  };
  const r = g.ctx.rng;
  const stmt = block([clause(`class ${name}:`, [
    def("def __init__(self, label, swallow):", [line("self.label = label"), line("self.swallow = swallow")]),
    def("def __enter__(self):", [line(`print(${strSource(r, "enter")}, self.label)`), line("return self.label")]),
    def("def __exit__(self, kind, value, tb):", [
      line(`print(${strSource(r, "exit")}, self.label, None if kind is None else kind.__name__, value)`),
      line("return self.swallow"),
    ]),
  ])]);
  return { info, stmt };
}
