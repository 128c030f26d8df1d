# A tour of the built-in functions, with key= and default= where they exist.


class Box:
    def __init__(self, size):
        self.size = size


class Plain:
    pass


def main():
    data = [4, -7, 1, 9, -2]
    print("len/sum:", len(data), len("text"), len({"a": 1}), sum(data), sum(data, 100), sum([[1], [2]], []))
    print("min/max:", min(data), max(data), min(data, key=abs), max(data, key=abs), min(3, 1, 2), max("abc", "b"))
    print("defaults:", min([], default=None), max([], default=-1), max([5], default=0), min("zebra"))
    print("abs:", abs(-3), abs(2.5), abs(-0.0), abs(True))
    print("divmod:", divmod(17, 5), divmod(-17, 5), divmod(17.5, 5))
    print("pow:", pow(2, 8), pow(2, 8, 10), pow(2.0, 3), pow(4, -1))
    print("round:", round(3.7), round(-3.5), round(3.14159, 2), round(1.25, 1), round(15, -1))
    print("range:", list(range(5)), list(range(2, 12, 3)), list(range(5, 0, -1)), len(range(0, 100, 7)), range(3))
    print("int:", int("42"), int(4.9), int("-0x1A", 16), int("11", 2), int(), int(True))
    print("float:", float("2.5"), float(3), float(), float("-0"))
    print("str:", str(42), str(2.0), str([1, "a"]), str(None), str(), str((1,)))
    print("bool:", bool(0), bool(""), bool([]), bool([0]), bool("False"), bool(None), bool())
    print("list/tuple:", list("abc"), tuple([1, 2]), list(), tuple(), list((x for x in range(3))), tuple("hi"))
    print("dict/set:", dict(a=1), dict([(1, 2)]), sorted(set([3, 1, 3])), set(), len(set("hello")))
    print("repr:", repr("a'b"), repr(1.0), repr([None, True]), repr((1,)), repr({}), repr(1e-10))
    print("hash:", hash(7), hash(-7), hash(True), hash(0) == hash(False))

    it = iter([10, 20, 30])
    print("iter/next:", next(it), next(it), next(it), next(it, "exhausted"))
    try:
        next(it)
    except StopIteration:
        print("StopIteration raised")
    print("enumerate:", list(enumerate("abc")), list(enumerate(["x", "y"], 5)))
    print("zip:", list(zip([1, 2, 3], "ab")), list(zip()), dict(zip(["k1", "k2"], [True, False])))
    print("map:", list(map(str, [1, 2])), list(map(lambda a, b: a * b, [1, 2, 3], [4, 5, 6])), list(map(abs, data)))
    print("filter:", list(filter(None, [0, 1, "", "x", None, []])), list(filter(lambda v: v > 0, data)))
    print("sorted:", sorted(data), sorted(data, key=abs), sorted(data, reverse=True), sorted(data, key=lambda v: -v))
    print("reversed:", list(reversed(data)), list(reversed(range(3))), "".join(reversed("abc")))
    print("any/all:", any([]), all([]), any([0, 0, 1]), all([1, 2, 0]), any(x > 8 for x in data), all(x for x in "ab"))
    print("isinstance:", isinstance(3, int), isinstance(True, int), isinstance(3.0, int), isinstance("s", (int, str)),
          isinstance([], list), isinstance({}, dict), isinstance(None, object))
    print("type:", type(3), type("s"), type(None), type([]).__name__, type(3) is int, type(True) == bool, type(Box(1)))
    print("type names:", [type(v).__name__ for v in (1, 1.5, "s", None, [], (), {}, set(), True, range(1))])

    box = Box(3)
    print("getattr:", getattr(box, "size"), getattr(box, "colour", "no colour"), hasattr(box, "size"), hasattr(box, "x"))
    setattr(box, "colour", "red")
    setattr(box, "size", box.size * 2)
    print("setattr:", box.colour, box.size, hasattr(box, "colour"))
    try:
        getattr(box, "weight")
    except AttributeError as e:
        print("AttributeError:", e)

    print("chr/ord:", chr(65), chr(8364) == "\u20ac", ord("a"), ord("€"), "".join(chr(ord(c) + 1) for c in "HAL"))
    print("hex/bin:", hex(255), hex(-1), bin(5), bin(-5), hex(16 ** 10))
    print("format:", format(3.14159, ".2f"), format(42, "x"), format(42, ">6"), format("s", "*^5"), format(0.5, "%"))
    print("object:", isinstance(object(), object), type(object()).__name__)
    plain = Plain()
    text = repr(plain)
    print("default repr:", text.startswith("<__main__.Plain object at 0x"), text.endswith(">"), str(plain) == text)
    Plain.__repr__ = lambda self: "Plain()"
    Plain.label = "patched later"
    print("patched class:", repr(plain), [plain], str(plain), plain.label, Plain, str(Plain))
    print("id is stable:", id(box) == id(box), box is getattr(box, "self_ref", box))
    print("print:", 1, 2, 3, sep="-", end="|\n")
    print()
    print("no newline", end="")
    print(" ... continued", flush=True)
    print(*["star", "args"], sep=", ")
    errors = []
    for bad in [lambda: len(5), lambda: int("x"), lambda: chr(-1), lambda: abs("a"), lambda: sum(["a"])]:
        try:
            bad()
        except (TypeError, ValueError) as e:
            errors.append(type(e).__name__)
    print("errors:", errors)


main()
