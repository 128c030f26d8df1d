# list methods and list behaviour: mutation, aliasing, copying, errors.


def main():
    items = [3, 1, 4]
    items.append(1)
    items.extend([5, 9])
    items.extend(range(2, 4))
    items.extend("ab")
    print(items, len(items))
    items.insert(0, "start")
    items.insert(100, "end")
    items.insert(-1, "before-end")
    print(items)
    print(items.pop(), items.pop(0), items.pop(-2), items)
    items.remove(1)  # removes the first 1 only
    print(items, items.index(1), items.index(9), items.index("a", 2))
    while "a" in items or "b" in items:
        items.remove("a" if "a" in items else "b")
    items.remove("before-end")
    print(items)
    try:
        items.remove(42)
    except ValueError as e:
        print("ValueError:", e)
    try:
        items.index(42)
    except ValueError as e:
        print("ValueError:", e)
    try:
        [].pop()
    except IndexError as e:
        print("IndexError:", e)

    items.sort()
    print("sorted:", items)
    items.reverse()
    print("reversed:", items)
    alias = items
    copy = items.copy()
    alias.append(0)
    print(items is alias, items == copy, copy is items, len(items), len(copy))
    copy.clear()
    print("cleared:", copy, "original:", items)

    grid = [[0] * 3 for _ in range(3)]
    grid[1][1] = 5
    shared = [[0] * 3] * 3
    shared[1][1] = 5
    print("independent rows:", grid)
    print("shared rows:", shared)

    a = [1, 2, 3]
    b = a + [4, 5]
    a += [6]
    c = a * 2
    print(a, b, c, [0] * 0, [None] * 2)
    print([1, 2, 3] == [1, 2, 3], [1, 2, 3] < [1, 2, 4], [1, 2] < [1, 2, 0], [] == [])
    print(2 in a, 7 not in a, a.index(3), a[-1], a[len(a) - 1])

    stack = []
    for token in "3 4 + 2 * 7 -".split():
        if token in "+-*":
            right, left = stack.pop(), stack.pop()
            stack.append(left + right if token == "+" else left - right if token == "-" else left * right)
        else:
            stack.append(int(token))
    print("rpn result:", stack)

    nested = [1, [2, [3, [4, [5]]]]]

    def flatten(xs):
        out = []
        for x in xs:
            if isinstance(x, list):
                out.extend(flatten(x))
            else:
                out.append(x)
        return out

    print("flatten:", flatten(nested), nested)
    print(list("abc"), list(range(5, 0, -2)), list((1, 2)), list({"k": 1, "j": 2}))
    data = [5, 3, 8, 1]
    total = 0
    for i, value in enumerate(data):
        data[i] = value * 10
        total += value
    print(data, total, sum(data), min(data), max(data))
    del data[1]
    print(data)


main()
