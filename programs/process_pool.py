# ProcessPoolExecutor: CPU-bound work in child processes, each with its own interpreter. With
# the "spawn" start method (gilvm's only one) every child imports this file again as
# __mp_main__, so the work is started under `if __name__ == "__main__":` only, and the functions
# a child runs must be module-level names (they travel by name, as pickle sends them).
# Arguments and results are copied across: what comes back is equal, never the same object.
from concurrent.futures import ProcessPoolExecutor, as_completed, wait, ALL_COMPLETED

# set in each child by the pool's initializer
worker_tag = "unset"


def tag_worker(tag):
    global worker_tag
    worker_tag = tag


def count_primes(lo, hi):
    count = 0
    for n in range(max(lo, 2), hi):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:
            count += 1
    return count


def collatz_steps(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def describe(value):
    return (worker_tag, type(value).__name__, value)


class ScheduleError(Exception):
    pass


def fail(kind):
    if kind == "value":
        raise ValueError("task refused its input")
    if kind == "zero":
        return 1 // 0
    raise ScheduleError("no slot for", kind)


def numbers_lazily(n):
    return (i for i in range(n))


def make_adder(k):
    def add(x):
        return x + k
    return add


def main():
    with ProcessPoolExecutor(max_workers=2, initializer=tag_worker, initargs=("child",)) as ex:
        # submit: four ranges counted in parallel
        bounds = [(0, 2000), (2000, 4000), (4000, 6000), (6000, 8000)]
        futures = [ex.submit(count_primes, lo, hi) for lo, hi in bounds]
        counts = [f.result() for f in futures]
        print("primes per range:", counts, "total:", sum(counts))
        print("serial total:", count_primes(0, 8000))

        # map, in chunks: results in input order
        steps = list(ex.map(collatz_steps, range(1, 200), chunksize=40))
        best = max(range(len(steps)), key=lambda i: steps[i])
        print("longest Collatz run below 200:", best + 1, "with", steps[best], "steps")
        print("map equals the serial result:", steps == [collatz_steps(n) for n in range(1, 200)])

        # values round-trip by copy; the initializer ran in the child, not here
        for value in [None, True, -7, 2 ** 100, -2.5e-300, "naïve ✓", (1, (2, [3])),
                      {"k": [1.5, None], 3: frozenset({4})}, {5, 6}]:
            print("round trip:", ex.submit(describe, value).result())
        print("here the tag is still", repr(worker_tag))

        # exceptions raised in a child are raised again here, with their class
        for kind in ["value", "zero", "slot"]:
            try:
                ex.submit(fail, kind).result()
            except (ValueError, ZeroDivisionError, ScheduleError) as e:
                print("task failed:", type(e).__name__, e.args)

        # what cannot be sent fails the call alone
        try:
            ex.submit(make_adder(1), 2).result()
        except AttributeError as e:
            print("cannot send:", e)
        try:
            ex.submit(collatz_steps, numbers_lazily(3)).result()
        except TypeError as e:
            print("cannot send:", e)
        try:
            ex.submit(numbers_lazily, 3).result()
        except TypeError as e:
            print("cannot send back:", e)

        # as_completed and wait work on these futures as on a thread pool's
        futures = {ex.submit(collatz_steps, n): n for n in [27, 97, 871]}
        done = sorted((futures[f], f.result()) for f in as_completed(futures))
        print("as_completed:", done)
        finished, pending = wait(futures, return_when=ALL_COMPLETED)
        print("wait:", len(finished), "done,", len(pending), "pending")

    try:
        ex.submit(collatz_steps, 3)
    except RuntimeError as e:
        print("after shutdown:", e)
    try:
        ProcessPoolExecutor(max_workers=0)
    except ValueError as e:
        print("bad pool:", e)


if __name__ == "__main__":
    main()
