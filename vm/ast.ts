// The abstract syntax tree, mirroring CPython 3.11's `ast` module (Parser/Python.asdl):
// every node has `kind` equal to the Python class name and Python's field names, so a
// tree can be compared field by field with `ast.parse` output. Lines are 1-based,
// columns 0-based and counted in code points (CPython counts UTF-8 bytes).
//
// Left out on purpose: `type_comment` and `Module.type_ignores` (only set when parsing
// type comments, which gilvm does not), and `Constant.kind` (its name clashes with the
// discriminator; it only records a `u` prefix). Nodes of constructs outside gilvm's
// subset (match, async, TryStar, Await) do not exist: the parser rejects them.

export interface Position {
  lineno: number;
  col_offset: number;
  end_lineno: number;
  end_col_offset: number;
}

export type ExprContext = "Load" | "Store" | "Del";
export type BoolOperator = "And" | "Or";
export type Operator =
  | "Add" | "Sub" | "Mult" | "MatMult" | "Div" | "Mod" | "Pow"
  | "LShift" | "RShift" | "BitOr" | "BitXor" | "BitAnd" | "FloorDiv";
export type UnaryOperator = "Invert" | "Not" | "UAdd" | "USub";
export type CmpOperator = "Eq" | "NotEq" | "Lt" | "LtE" | "Gt" | "GtE" | "Is" | "IsNot" | "In" | "NotIn";

export type ConstantValue =
  | { type: "int"; value: bigint }
  | { type: "float"; value: number }
  | { type: "str"; value: string }
  | { type: "bool"; value: boolean }
  | { type: "None" }
  | { type: "Ellipsis" };

export interface Module {
  kind: "Module";
  body: Stmt[];
}

// ---- statements ----

export interface FunctionDef extends Position {
  kind: "FunctionDef";
  name: string;
  args: Arguments;
  body: Stmt[];
  decorator_list: Expr[];
  returns: Expr | null;
}

export interface ClassDef extends Position {
  kind: "ClassDef";
  name: string;
  bases: Expr[];
  keywords: Keyword[];
  body: Stmt[];
  decorator_list: Expr[];
}

export interface Return extends Position { kind: "Return"; value: Expr | null }
export interface Delete extends Position { kind: "Delete"; targets: Expr[] }
export interface Assign extends Position { kind: "Assign"; targets: Expr[]; value: Expr }
export interface AugAssign extends Position { kind: "AugAssign"; target: Expr; op: Operator; value: Expr }

export interface AnnAssign extends Position {
  kind: "AnnAssign";
  target: Expr;
  annotation: Expr;
  value: Expr | null;
  /** 1 when the target is a bare name (not parenthesized, not an attribute or subscript). */
  simple: number;
}

export interface For extends Position { kind: "For"; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[] }
export interface While extends Position { kind: "While"; test: Expr; body: Stmt[]; orelse: Stmt[] }
export interface If extends Position { kind: "If"; test: Expr; body: Stmt[]; orelse: Stmt[] }
export interface With extends Position { kind: "With"; items: WithItem[]; body: Stmt[] }
export interface Raise extends Position { kind: "Raise"; exc: Expr | null; cause: Expr | null }

export interface Try extends Position {
  kind: "Try";
  body: Stmt[];
  handlers: ExceptHandler[];
  orelse: Stmt[];
  finalbody: Stmt[];
}

export interface Assert extends Position { kind: "Assert"; test: Expr; msg: Expr | null }
export interface Import extends Position { kind: "Import"; names: Alias[] }

export interface ImportFrom extends Position {
  kind: "ImportFrom";
  module: string | null;
  names: Alias[];
  /** Always 0: relative imports are rejected. */
  level: number;
}

export interface Global extends Position { kind: "Global"; names: string[] }
export interface Nonlocal extends Position { kind: "Nonlocal"; names: string[] }
export interface ExprStmt extends Position { kind: "Expr"; value: Expr }
export interface Pass extends Position { kind: "Pass" }
export interface Break extends Position { kind: "Break" }
export interface Continue extends Position { kind: "Continue" }

export type Stmt =
  | FunctionDef | ClassDef | Return | Delete | Assign | AugAssign | AnnAssign
  | For | While | If | With | Raise | Try | Assert | Import | ImportFrom
  | Global | Nonlocal | ExprStmt | Pass | Break | Continue;

// ---- expressions ----

export interface BoolOp extends Position { kind: "BoolOp"; op: BoolOperator; values: Expr[] }
export interface NamedExpr extends Position { kind: "NamedExpr"; target: Name; value: Expr }
export interface BinOp extends Position { kind: "BinOp"; left: Expr; op: Operator; right: Expr }
export interface UnaryOp extends Position { kind: "UnaryOp"; op: UnaryOperator; operand: Expr }
export interface Lambda extends Position { kind: "Lambda"; args: Arguments; body: Expr }
export interface IfExp extends Position { kind: "IfExp"; test: Expr; body: Expr; orelse: Expr }

export interface Dict extends Position {
  kind: "Dict";
  /** `null` where the entry is a `**mapping` unpacking (its value is in `values`). */
  keys: (Expr | null)[];
  values: Expr[];
}

export interface Set extends Position { kind: "Set"; elts: Expr[] }
export interface ListComp extends Position { kind: "ListComp"; elt: Expr; generators: Comprehension[] }
export interface SetComp extends Position { kind: "SetComp"; elt: Expr; generators: Comprehension[] }

export interface DictComp extends Position {
  kind: "DictComp";
  key: Expr;
  value: Expr;
  generators: Comprehension[];
}

export interface GeneratorExp extends Position { kind: "GeneratorExp"; elt: Expr; generators: Comprehension[] }
export interface Yield extends Position { kind: "Yield"; value: Expr | null }
export interface YieldFrom extends Position { kind: "YieldFrom"; value: Expr }

export interface Compare extends Position {
  kind: "Compare";
  left: Expr;
  ops: CmpOperator[];
  comparators: Expr[];
}

export interface Call extends Position { kind: "Call"; func: Expr; args: Expr[]; keywords: Keyword[] }

/** Conversion codes are the character codes CPython stores: none, !s, !r, !a. */
export type Conversion = -1 | 115 | 114 | 97;

export interface FormattedValue extends Position {
  kind: "FormattedValue";
  value: Expr;
  conversion: Conversion;
  format_spec: JoinedStr | null;
}

export interface JoinedStr extends Position { kind: "JoinedStr"; values: (Constant | FormattedValue)[] }
export interface Constant extends Position { kind: "Constant"; value: ConstantValue }
export interface Attribute extends Position { kind: "Attribute"; value: Expr; attr: string; ctx: ExprContext }
export interface Subscript extends Position { kind: "Subscript"; value: Expr; slice: Expr; ctx: ExprContext }
export interface Starred extends Position { kind: "Starred"; value: Expr; ctx: ExprContext }
export interface Name extends Position { kind: "Name"; id: string; ctx: ExprContext }
export interface List extends Position { kind: "List"; elts: Expr[]; ctx: ExprContext }
export interface Tuple extends Position { kind: "Tuple"; elts: Expr[]; ctx: ExprContext }
export interface Slice extends Position { kind: "Slice"; lower: Expr | null; upper: Expr | null; step: Expr | null }

export type Expr =
  | BoolOp | NamedExpr | BinOp | UnaryOp | Lambda | IfExp | Dict | Set
  | ListComp | SetComp | DictComp | GeneratorExp | Yield | YieldFrom | Compare | Call
  | FormattedValue | JoinedStr | Constant | Attribute | Subscript | Starred | Name
  | List | Tuple | Slice;

// ---- helper nodes ----

export interface Comprehension {
  kind: "comprehension";
  target: Expr;
  iter: Expr;
  ifs: Expr[];
  /** Always 0: async comprehensions are rejected. */
  is_async: number;
}

export interface ExceptHandler extends Position {
  kind: "ExceptHandler";
  type: Expr | null;
  name: string | null;
  body: Stmt[];
}

export interface Arguments {
  kind: "arguments";
  posonlyargs: Arg[];
  args: Arg[];
  vararg: Arg | null;
  kwonlyargs: Arg[];
  /** One entry per keyword-only parameter, `null` where it has no default. */
  kw_defaults: (Expr | null)[];
  kwarg: Arg | null;
  /** Defaults of the last positional parameters (positional-only ones included). */
  defaults: Expr[];
}

export interface Arg extends Position { kind: "arg"; arg: string; annotation: Expr | null }
/** `arg` is `null` for a `**mapping` argument. */
export interface Keyword extends Position { kind: "keyword"; arg: string | null; value: Expr }
export interface Alias extends Position { kind: "alias"; name: string; asname: string | null }
export interface WithItem { kind: "withitem"; context_expr: Expr; optional_vars: Expr | null }

export type Node = Module | Stmt | Expr | Comprehension | ExceptHandler | Arguments | Arg | Keyword | Alias | WithItem;
