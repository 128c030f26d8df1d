# Loop control: break, continue, for-else and while-else, nested loops, one-line bodies.


def find_first_multiple(numbers, k):
    for n in numbers:
        if n % k == 0:
            result = f"found {n}"
            break
    else:
        result = "none found"
    return result


def is_prime(n):
    if n < 2:
        return False
    d = 2
    while d * d <= n:
        if n % d == 0:
            break
        d += 1
    else:
        return True
    return False


def main():
    print(find_first_multiple([3, 5, 7, 9], 3), "|", find_first_multiple([1, 2, 4], 3), "|", find_first_multiple([], 3))
    print("primes:", [n for n in range(30) if is_prime(n)])

    # while with break/continue/else
    n, steps = 27, 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    else:
        print("collatz(27) reached 1 in", steps, "steps")
    i = 0
    odds = []
    while True:
        i += 1
        if i % 2 == 0:
            continue
        if i > 15:
            break
        odds.append(i)
    print("odds:", odds)

    # nested loops with break only leaving the inner loop
    pairs = []
    for a in range(1, 5):
        for b in range(1, 5):
            if b > a:
                break
            if (a + b) % 2:
                continue
            pairs.append((a, b))
    print("pairs:", pairs)

    # for-else on an empty loop runs the else; a loop variable survives the loop
    for item in []:
        print("never")
    else:
        print("empty loop else ran")
    for last in range(4):
        pass
    print("loop variable after loop:", last)

    total = 0
    for x in range(10):
        if x == 3:
            continue
        if x == 8:
            break
        total += x
    else:
        total = -1
    print("total:", total)

    countdown = 5
    while countdown:
        countdown -= 1
        if countdown == 2:
            print("stopping at", countdown)
            break
    else:
        print("not printed")
    x = 10
    if x > 5: print("one-line if body")
    for ch in "ab": print("one-line for body", ch)
    while x > 8: x -= 1
    print("x =", x)


main()
