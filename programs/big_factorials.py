# Arbitrary-precision integers: factorials, powers and digit sums.


def factorial(n):
    result = 1
    for k in range(2, n + 1):
        result *= k
    return result


def digit_sum(n):
    return sum(int(d) for d in str(n))


def trailing_zeros(n):
    count = 0
    while n % 10 == 0 and n != 0:
        n //= 10
        count += 1
    return count


def main():
    f100 = factorial(100)
    print("100! =", f100)
    print("digits:", len(str(f100)))
    print("digit sum:", digit_sum(f100))
    print("trailing zeros:", trailing_zeros(f100))
    p = 2**200
    print("2**200 =", p)
    print("digit sum of 2**1000:", digit_sum(2**1000))
    print("3**100 - 2**150 =", 3**100 - 2**150)
    print("-(10**30) // 7 =", -(10**30) // 7)
    print("-(10**30) % 7 =", -(10**30) % 7)
    q, r = divmod(f100, 2**100 + 1)
    print("divmod(100!, 2**100 + 1) ->", q, r)
    print("reassembled:", q * (2**100 + 1) + r == f100)
    # binomial coefficients from factorials
    n, k = 60, 30
    print("C(60, 30) =", factorial(n) // (factorial(k) * factorial(n - k)))
    # a product of many numbers, then divided back out
    big = 1
    for m in range(1, 51):
        big *= m * m + 1
    for m in range(50, 0, -1):
        big //= m * m + 1
    print("divided back to:", big)
    print("hex of 30!:", hex(factorial(30)))
    print("bits in 1000!:", len(bin(factorial(1000))) - 2)
    print("comparison:", 2**300 > 3**189, 2**300 < 3**190)


main()
