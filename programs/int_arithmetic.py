# Integer arithmetic edge cases: floor division and modulo of negatives, powers,
# divmod, three-argument pow, bit operations, big integers and base conversions.


def main():
    pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (6, 3), (-6, 3)]
    for a, b in pairs:
        print(f"{a:>3} // {b:>2} = {a // b:>3}   {a:>3} % {b:>2} = {a % b:>3}   divmod = {divmod(a, b)}")
    print("true division:", 7 / 2, -7 / 2, 6 / 3, 1 / 3, type(6 / 3).__name__)
    print("powers:", 2 ** 10, (-2) ** 3, -2 ** 2, 2 ** -1, 2 ** -3, 10 ** 0, 0 ** 0, 2 ** 3 ** 2)
    print("pow:", pow(2, 10), pow(3, 4, 5), pow(7, 128, 1000), pow(-3, 3), pow(2, -2), pow(5, 0, 3))
    print("big pow mod:", pow(12345, 67890, 10 ** 9 + 7), pow(2, 10 ** 5, 10 ** 12))
    print("abs/neg:", abs(-5), abs(5), -(-5), +(-3), abs(-(2 ** 70)))

    print("and/or/xor:", 12 & 10, 12 | 10, 12 ^ 10, ~12, ~-1, ~0)
    print("shifts:", 1 << 10, 1 << 100, 1024 >> 3, -1024 >> 3, -1 >> 10, -7 >> 1, 5 >> 10)
    print("negative masks:", -1 & 0xFF, -256 & 0xFFFF, -5 | 2, -5 ^ 3, -(2 ** 70) & (2 ** 65 - 1))
    print("big bits:", (2 ** 100 - 1) ^ (2 ** 99), (1 << 200) >> 190, (2 ** 128 + 5) & 7)
    x = 0b1011_0110
    bits = 0
    y = x
    while y:
        bits += y & 1
        y >>= 1
    print("popcount of", bin(x), "=", bits, "highest bit:", len(bin(x)) - 3)

    print("hex/bin:", hex(255), hex(-255), hex(0), bin(10), bin(-10), bin(0), hex(2 ** 64))
    print("octal via format:", format(8, "o"), f"{64:#o}", f"{-9:o}")
    print("int(str, base):", int("ff", 16), int("FF", 16), int("777", 8), int("101", 2),
          int("z", 36), int("0x1f", 16), int("  -42  "), int("+17"), int("1_000_000"))
    print("int(float):", int(3.99), int(-3.99), int(1e20), int(True), int("0"))
    try:
        int("12.5")
    except ValueError as e:
        print("ValueError:", e)
    try:
        int("g", 16)
    except ValueError as e:
        print("ValueError:", e)

    big = 2 ** 100
    print("big:", big, big + 1, big - 2 ** 99, big * big, big // 3, big % 1000, -big // 7, -big % 7)
    print("big compare:", big > 2 ** 99, big == 2 ** 100, -big < -(2 ** 99), big == float(big))
    print("int/float mix:", 3 + 0.5, 7 * 1.0, 10 - 0.25, 2 ** -1 * 4, 1 == 1.0, 5 // 2.0)
    print("bool math:", True + True, True * 10, False - 1, sum([True, False, True]), -True)
    print("hash of ints:", hash(0), hash(42), hash(-1), hash(-2), hash(2 ** 61 - 1), hash(2 ** 61), hash(10 ** 20))
    factors = [d for d in range(1, 101) if 100 % d == 0]
    print("divisors of 100:", factors, "gcd-ish:", max(d for d in factors if 84 % d == 0))
    n = 1
    for i in range(1, 30):
        n = n * 3 + i
    print("long chain:", n, len(bin(n)) - 2, len(str(n)))
    print("digits reversed:", int(str(2 ** 64)[::-1]), round(123456, -2), round(-150, -2), round(250, -2))
    print("comparisons:", 1 < 2 < 3, 3 > 2 > 2, 1 == 1 != 2, -5 < -3 <= -3)
    try:
        print(1 // 0)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
    try:
        print(pow(0, -1))
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)


main()
