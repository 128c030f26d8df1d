# The free-threading talk's example: eight do_work() calls on a ThreadPoolExecutor with eight
# workers. Under the GIL the threads take turns, so this takes about as long as running them one
# after another (see talk_do_work.py); under free-threading they would run in parallel.
import sys
import time
from concurrent.futures import ThreadPoolExecutor

N_THREADS = 8


def do_work(n: int = 10_000_000) -> int:
    return sum(i * i for i in range(n))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=N_THREADS) as ex:
        futures = [ex.submit(do_work, n) for _ in range(N_THREADS)]
    # leaving the with block waited for every future (shutdown(wait=True))
    elapsed = time.perf_counter() - start
    results = [f.result() for f in futures]
    for i, result in enumerate(results):
        print(f"task {i}: do_work({n}) = {result}")
    print(f"[timing] {N_THREADS} tasks on {N_THREADS} threads took {elapsed:.3f} s")
    expected = (n - 1) * n * (2 * n - 1) // 6
    print("all done:", all(f.done() for f in futures))
    print("all equal to the closed form:", all(r == expected for r in results))
    print("sum:", sum(results))


if __name__ == "__main__":
    main()
