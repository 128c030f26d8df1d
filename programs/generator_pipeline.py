# A lazy data pipeline built from generator functions and generator expressions.

LOG = """\
2024-01-03 GET /index.html 200 512
2024-01-03 GET /about.html 200 256
2024-01-03 POST /login 302 0
2024-01-04 GET /missing 404 128
2024-01-04 GET /index.html 200 512
2024-01-04 GET /images/logo.png 200 4096
2024-01-05 POST /login 500 64
2024-01-05 GET /index.html 304 0
2024-01-05 GET /about.html 200 256
2024-01-06 GET /missing 404 128
"""


def read_lines(text):
    for line in text.split("\n"):
        if line.strip():
            yield line


def parse(lines):
    for line in lines:
        date, method, path, status, size = line.split()
        yield {"date": date, "method": method, "path": path,
               "status": int(status), "size": int(size)}


def only(records, predicate):
    for r in records:
        if predicate(r):
            yield r


def take(n, iterable):
    it = iter(iterable)
    for _ in range(n):
        try:
            yield next(it)
        except StopIteration:
            return


def naturals():
    n = 0
    while True:
        yield n
        n += 1


def running_total(values):
    total = 0
    for v in values:
        total += v
        yield total


def main():
    records = list(parse(read_lines(LOG)))
    print("records:", len(records))
    ok_bytes = sum(r["size"] for r in only(records, lambda r: r["status"] == 200))
    print("bytes served with 200:", ok_bytes)
    errors = [r["path"] for r in only(records, lambda r: r["status"] >= 400)]
    print("errors:", errors)
    per_day = {}
    for r in records:
        per_day[r["date"]] = per_day.get(r["date"], 0) + 1
    print("per day:", per_day)
    print("first three paths:", [r["path"] for r in take(3, records)])
    squares = (n * n for n in naturals())
    odd_squares = (s for s in squares if s % 2 == 1)
    print("odd squares:", list(take(6, odd_squares)))
    print("running total:", list(running_total(range(1, 11))))
    gen = running_total([5, 10, 15])
    print(next(gen), next(gen), next(gen), next(gen, "done"))
    print("any 500?", any(r["status"] == 500 for r in records))
    print("all GET or POST?", all(r["method"] in ("GET", "POST") for r in records))
    print("max size:", max(r["size"] for r in records))
    pipeline = take(4, running_total(x * 3 for x in naturals() if x % 2 == 0))
    print("pipeline:", list(pipeline))
    empty = take(5, [])
    print("empty:", list(empty))


main()
