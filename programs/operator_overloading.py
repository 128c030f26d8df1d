# Operator overloading: arithmetic dunders and their reflected forms, comparisons,
# __hash__ for dict keys and set members, __bool__ and NotImplemented.


class Vector:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        if isinstance(other, Vector):
            return Vector(self.x + other.x, self.y + other.y)
        return NotImplemented

    def __radd__(self, other):
        # lets sum() start from 0
        if other == 0:
            return self
        return NotImplemented

    def __sub__(self, other):
        if not isinstance(other, Vector):
            return NotImplemented
        return Vector(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        if isinstance(k, (int, float)):
            return Vector(self.x * k, self.y * k)
        if isinstance(k, Vector):
            return self.x * k.x + self.y * k.y  # dot product
        return NotImplemented

    def __rmul__(self, k):
        if isinstance(k, (int, float)):
            return self * k
        return NotImplemented

    def __truediv__(self, k):
        return Vector(self.x / k, self.y / k)

    def __eq__(self, other):
        return isinstance(other, Vector) and (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))

    def __lt__(self, other):
        return (self.x * self.x + self.y * self.y) < (other.x * other.x + other.y * other.y)

    def __bool__(self):
        return self.x != 0 or self.y != 0

    def __repr__(self):
        return f"Vector({self.x}, {self.y})"


class Money:
    """Whole cents; mixing with plain ints works from either side."""

    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        other = other.cents if isinstance(other, Money) else other
        return Money(self.cents + other)

    __radd__ = __add__

    def __sub__(self, other):
        other = other.cents if isinstance(other, Money) else other
        return Money(self.cents - other)

    def __rsub__(self, other):
        return Money(other - self.cents)

    def __floordiv__(self, n):
        return Money(self.cents // n)

    def __mod__(self, n):
        return Money(self.cents % n)

    def __eq__(self, other):
        return isinstance(other, Money) and self.cents == other.cents

    def __repr__(self):
        return f"${self.cents // 100}.{self.cents % 100:02d}"


def main():
    a, b = Vector(1, 2), Vector(3, -1)
    print(a + b, a - b, a * 3, 2 * a, a * b, b / 2)
    print(sum([a, b, Vector(0, 5)]), a == Vector(1, 2), a != b, a == (1, 2))
    print(sorted([Vector(3, 4), Vector(1, 1), Vector(0, 2)]), max(a, b), b > a)
    print(bool(Vector(0, 0)), bool(a), "yes" if Vector(0, 0) else "no")
    seen = {a: "first", Vector(1, 2): "again", b: "second"}
    print(len(seen), seen[Vector(1, 2)], Vector(3, -1) in seen, len({a, Vector(1, 2), b}))
    try:
        a + 1
    except TypeError as e:
        print("TypeError:", e)
    try:
        "text" * a
    except TypeError as e:
        print("TypeError:", e)
    price = Money(1999)
    print(price + 1, 1 + price, price - 999, 5000 - price, price // 3, price % 100, sum([price, price], Money(1)))
    print(price == Money(1999), price != Money(1), price == 1999, [Money(5)] == [Money(5)])


main()
