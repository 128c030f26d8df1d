# Fibonacci numbers three ways: naive recursion, iteration and memoized recursion.


def fib_recursive(n):
    if n < 2:
        return n
    return fib_recursive(n - 1) + fib_recursive(n - 2)


def fib_iterative(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


_memo = {0: 0, 1: 1}


def fib_memo(n):
    if n not in _memo:
        _memo[n] = fib_memo(n - 1) + fib_memo(n - 2)
    return _memo[n]


def fib_sequence(count):
    """Generate the first `count` Fibonacci numbers."""
    a, b = 0, 1
    while count > 0:
        yield a
        a, b = b, a + b
        count -= 1


def main():
    print("recursive:", [fib_recursive(n) for n in range(15)])
    print("iterative:", [fib_iterative(n) for n in range(15)])
    agree = all(fib_recursive(n) == fib_iterative(n) == fib_memo(n) for n in range(18))
    print("all three agree up to 17:", agree)
    print("fib(90) =", fib_iterative(90))
    print("fib(300) =", fib_memo(300))
    big = fib_iterative(1000)
    print("fib(1000) has", len(str(big)), "digits, ends with", big % 10**10)
    evens = [f for f in fib_sequence(40) if f % 2 == 0]
    print("even terms among the first 40:", len(evens), "sum", sum(evens))
    ratio = fib_iterative(40) / fib_iterative(39)
    print(f"golden ratio estimate: {ratio:.12f}")


main()
