# The talk's threaded program, with the pool size as a parameter: TASKS calls of do_work(N)
# (sum(i * i for i in range(N))) submitted to a ThreadPoolExecutor of WORKERS threads. The same
# total work at every pool size, so the whole-process times give the speed-up curve.
#   usage: talk_pool.py N WORKERS [TASKS=8]
# gilvm bench threads runs it with 1, 2, 4, 8 workers under --gil and --nogil (and python3).
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def do_work(n: int = 10_000_000) -> int:
    return sum(i * i for i in range(n))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    tasks = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as ex:
        futures = [ex.submit(do_work, n) for _ in range(tasks)]
    elapsed = time.perf_counter() - start
    expected = (n - 1) * n * (2 * n - 1) // 6
    ok = all(f.result() == expected for f in futures)
    print(f"[timing] {tasks} x do_work({n}) on {workers} threads took {elapsed:.3f} s")
    print(f"[bench] inner_s={elapsed:.6f} correct={int(ok)}")
    if not ok:
        sys.exit("wrong result")


if __name__ == "__main__":
    main()
