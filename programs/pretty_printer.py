# A hand-written JSON-like serializer and pretty printer, plus a tiny parser to round-trip.

ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}


def escape(s):
    return '"' + "".join(ESCAPES.get(ch, ch) for ch in s) + '"'


def dumps(value, indent=2, level=0):
    pad = " " * (indent * (level + 1))
    end_pad = " " * (indent * level)
    if value is None or value is True or value is False:
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        items = [pad + dumps(v, indent, level + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + end_pad + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [pad + escape(str(k)) + ": " + dumps(v, indent, level + 1) for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + end_pad + "}"
    raise TypeError(f"cannot serialize {type(value).__name__}")


def compact(value):
    if isinstance(value, dict):
        return "{" + ",".join(escape(str(k)) + ":" + compact(v) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(compact(v) for v in value) + "]"
    return dumps(value)


def loads(text):
    pos = 0

    def skip():
        nonlocal pos
        while pos < len(text) and text[pos] in " \n\t":
            pos += 1

    def parse():
        nonlocal pos
        skip()
        ch = text[pos]
        if ch in "[{":
            closer = "]" if ch == "[" else "}"
            result = [] if ch == "[" else {}
            pos += 1
            skip()
            while text[pos] != closer:
                item = parse()
                skip()
                if ch == "{":
                    pos += 1  # the colon
                    result[item] = parse()
                    skip()
                else:
                    result.append(item)
                if text[pos] == ",":
                    pos += 1
                    skip()
            pos += 1
            return result
        if ch == '"':
            chars = []
            pos += 1
            while text[pos] != '"':
                if text[pos] == "\\":
                    pos += 1
                    chars.append({"n": "\n", "t": "\t"}.get(text[pos], text[pos]))
                else:
                    chars.append(text[pos])
                pos += 1
            pos += 1
            return "".join(chars)
        for word, value in (("null", None), ("true", True), ("false", False)):
            if text.startswith(word, pos):
                pos += len(word)
                return value
        start = pos
        while pos < len(text) and text[pos] in "+-0123456789.eE":
            pos += 1
        number = text[start:pos]
        return float(number) if any(c in number for c in ".eE") else int(number)

    return parse()


def main():
    document = {
        "name": "gilvm", "version": [0, 1, 0],
        "stable": False, "ratio": 0.75,
        "big": 2 ** 70, "tiny": 1e-7, "nothing": None,
        "quote": 'she said "hi"\tand\nleft \\o/',
        "modes": {"gil": True, "nogil": True, "workers": [1, 2, 4, 8]},
        "empty": {"list": [], "dict": {}},
        "pairs": [("a", 1), ("b", 2)],
    }
    text = dumps(document)
    print(text)
    print(compact(document))
    back = loads(text)
    print("round trip equal (tuples become lists):", back == loads(compact(document)))
    print("values:", back["big"], back["quote"] == document["quote"], back["modes"]["workers"][-1], back["tiny"])
    print(dumps([1, [2, [3, []]]], indent=1))
    try:
        dumps({"bad": {1, 2}})
    except TypeError as e:
        print("TypeError:", e)


main()
