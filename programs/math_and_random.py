# The math module (integer helpers exactly, transcendental functions only to a few
# decimals) and the random module used only in ways whose output does not depend on
# the generated sequence.
import math
import random
from math import gcd, sqrt as square_root


def lcm(a, b):
    return a * b // gcd(a, b)


def main():
    print("gcd:", gcd(48, 18), gcd(17, 5), gcd(0, 9), gcd(-12, 8), gcd(2 ** 100, 6 ** 40))
    print("lcm 1..20:", lcm_all(range(1, 21)))
    print("isqrt:", math.isqrt(0), math.isqrt(15), math.isqrt(16), math.isqrt(10 ** 30), math.isqrt(2 ** 127))
    print("sqrt:", math.sqrt(16), math.sqrt(2), square_root(0.25), math.sqrt(1e100), math.sqrt(0.0))
    print("floor/ceil:", math.floor(2.7), math.floor(-2.7), math.ceil(2.1), math.ceil(-2.1), math.floor(5), math.ceil(7.0))
    print("types:", type(math.floor(2.5)).__name__, type(math.sqrt(4)).__name__, type(math.isqrt(4)).__name__)
    print("constants:", math.pi, math.e, f"{math.pi:.3f}", f"{math.e:.5f}")
    print(f"trig: sin(pi/6)={math.sin(math.pi / 6):.6f} cos(pi/3)={math.cos(math.pi / 3):.6f} "
          f"sin(0)={math.sin(0.0)} cos(0)={math.cos(0.0)}")
    print(f"exp/log: exp(1)={math.exp(1):.6f} log(e)={math.log(math.e):.6f} log(100)={math.log(100):.6f} exp(0)={math.exp(0)}")
    print("identities:", abs(math.exp(math.log(10.0)) - 10.0) < 1e-12,
          abs(math.sin(1.0) ** 2 + math.cos(1.0) ** 2 - 1.0) < 1e-12)
    hyp = [(3, 4), (5, 12), (8, 15), (1, 1)]
    print("hypotenuses:", [math.sqrt(a * a + b * b) for a, b in hyp])
    perfect = [n for n in range(1, 200) if math.isqrt(n) ** 2 == n]
    print("perfect squares:", perfect)
    try:
        math.sqrt(-1)
    except ValueError as e:
        print("ValueError:", e)
    try:
        math.isqrt(-4)
    except ValueError as e:
        print("ValueError:", e)
    # Newton's method against math.sqrt
    x = 10.0
    for _ in range(20):
        x = (x + 2.0 / x) / 2
    print("newton agrees with math.sqrt(2):", abs(x - math.sqrt(2)) < 1e-15, f"{x:.15f}")

    random.seed(12345)
    values = [random.randint(1, 6) for _ in range(200)]
    print("dice in range:", all(1 <= v <= 6 for v in values), len(values))
    floats = [random.random() for _ in range(100)]
    print("random() in [0, 1):", all(0.0 <= f < 1.0 for f in floats))
    deck = list(range(52))
    random.shuffle(deck)
    print("shuffle keeps the cards:", sorted(deck) == list(range(52)), len(deck))
    colours = ["red", "green", "blue"]
    print("choice is a member:", all(random.choice(colours) in colours for _ in range(20)))
    random.seed(99)
    first = [random.random() for _ in range(5)]
    random.seed(99)
    second = [random.random() for _ in range(5)]
    print("same seed, same sequence:", first == second)


def lcm_all(numbers):
    result = 1
    for n in numbers:
        result = lcm(result, n)
    return result


main()
