# Sorting: sorted() and list.sort() with key= and reverse=, stability, tuples as keys.

STUDENTS = [
    ("alice", "math", 91),
    ("bob", "physics", 78),
    ("carol", "math", 85),
    ("dave", "history", 91),
    ("erin", "physics", 85),
    ("frank", "history", 70),
    ("grace", "math", 78),
    ("heidi", "physics", 91),
]


class Version:
    def __init__(self, text):
        self.text = text
        self.parts = tuple(int(p) for p in text.split("."))

    def __lt__(self, other):
        return self.parts < other.parts

    def __repr__(self):
        return f"v{self.text}"


def by_score(record):
    return record[2]


def main():
    print("by score:", [name for name, _, _ in sorted(STUDENTS, key=by_score)])
    print("by score desc:", [name for name, _, _ in sorted(STUDENTS, key=by_score, reverse=True)])
    # stability: equal scores keep their original relative order, even reversed
    print("stable:", [(n, s) for n, _, s in sorted(STUDENTS, key=lambda r: r[2]) if s in (78, 85, 91)])
    # multi-level sort: subject ascending, score descending, name ascending
    multi = sorted(STUDENTS, key=lambda r: (r[1], -r[2], r[0]))
    for name, subject, score in multi:
        print(f"  {subject:<8} {score:>3} {name}")
    # the same result in two stable passes
    two_pass = sorted(STUDENTS, key=lambda r: r[0])
    two_pass.sort(key=lambda r: r[2], reverse=True)
    two_pass.sort(key=lambda r: r[1])
    print("two passes agree:", two_pass == multi)

    words = ["banana", "Apple", "cherry", "apple", "Banana", "date", "Cherry"]
    print(sorted(words))
    print(sorted(words, key=lambda w: w.lower()))
    print(sorted(words, key=lambda w: (w.lower(), w)))
    print(sorted(words, key=len, reverse=True))

    numbers = [5, -3, 2, -8, 0, 7, -1]
    numbers.sort()
    print(numbers)
    numbers.sort(key=abs)
    print(numbers)
    numbers.sort(reverse=True)
    print(numbers)
    print(sorted((3, 1, 2)), sorted("gilvm"), sorted({"b": 1, "a": 2}))
    pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "a"), (0, "q")]
    print(sorted(pairs), max(pairs), min(pairs))
    print(sorted([[3, 1], [2, 9], [3, 0], [2]]))
    versions = [Version(t) for t in ["1.10.0", "1.2.3", "1.2.10", "0.9", "1.2"]]
    print(sorted(versions), max(versions))
    print(sorted([3.5, 1, 2.25, -7, True]))
    ranked = sorted(range(-5, 6), key=lambda x: (x * x, x))
    print(ranked)
    print("reversed:", list(reversed(sorted("hello"))))
    grid = {"b2": 4, "a1": 9, "c3": 1, "a2": 4}
    print(sorted(grid, key=grid.get), sorted(grid.items(), key=lambda kv: (kv[1], kv[0])))


main()
