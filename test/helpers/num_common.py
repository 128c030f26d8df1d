"""Oracle side of the numeric tests: runs cases through CPython itself.

stdin: a JSON list of cases [op, arg, ...]; stdout: a JSON list of outcomes, one per case,
{"ok": value} or {"err": [exception type name, str(exception)]}.

Values on the wire (test/helpers/num_oracle.ts writes and reads the same): ints as
{"i": hex string} (hex dodges the 4300-digit str limit), floats as {"f": little-endian IEEE
bytes in hex} (exact, keeps -0.0 and nan), str, bool and null as JSON; inputs may also hold
{"t": [...]} tuples, {"l": [...]} lists and {"d": [[key, value], ...]} dicts. Plain JSON
arrays are lists in arguments and any sequence in results.
"""
import json
import struct
import sys


def decode(w):
    if isinstance(w, dict):
        if "i" in w:
            return int(w["i"], 16)
        if "f" in w:
            return struct.unpack("<d", bytes.fromhex(w["f"]))[0]
        if "t" in w:
            return tuple(decode(x) for x in w["t"])
        if "l" in w:
            return [decode(x) for x in w["l"]]
        if "d" in w:
            return {decode(k): decode(v) for k, v in w["d"]}
        raise ValueError(f"bad wire value {w!r}")
    if isinstance(w, list):
        return [decode(x) for x in w]
    return w


def encode(v):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return {"i": hex(v)}
    if isinstance(v, float):
        return {"f": struct.pack("<d", v).hex()}
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    raise TypeError(f"cannot encode {type(v).__name__}")


def serve(ops):
    """Answers every case on stdin with ops[op](*args)."""
    out = []
    for op, *args in json.load(sys.stdin):
        try:
            out.append({"ok": encode(ops[op](*[decode(a) for a in args]))})
        except Exception as e:  # the exception is the answer
            out.append({"err": [type(e).__name__, str(e)]})
    json.dump(out, sys.stdout)
