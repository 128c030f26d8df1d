# Floats: shortest repr, special values, rounding (half to even), int/float mixing,
# float floor division and modulo.


def main():
    print(0.1 + 0.2, 0.1 + 0.2 == 0.3, abs((0.1 + 0.2) - 0.3) < 1e-9)
    print(1e16, 1e15, 1e-5, 1e-4, 123456789012345678.0, 1.5e300, 2.5e-300)
    print(1.0, -0.0, 0.0 == -0.0, 100.0, 1e22, 1e23, 0.1, 1 / 3, 2 / 3, 10 / 4)
    print(float("1.5"), float("  -2.25 "), float("1e3"), float(7), float("inf"), float("-inf"))
    print(float("nan"), float("Infinity"), float("-iNF"), repr(float("nan")), str(1e100))

    inf = float("inf")
    nan = float("nan")
    print(inf + 1, inf * -1, inf - inf, inf * 0, 1 / inf, -1 / inf)
    print(nan == nan, nan != nan, nan < 1, nan > 1, inf > 1e308, -inf < -1e308)
    print(1e308 * 10, -1e308 * 10, 1e-320, 5e-324, 5e-324 / 2)
    print(max(1.0, inf), min(-inf, 0), sorted([3.5, -inf, 0.0, inf, -2.0]))

    print("round:", round(2.5), round(3.5), round(-2.5), round(0.5), round(1.5), round(2.675, 2))
    print("round:", round(0.125, 2), round(0.375, 2), round(3.14159, 3), round(1234.5678, -2), round(-0.4))
    print("round types:", type(round(2.5)).__name__, type(round(2.5, 1)).__name__, round(7, 1), round(5.0, 0))
    print("int():", int(2.9), int(-2.9), int(1e15), int(-0.5), int(12345678901234567890.0))

    pairs = [(7.5, 2), (-7.5, 2), (7.5, -2), (-7.5, -2), (5.0, 0.5), (1.0, 0.1)]
    for a, b in pairs:
        print(f"{a} // {b} = {a // b}   {a} % {b} = {a % b}   divmod -> {divmod(a, b)}")
    print(-0.0 % 5, 0.0 // -3, 3 % -0.5)

    print("mixing:", 1 + 2.0, 3 * 0.5, 2 ** -2, 10 / 5, 7 // 2.5, 2.0 ** 3)
    print("compare:", 1 == 1.0, 2 < 2.5, 10 ** 20 == 1e20, 10 ** 16 + 1 == 1e16 + 1, 0.5 in [0.5])
    print("sums:", sum([0.1] * 10), sum([0.5] * 4), 0.1 * 3, 1.1 * 1.1, 3 * 1.1)
    print("bool/int:", bool(0.0), bool(-0.0), bool(1e-300), float(True), 1.0 == True)
    print("hash-free keys:", {1.0: "a", 2: "b"}[1], {0.5: "half"}[0.5])
    total = 0.0
    for i in range(1, 11):
        total += 1 / (i * i)
    print(f"partial zeta(2): {total!r} {total:.6f} {total:.3e}")
    try:
        print(1.0 / 0)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
    try:
        print(5.0 % 0.0)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
    try:
        float("abc")
    except ValueError as e:
        print("ValueError:", e)
    try:
        int(float("inf"))
    except Exception as e:
        print(type(e).__name__, e)


main()
