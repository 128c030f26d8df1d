# A parallel map two ways: ThreadPoolExecutor.map (results come back in input order) and
# submit + as_completed (results come back in completion order, so they are sorted before
# printing). Also: exceptions travel through Future.result(), and wait() splits done futures.
from concurrent.futures import ThreadPoolExecutor, as_completed, wait, ALL_COMPLETED


def collatz_steps(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def checked_sqrt(n):
    if n < 0:
        raise ValueError(f"negative input {n}")
    r = int(n ** 0.5)
    while r * r > n:
        r -= 1
    while (r + 1) * (r + 1) <= n:
        r += 1
    return r


def main():
    inputs = list(range(1, 41)) + [97, 871, 6171, 77031]

    with ThreadPoolExecutor(max_workers=4) as ex:
        mapped = list(ex.map(collatz_steps, inputs))
    print("map, in input order:")
    for i in range(0, len(inputs), 11):
        print("  ", list(zip(inputs[i:i + 11], mapped[i:i + 11])))
    serial = [collatz_steps(n) for n in inputs]
    print("map equals the serial result:", mapped == serial)

    with ThreadPoolExecutor(max_workers=4) as ex:
        future_to_n = {ex.submit(collatz_steps, n): n for n in inputs}
        completed = []
        for fut in as_completed(future_to_n):
            completed.append((future_to_n[fut], fut.result()))
    completed.sort()
    print("as_completed, sorted:", completed[:6], "...", completed[-4:])
    print("as_completed gives every future once:", len(completed) == len(inputs))
    print("as_completed equals map:", completed == sorted(zip(inputs, mapped)))

    # map with several iterables, like the built-in map
    with ThreadPoolExecutor(max_workers=3) as ex:
        print("map(pow, ...):", list(ex.map(pow, [2, 3, 4, 5], [10, 5, 3, 2])))

    # an exception in a task is raised again by result()
    with ThreadPoolExecutor(max_workers=2) as ex:
        futures = [ex.submit(checked_sqrt, n) for n in [16, 99, -4, 10**12]]
        done, not_done = wait(futures, return_when=ALL_COMPLETED)
        print("wait: done", len(done), "not done", len(not_done))
        for fut in futures:
            try:
                print("  result:", fut.result())
            except ValueError as e:
                print("  raised:", type(e).__name__, e)
        print("exception():", repr(futures[2].exception()), futures[0].exception())

    # map raises the first failing task's exception when its result is reached
    with ThreadPoolExecutor(max_workers=2) as ex:
        got = []
        try:
            for r in ex.map(checked_sqrt, [1, 4, -9, 16]):
                got.append(r)
        except ValueError as e:
            print("map stopped at:", e, "after", got)


if __name__ == "__main__":
    main()
