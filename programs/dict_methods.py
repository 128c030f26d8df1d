# dict methods and dict behaviour: insertion order, views, defaults, merging.


def main():
    stock = {"apple": 3, "pear": 0}
    stock["banana"] = 12
    stock["apple"] += 2
    print(stock, len(stock), "pear" in stock, "kiwi" not in stock)
    print(stock.get("apple"), stock.get("kiwi"), stock.get("kiwi", 0), stock.get("pear", 99))
    print(list(stock.keys()), list(stock.values()), list(stock.items()))
    for key in stock:
        print(" ", key, stock[key])
    for key, value in stock.items():
        stock[key] = value * 2  # changing values while iterating is fine
    print(stock)

    print(stock.setdefault("cherry", 7), stock.setdefault("apple", 100), stock)
    print(stock.pop("pear"), stock.pop("missing", "default"), stock)
    try:
        stock.pop("missing")
    except KeyError as e:
        print("KeyError", e)
    try:
        print(stock["durian"])
    except KeyError as e:
        print(type(e).__name__, e)

    stock.update({"apple": 1, "fig": 4})
    stock.update([("grape", 9), ("banana", 0)])
    stock.update(lime=2, kiwi=3)
    print(stock)
    del stock["fig"]
    stock["fig"] = 5  # re-inserted keys go to the end
    print(list(stock))

    # grouping with setdefault
    words = ["ant", "bee", "cat", "ape", "bat", "cow", "asp"]
    groups = {}
    for w in words:
        groups.setdefault(w[0], []).append(w)
    print(groups)

    # counting, inverting, merging
    counts = {}
    for ch in "mississippi":
        counts[ch] = counts.get(ch, 0) + 1
    print(counts, sorted(counts, key=counts.get, reverse=True))
    merged = dict(counts)
    merged.update({"m": 10, "z": 1})
    print(merged, counts)
    inverted = {}
    for k, v in counts.items():
        inverted.setdefault(v, []).append(k)
    print(inverted)

    print(dict(a=1, b=2), dict([("x", 1), ("y", 2)]), dict(zip("abc", range(3))), dict())
    keys_view = counts.keys()
    counts["q"] = 0
    print(len(keys_view), list(keys_view))
    print({1: "int", 1.0: "float", True: "bool"})
    print({(1, 2): "tuple key", "s": [1], None: None, -5: 2.5})
    d1 = {"a": 1, "b": 2}
    d2 = {"b": 2, "a": 1}
    print(d1 == d2, list(d1) == list(d2), d1 != {"a": 1})
    nested = {"config": {"debug": True, "levels": [1, 2]}, "name": "gilvm"}
    nested["config"]["levels"].append(3)
    print(nested, nested["config"]["levels"][-1])
    print(sum(counts.values()), max(counts.values()), sorted(counts.items())[0])
    print(bool({}), bool({0: 0}), len({}))
    try:
        {}[[1, 2]] = 3
    except TypeError as e:
        print("TypeError:", e)


main()
