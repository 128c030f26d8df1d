# Stress: ThreadPoolExecutor pools. A pool of 8 workers (or as many as the second argument
# says) maps and submits tasks that build objects in the workers, which the main thread then
# reads and drops; tasks that raise; results made by one pool's workers consumed and dropped by
# another pool's; two threads each driving a pool of their own at once; and short-lived pools
# started and shut down over and over. At most 8 pool workers are alive at a time. Every result
# is checked against the same function run serially.
#   gilvm run --nogil --sanitize programs/stress_pools.py 2000 [WORKERS]
# The differential tests run it light; test/stress.test.ts runs it with 8 workers in each mode.
# test-args: 20 2
import sys
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed, wait


class Result:
    def __init__(self, n, digits, table):
        self.n = n
        self.digits = digits
        self.table = table

    def score(self):
        return self.n + sum(self.digits) + sum(self.table.values())


def build(n):
    """A task's result: an instance holding a list and a dict, made on a pool worker."""
    digits = [int(c) for c in str(n * 7919)]
    table = {d: d * n for d in set(digits)}
    return Result(n, digits, table)


def score_of(n):
    return build(n).score()


def maybe_fail(n):
    if n % 7 == 3:
        raise ValueError("task " + str(n) + " refuses")
    return n * n


def consume(result):
    """Runs on a worker of the second pool: reads and drops an object the first pool made."""
    return result.score()


def drive_own_pool(k, n, n_workers, out):
    with ThreadPoolExecutor(max_workers=n_workers) as pool:
        out[k] = sum(pool.map(score_of, range(k * n, (k + 1) * n)))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    n_workers = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    half = max(1, n_workers // 2)
    checks = []

    def check(label, ok):
        checks.append(ok)
        print(f"{label}: {ok}")

    print("workers:", n_workers, "tasks per phase:", n)
    serial = [score_of(i) for i in range(n)]
    with ThreadPoolExecutor(max_workers=n_workers) as pool:
        mapped = [r.score() for r in pool.map(build, range(n))]
        check("map gives results in input order", mapped == serial)

        futures = {pool.submit(build, i): i for i in range(n)}
        completed = sorted((futures[f], f.result().score()) for f in as_completed(futures))
        check("submit + as_completed gives each result once", completed == list(enumerate(serial)))
        del futures

        attempts = [pool.submit(maybe_fail, i) for i in range(n)]
        done, not_done = wait(attempts)
        failures = sum(1 for f in attempts if f.exception() is not None)
        values = sum(f.result() for f in attempts if f.exception() is None)
        check("exceptions travel through futures", failures == sum(1 for i in range(n) if i % 7 == 3))
        check("results of the tasks that did not fail",
              values == sum(i * i for i in range(n) if i % 7 != 3) and len(done) == n and not not_done)
        del attempts, done, not_done

    # made on one pool's workers, read and dropped on another's
    with ThreadPoolExecutor(max_workers=half) as first, ThreadPoolExecutor(max_workers=half) as second:
        made = [first.submit(build, i) for i in range(n)]
        handed = [second.submit(consume, f.result()) for f in made]
        del made
        check("results handed between pools", [f.result() for f in handed] == serial)
        del handed

    # two threads, each with a pool of its own, at the same time
    out = [0, 0]
    drivers = [threading.Thread(target=drive_own_pool, args=(k, n, max(1, half - 1), out)) for k in range(2)]
    for t in drivers:
        t.start()
    for t in drivers:
        t.join()
    check("pools driven from two threads at once",
          out == [sum(score_of(i) for i in range(k * n, (k + 1) * n)) for k in range(2)])

    # pool churn: many short-lived pools, each started, used and shut down
    churn_total = 0
    n_pools = max(1, n // 10)
    for p in range(n_pools):
        with ThreadPoolExecutor(max_workers=2) as short:
            churn_total += sum(short.map(maybe_fail, [p * 7, p * 7 + 1, p * 7 + 2]))
    expected_churn = sum(i * i for p in range(n_pools) for i in range(p * 7, p * 7 + 3))
    check("short-lived pools", churn_total == expected_churn)
    check("every pool thread has ended", threading.active_count() == 1)
    print("checksum:", sum(serial), "short-lived pools:", n_pools)
    print("all checks passed:", all(checks))


if __name__ == "__main__":
    main()
