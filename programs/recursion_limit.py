# Runaway recursion is caught as RecursionError; deep-but-bounded recursion works.
import sys


def runaway(n):
    return runaway(n + 1) + 1


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


class Node:
    def __init__(self, child=None):
        self.child = child

    def count(self):
        return 1 + (self.child.count() if self.child else 0)


def main():
    print("recursion limit:", sys.getrecursionlimit())
    try:
        runaway(0)
    except RecursionError as e:
        print("caught:", type(e).__name__)
    print("depth(500) =", depth(500))
    print("still works after the error:", depth(100))
    print("ackermann(2, 3) =", ackermann(2, 3))
    chain = None
    for _ in range(300):
        chain = Node(chain)
    print("chain length:", chain.count())
    try:
        for _ in range(2000):
            chain = Node(chain)
        chain.count()
    except RecursionError as e:
        print("caught again:", type(e).__name__, isinstance(e, RuntimeError))

    def mutual_even(n):
        return True if n == 0 else mutual_odd(n - 1)

    def mutual_odd(n):
        return False if n == 0 else mutual_even(n - 1)

    print("mutual recursion:", mutual_even(200), mutual_odd(201))
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(3000)
    print("raised limit:", sys.getrecursionlimit(), "depth(2000) =", depth(2000))
    sys.setrecursionlimit(old_limit)
    try:
        depth(2000)
    except RecursionError:
        print("limit restored:", sys.getrecursionlimit())
    try:
        mutual_even(10 ** 6)
    except RecursionError:
        print("mutual runaway caught")


if __name__ == "__main__":
    main()
