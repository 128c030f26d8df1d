# Dynamic programming: memoized recursion and bottom-up tables
# (edit distance, 0/1 knapsack, longest common subsequence, coin change).


def edit_distance(a, b):
    memo = {}

    def solve(i, j):
        if i == len(a):
            return len(b) - j
        if j == len(b):
            return len(a) - i
        key = (i, j)
        if key not in memo:
            if a[i] == b[j]:
                memo[key] = solve(i + 1, j + 1)
            else:
                memo[key] = 1 + min(solve(i + 1, j), solve(i, j + 1), solve(i + 1, j + 1))
        return memo[key]

    return solve(0, 0)


def knapsack(items, capacity):
    """items: list of (name, weight, value). Returns best value and chosen names."""
    memo = {}

    def best(i, room):
        if i == len(items) or room == 0:
            return 0
        if (i, room) in memo:
            return memo[(i, room)]
        _, weight, value = items[i]
        result = best(i + 1, room)
        if weight <= room:
            result = max(result, value + best(i + 1, room - weight))
        memo[(i, room)] = result
        return result

    chosen, room = [], capacity
    for i in range(len(items)):
        if best(i, room) != best(i + 1, room):
            chosen.append(items[i][0])
            room -= items[i][1]
    return best(0, capacity), chosen


def lcs(a, b):
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            if a[i] == b[j]:
                table[i][j] = 1 + table[i + 1][j + 1]
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            out.append(a[i])
            i += 1
            j += 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return "".join(out)


def coin_change(coins, amount):
    ways = [1] + [0] * amount
    fewest = [0] + [None] * amount
    for coin in coins:
        for total in range(coin, amount + 1):
            ways[total] += ways[total - coin]
    for total in range(1, amount + 1):
        options = [fewest[total - c] for c in coins if c <= total and fewest[total - c] is not None]
        fewest[total] = min(options) + 1 if options else None
    return ways[amount], fewest[amount]


def main():
    for a, b in [("kitten", "sitting"), ("flaw", "lawn"), ("", "abc"), ("intention", "execution"),
                 ("gil", "gil"), ("free-threading", "thread-freeing")]:
        print(f"edit_distance({a!r}, {b!r}) = {edit_distance(a, b)}")
    items = [("map", 9, 150), ("compass", 13, 35), ("water", 153, 200), ("sandwich", 50, 160),
             ("glucose", 15, 60), ("tin", 68, 45), ("banana", 27, 60), ("apple", 39, 40),
             ("cheese", 23, 30), ("beer", 52, 10), ("suntan", 11, 70), ("camera", 32, 30)]
    value, chosen = knapsack(items, 200)
    print("knapsack best value:", value)
    print("chosen:", chosen, "weight:", sum(w for n, w, v in items if n in chosen))
    print("lcs:", lcs("AGGTAB", "GXTXAYB"), lcs("interpreter", "bytecode"), repr(lcs("abc", "xyz")))
    for coins, amount in [([1, 2, 5], 11), ([2], 3), ([1, 5, 10, 25, 50], 100), ([3, 7], 20)]:
        ways, fewest = coin_change(coins, amount)
        print(f"coins {coins} amount {amount}: {ways} ways, fewest {fewest}")


main()
