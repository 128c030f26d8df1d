"""Dump CPython's scope analysis for each source in a JSON list read from stdin.

Prints a JSON list with, per source, the tree of symbol tables as vm/symtable.ts builds it:
{"name", "type", "symbols": {name: scope}, "children": [...]}, where type is "module",
"function" or "class" and scope is one of "local", "global_explicit", "global_implicit",
"free", "cell" (CPython's LOCAL .. CELL constants, which the symtable module keeps private).
"""
import json
import symtable
import sys

SCOPES = {1: "local", 2: "global_explicit", 3: "global_implicit", 4: "free", 5: "cell"}


def dump(table):
    return {
        "name": table.get_name(),
        "type": table.get_type(),
        "symbols": {s.get_name(): SCOPES[s._Symbol__scope] for s in table.get_symbols()},
        "children": [dump(c) for c in table.get_children()],
    }


def main():
    sources = json.load(sys.stdin)
    json.dump([dump(symtable.symtable(src, "<snippet>", "exec")) for src in sources], sys.stdout)


main()
