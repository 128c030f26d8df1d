# Closures (nonlocal counters, factories, late binding) and every kind of comprehension.


def make_counter(start=0, step=1):
    count = start

    def increment():
        nonlocal count
        count += step
        return count

    def reset():
        nonlocal count
        count = start

    return increment, reset


def make_multipliers():
    # the classic late-binding trap, and the default-argument fix
    late = [lambda x: x * i for i in range(4)]
    early = [lambda x, i=i: x * i for i in range(4)]
    return late, early


def compose(*funcs):
    def composed(x):
        for f in reversed(funcs):
            x = f(x)
        return x
    return composed


def make_accumulator():
    history = []

    def add(value):
        history.append(value)
        return sum(history)

    return add, history


def main():
    inc, reset = make_counter()
    print([inc() for _ in range(5)])
    reset()
    print(inc(), inc())
    by_ten, _ = make_counter(100, 10)
    print(by_ten(), by_ten(), inc())

    late, early = make_multipliers()
    print("late:", [f(10) for f in late])
    print("early:", [f(10) for f in early])

    pipeline = compose(lambda x: x + 1, lambda x: x * 2, abs)
    print("compose:", pipeline(-5), pipeline(3))

    add, history = make_accumulator()
    add(3); add(4)
    print("accumulated:", add(5), history)

    squares = [n * n for n in range(10)]
    evens = [n for n in squares if n % 2 == 0]
    pairs = [(a, b) for a in range(1, 4) for b in range(a, 4)]
    matrix = [[r * 3 + c for c in range(3)] for r in range(3)]
    transposed = [[row[i] for row in matrix] for i in range(3)]
    flat = [x for row in matrix for x in row if x % 2]
    print(squares, evens, pairs, sep="\n")
    print(matrix, transposed, flat)

    words = ["apple", "banana", "cherry", "avocado", "blueberry", "cranberry", "apricot"]
    by_letter = {w[0]: [x for x in words if x[0] == w[0]] for w in words}
    print({k: by_letter[k] for k in sorted(by_letter)})
    lengths = {w: len(w) for w in words if len(w) > 6}
    print(sorted(lengths.items()))
    letters = {ch for w in words for ch in w}
    print("letters:", "".join(sorted(letters)))
    vowels = {ch for ch in "programming language" if ch in "aeiou"}
    print("vowels:", sorted(vowels))
    inverted = {v: k for k, v in {"one": 1, "two": 2, "three": 3}.items()}
    print(inverted)
    print("gen sum:", sum(x * x for x in range(100) if x % 3 == 0))
    nested = [[(i, j) for j in range(i)] for i in range(4)]
    print(nested)
    scale = 3
    scaled = list(map(lambda v: v * scale, [1, 2, 3]))
    print(scaled, list(filter(lambda v: v > 3, scaled)))
    key_funcs = {"neg": lambda v: -v, "sq": lambda v: v * v, "id": lambda v: v}
    print({name: sorted([3, -1, 2], key=fn) for name, fn in key_funcs.items()})


main()
