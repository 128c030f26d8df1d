"""Oracle for test/str_methods.test.ts: evaluates str method calls under CPython.

Reads a JSON list of cases from stdin and writes a JSON list of results, one per case, to
stdout. A case is [method, self, args] or [method, self, args, kwargs]; it is evaluated as
`str.method(self, *args, **kwargs)`, the way a method call on a str reaches the method.

Values are encoded as JSON with tags for what JSON lacks:
  "abc" → str, 12 → int, null → None, true/false → bool, [..] → list,
  {"t": [..]} → tuple, {"f": 1.5} → float, {"i": "123…"} → int (any size),
  {"it": [..]} → a one-shot iterator over the items, {"o": "Name"} → an instance of a class Name.
Results use the same encoding (ints beyond 2**53 as {"i": ...}); an exception becomes
{"exc": "ValueError", "msg": "substring not found"}.

The case ["@unicode", "", [limit]] returns the character database the tests compare against:
for each property the ranges [lo, hi] of code points below `limit` that have it, and for each
case mapping {code point: mapping} where the mapping of the single character differs from it.
"""
import json
import sys
import unicodedata


def decode(v):
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        if "t" in v:
            return tuple(decode(x) for x in v["t"])
        if "f" in v:
            return float(v["f"])
        if "i" in v:
            return int(v["i"])
        if "it" in v:
            return iter([decode(x) for x in v["it"]])
        if "o" in v:
            return type(v["o"], (), {})()
        raise ValueError(f"bad value {v!r}")
    return v


def encode(v):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return v if abs(v) <= 2**53 else {"i": str(v)}
    if isinstance(v, float):
        return {"f": v}
    if isinstance(v, list):
        return [encode(x) for x in v]
    if isinstance(v, tuple):
        return {"t": [encode(x) for x in v]}
    raise TypeError(f"cannot encode {type(v).__name__}")


def ranges(flags):
    out = []
    start = None
    for c, f in enumerate(flags):
        if f and start is None:
            start = c
        elif not f and start is not None:
            out.append([start, c - 1])
            start = None
    if start is not None:
        out.append([start, len(flags) - 1])
    return out


def unicode_db(limit):
    chars = [chr(c) for c in range(limit)]
    props = {
        "assigned": lambda ch: unicodedata.category(ch) != "Cn",
        "isalpha": str.isalpha,
        "isdecimal": str.isdecimal,
        "isdigit": str.isdigit,
        "isnumeric": str.isnumeric,
        "isalnum": str.isalnum,
        "isspace": str.isspace,
        "islower": str.islower,
        "isupper": str.isupper,
        "titlecase": lambda ch: unicodedata.category(ch) == "Lt",
        "isprintable": str.isprintable,
        "xid_start": lambda ch: ch.isidentifier() and ch != "_",
        "xid_continue": lambda ch: ("a" + ch).isidentifier(),
        "linebreak": lambda ch: len(("a" + ch + "a").splitlines()) == 2,
        # Case_Ignorable, seen through the final-sigma rule of str.lower()
        "case_ignorable": lambda ch: ("A" + ch + "\u03a3").lower()[-1] == "\u03c2" and ("A\u03a3" + ch).lower()[1] == "\u03c2",
    }
    maps = {}
    for name in ("upper", "lower", "title", "casefold"):
        fn = getattr(str, name)
        maps[name] = {c: fn(ch) for c, ch in enumerate(chars) if not 0xD800 <= c < 0xE000 and fn(ch) != ch}
    return {"props": {k: ranges([f(ch) for ch in chars]) for k, f in props.items()}, "maps": maps}


def run(case):
    method, self, args = case[0], case[1], case[2]
    kwargs = case[3] if len(case) > 3 else {}
    if method == "@unicode":
        return unicode_db(args[0])
    try:
        fn = getattr(str, method)
        return encode(fn(self, *decode(args), **{k: decode(x) for k, x in kwargs.items()}))
    except Exception as e:  # noqa: BLE001 - every exception is a result here
        return {"exc": type(e).__name__, "msg": str(e)}


def main():
    # surrogatepass: strs from the test may hold lone surrogates
    data = sys.stdin.buffer.read().decode("utf-8", "surrogatepass")
    out = json.dumps([run(c) for c in json.loads(data)], ensure_ascii=True)
    sys.stdout.write(out)


if __name__ == "__main__":
    main()
