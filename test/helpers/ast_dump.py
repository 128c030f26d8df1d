"""Dump CPython's AST for each source in a JSON list read from stdin.

Prints a JSON list with, per source, the tree in gilvm's shape (see vm/ast.ts):
every node is an object whose "kind" is its class name, operators and expression
contexts are their class names, constants are {"type", "value"} objects with ints
and floats as strings (JSON cannot hold big ints or inf/nan), and columns count
code points (CPython counts UTF-8 bytes). Fields that gilvm leaves out, because
they only matter for type comments or clash with "kind", are dropped.
"""
import ast
import json
import sys

DROPPED = {"type_comment", "type_ignores"}
NAMED = (ast.expr_context, ast.operator, ast.unaryop, ast.boolop, ast.cmpop)


def constant(v):
    if v is None:
        return {"type": "None"}
    if v is Ellipsis:
        return {"type": "Ellipsis"}
    if isinstance(v, bool):
        return {"type": "bool", "value": v}
    if isinstance(v, int):
        return {"type": "int", "value": str(v)}
    if isinstance(v, float):
        return {"type": "float", "value": repr(v)}
    if isinstance(v, str):
        return {"type": "str", "value": v}
    raise TypeError(f"unexpected constant {v!r}")


def convert(node, lines):
    if isinstance(node, list):
        return [convert(x, lines) for x in node]
    if isinstance(node, NAMED):
        return type(node).__name__
    if not isinstance(node, ast.AST):
        return node
    out = {"kind": type(node).__name__}
    for field in node._fields:
        if field in DROPPED or (isinstance(node, ast.Constant) and field == "kind"):
            continue
        value = getattr(node, field)
        out[field] = constant(value) if isinstance(node, ast.Constant) and field == "value" else convert(value, lines)
    for attr in node._attributes:
        value = getattr(node, attr)
        if attr == "col_offset":
            value = chars(lines, node.lineno, value)
        elif attr == "end_col_offset":
            value = chars(lines, node.end_lineno, value)
        out[attr] = value
    return out


def chars(lines, lineno, byte_col):
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", "replace"))


def main():
    result = []
    for src in json.load(sys.stdin):
        lines = src.split("\n")
        result.append(convert(ast.parse(src), lines))
    json.dump(result, sys.stdout)


main()
