# Tuple unpacking, starred assignment, swapping, chained assignment and unpacking in loops.


def min_max_mean(values):
    return min(values), max(values), sum(values) / len(values)


def split_name(full):
    first, *middle, last = full.split()
    return first, middle, last


def main():
    a, b = 1, 2
    a, b = b, a
    print("swapped:", a, b)
    x = y = z = 0
    x += 1
    print("chained:", x, y, z)
    (p, q), r = (10, 20), 30
    print("nested:", p, q, r)
    [s, t] = "st"
    print("from a string:", s, t)
    lo, hi, mean = min_max_mean([4, 8, 15, 16, 23, 42])
    print(f"lo={lo} hi={hi} mean={mean}")

    head, *tail = [1, 2, 3, 4]
    *init, last = [1, 2, 3, 4]
    first, *mid, final = range(6)
    only, *rest = ["alone"]
    print(head, tail, init, last, first, mid, final, only, rest)
    print(split_name("Guido van Rossum"), split_name("Ada Lovelace"))
    a, *b, c, d = "abcdefg"
    print(a, b, c, d)

    for i, (name, score) in enumerate([("ann", 3), ("bo", 5)], 1):
        print(i, name, score)
    pairs = {"x": 1, "y": 2}
    for key, value in pairs.items():
        print(key, "->", value)
    for (a1, a2), b1 in [((1, 2), 3), ((4, 5), 6)]:
        print(a1 + a2 + b1, end=" ")
    print()
    for first, *others in [(1, 2, 3), (4,), (5, 6)]:
        print(first, others)

    points = [(3, 4), (1, 1), (0, 5)]
    xs, ys = zip(*points)
    print("unzipped:", xs, ys)
    print("max by distance:", max(points, key=lambda pt: pt[0] ** 2 + pt[1] ** 2))

    fib = [0, 1]
    for _ in range(10):
        *_, prev, cur = fib
        fib.append(prev + cur)
    print(fib)

    matrix = [[1, 2, 3], [4, 5, 6]]
    print([list(col) for col in zip(*matrix)])
    print(*matrix[0], sep=", ")
    print(max(*matrix[1]), list(zip(*[[1, 2], "ab"])))

    try:
        a, b = [1, 2, 3]
    except ValueError as e:
        print("ValueError:", e)
    try:
        a, b, c = [1, 2]
    except ValueError as e:
        print("ValueError:", e)
    try:
        a, *b, c = [1]
    except ValueError as e:
        print("ValueError:", e)

    single = 5,
    empty = ()
    print(single, empty, len(single), type(single).__name__, (1, 2) + (3,), (0,) * 3)
    t = (1, [2, 3])
    t[1].append(4)
    print(t, t[1] is t[-1], [2, 3, 4] in t)


main()
