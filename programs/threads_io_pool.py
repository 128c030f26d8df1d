# An I/O-bound pool: 16 tasks that each sleep 50 ms (standing in for a network call) on 8
# workers. time.sleep releases the GIL, as real blocking I/O does, so the sleeps overlap: the
# whole batch takes about 2 x 50 ms, not 16 x 50 ms. The pool is warmed up first (8 tasks that
# meet at a Barrier, so all 8 worker threads exist) so the timing is of the sleeps alone.
import threading
import time
from concurrent.futures import ThreadPoolExecutor

N_TASKS = 16
N_WORKERS = 8
DELAY = 0.05


def fetch(i):
    time.sleep(DELAY)
    return f"response-{i:02d}", threading.current_thread().name


def main():
    with ThreadPoolExecutor(max_workers=N_WORKERS, thread_name_prefix="io") as ex:
        barrier = threading.Barrier(N_WORKERS)
        warm = list(ex.map(lambda _: barrier.wait() >= 0, range(N_WORKERS)))
        print("warm-up: all", len(warm), "workers met at the barrier:", all(warm))

        start = time.perf_counter()
        results = list(ex.map(fetch, range(N_TASKS)))
        elapsed = time.perf_counter() - start

    serial = N_TASKS * DELAY
    print("responses:", [r for r, _ in results[:4]], "...", results[-1][0])
    print("count:", len(results))
    names = sorted(set(name for _, name in results))
    print("worker threads used:", len(names) <= N_WORKERS, "named io_N:", all(n.startswith("io_") for n in names))
    print(f"[timing] {N_TASKS} sleeps of {DELAY * 1000:.0f} ms on {N_WORKERS} workers took "
          f"{elapsed:.3f} s (ideal {N_TASKS // N_WORKERS * DELAY:.2f} s, one after another {serial:.2f} s; "
          f"overlapped: {elapsed < serial / 2})")


if __name__ == "__main__":
    main()
