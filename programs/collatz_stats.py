# Collatz sequences: lengths, peaks and a cache of known lengths.


def collatz_length(n, cache):
    path = []
    while n not in cache:
        path.append(n)
        n = n // 2 if n % 2 == 0 else 3 * n + 1
    length = cache[n]
    for value in reversed(path):
        length += 1
        cache[value] = length
    return length


def sequence(n):
    seq = [n]
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        seq.append(n)
    return seq


def main():
    limit = 3000
    cache = {1: 1}
    lengths = {n: collatz_length(n, cache) for n in range(1, limit + 1)}
    best = max(lengths, key=lambda n: (lengths[n], -n))
    print(f"longest chain below {limit + 1}: start {best}, length {lengths[best]}")
    print("sequence of 27 (first 12):", sequence(27)[:12], "peak:", max(sequence(27)))
    histogram = {}
    for n, length in lengths.items():
        bucket = length // 25 * 25
        histogram[bucket] = histogram.get(bucket, 0) + 1
    for bucket in sorted(histogram):
        bar = "#" * (histogram[bucket] // 40)
        print(f"  {bucket:>3}-{bucket + 24:<3} {histogram[bucket]:>5} {bar}")
    total = sum(lengths.values())
    print(f"average length: {total / limit:.4f}")
    peaks = [(max(sequence(n)), n) for n in range(1, 200)]
    peaks.sort(reverse=True)
    print("highest peaks below 200:", peaks[:3])
    records = []
    record = 0
    for n in range(1, limit + 1):
        if lengths[n] > record:
            record = lengths[n]
            records.append(n)
    print("record setters:", records)
    print("cache size:", len(cache), "largest cached value:", max(cache))
    big = 2 ** 100 + 1
    print("steps for 2**100 + 1:", len(sequence(big)) - 1)


main()
