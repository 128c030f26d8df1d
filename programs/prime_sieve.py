# Sieve of Eratosthenes, plus a few facts about the primes it finds.
import math


def sieve(limit):
    is_prime = [True] * (limit + 1)
    is_prime[0] = is_prime[1] = False
    for p in range(2, math.isqrt(limit) + 1):
        if is_prime[p]:
            is_prime[p * p :: p] = [False] * len(range(p * p, limit + 1, p))
    return [n for n, flag in enumerate(is_prime) if flag]


def is_prime_trial(n):
    if n < 2:
        return False
    d = 2
    while d * d <= n:
        if n % d == 0:
            return False
        d += 1
    return True


def factorize(n):
    factors = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors.append(d)
            n //= d
        d += 1
    if n > 1:
        factors.append(n)
    return factors


def main():
    primes = sieve(10_000)
    print("primes below 10000:", len(primes))
    print("first 15:", primes[:15])
    print("last 5:", primes[-5:])
    print("sum:", sum(primes))
    prime_set = set(primes)
    print("sieve agrees with trial division:", all(is_prime_trial(n) == (n in prime_set) for n in range(500)))
    twins = [(p, q) for p, q in zip(primes, primes[1:]) if q - p == 2]
    print("twin pairs:", len(twins), "largest:", twins[-1])
    gaps = [q - p for p, q in zip(primes, primes[1:])]
    widest = max(gaps)
    where = gaps.index(widest)
    print("widest gap:", widest, "after", primes[where])
    for n in (360, 9973, 2**16 + 1, 600851475143):
        print(n, "=", " * ".join(str(f) for f in factorize(n)))


main()
