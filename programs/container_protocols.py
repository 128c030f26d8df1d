# Container protocols on user classes: __len__, __getitem__, __iter__, __contains__,
# __call__, truth via __len__, `in` falling back to __iter__, and __radd__ with ints.


class Polynomial:
    """Coefficients, lowest degree first."""

    def __init__(self, *coeffs):
        self.coeffs = list(coeffs)

    def __len__(self):
        return len(self.coeffs)

    def __getitem__(self, i):
        return self.coeffs[i]

    def __iter__(self):
        return iter(self.coeffs)

    def __call__(self, x):
        result = 0
        for c in reversed(self.coeffs):
            result = result * x + c
        return result

    def __add__(self, other):
        if isinstance(other, int):
            other = Polynomial(other)
        n = max(len(self), len(other))
        a = self.coeffs + [0] * (n - len(self))
        b = other.coeffs + [0] * (n - len(other))
        return Polynomial(*[p + q for p, q in zip(a, b)])

    __radd__ = __add__

    def __mul__(self, other):
        out = [0] * (len(self) + len(other) - 1)
        for i, p in enumerate(self):
            for j, q in enumerate(other):
                out[i + j] += p * q
        return Polynomial(*out)

    def __repr__(self):
        terms = [f"{c}x^{i}" if i else str(c) for i, c in enumerate(self.coeffs) if c]
        return " + ".join(terms) or "0"


class Interval:
    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi

    def __contains__(self, x):
        return self.lo <= x <= self.hi

    def __len__(self):
        return max(0, self.hi - self.lo)


class Countdown:
    """Only __iter__, so `in` falls back to iteration and there is no __len__."""

    def __init__(self, start):
        self.start = start

    def __iter__(self):
        n = self.start
        while n > 0:
            yield n
            n -= 1


def main():
    p = Polynomial(1, 0, 2)      # 1 + 2x^2
    q = Polynomial(0, 3)         # 3x
    print(p, "|", q, "|", p + q, "|", p * q, "|", 5 + p, "|", p + 5)
    print([p(x) for x in range(5)], len(p), p[2], list(q), 2 in p, 7 in p)

    week = Interval(1, 7)
    print(3 in week, 9 in week, 9 not in week, len(week), bool(week), bool(Interval(5, 5)))
    c = Countdown(4)
    print(list(c), 3 in c, 9 in c, sorted(c), sum(c), max(c))


main()
