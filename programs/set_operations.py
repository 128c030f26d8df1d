# Sets: building, membership, add/discard/remove, union/intersection/difference.
# Set iteration order is unspecified, so everything printed is sorted first.


def show(label, s):
    print(f"{label}: {sorted(s)}")


def main():
    python_devs = {"ana", "ben", "cho", "dev", "eli"}
    rust_devs = set(["cho", "eli", "fay", "gus"])
    go_devs = {"ben", "gus", "hal"}
    show("python", python_devs)
    show("union |", python_devs | rust_devs)
    show("union()", python_devs.union(rust_devs, go_devs))
    show("intersection &", python_devs & rust_devs)
    show("difference -", python_devs - rust_devs)
    show("only rust", rust_devs - python_devs - go_devs)
    show("in two or more", (python_devs & rust_devs) | (python_devs & go_devs) | (rust_devs & go_devs))
    everyone = python_devs | rust_devs | go_devs
    print("headcount:", len(everyone), "ana" in everyone, "zed" not in everyone)

    s = set()
    for word in "the quick brown fox jumps over the lazy dog the end".split():
        s.add(word)
    print("distinct words:", len(s))
    s.discard("the")
    s.discard("not-there")  # no error
    s.remove("fox")
    try:
        s.remove("fox")
    except KeyError as e:
        print("KeyError", e)
    show("after removals", s)

    letters = set("mississippi")
    show("letters", letters)
    print(len(letters), "s" in letters, sorted(letters, reverse=True))
    primes = {n for n in range(2, 50) if all(n % d for d in range(2, n))}
    odds = set(range(1, 50, 2))
    show("odd primes", primes & odds)
    show("even primes", primes - odds)
    print("sum of primes:", sum(primes), "max:", max(primes), "min:", min(primes))

    # a set of tuples and frozen-looking keys
    visited = set()
    x = y = 0
    for move in "NNESSWWNNE":
        dx, dy = {"N": (0, 1), "S": (0, -1), "E": (1, 0), "W": (-1, 0)}[move]
        x, y = x + dx, y + dy
        visited.add((x, y))
    print("distinct cells visited:", len(visited), sorted(visited)[:4])

    # deduplicate while keeping the first-seen order
    seen = set()
    unique = []
    for item in [3, 1, 3, 2, 1, 5, 2, 3]:
        if item not in seen:
            seen.add(item)
            unique.append(item)
    print("unique in order:", unique)
    print(set() == set(), {1, 2} == {2, 1}, {1, 2} != {1, 3}, len(set()), bool(set()), bool({0}))
    print({1, 1.0, True}, {1, 2, 3} == set([3, 2, 1]))
    a = {1, 2, 3}
    b = a
    a |= {4}
    a -= {1}
    a &= {2, 3, 4, 5}
    show("in-place ops", b)
    try:
        {[1]}
    except TypeError as e:
        print("TypeError:", e)


main()
