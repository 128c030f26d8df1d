# The talk's mixed workload: a simulated API server. Each request does a little CPU work (the
# talk's do_work on a small n) and then waits on "I/O" (time.sleep, which releases the GIL) for
# four times as long, so a lone request spends 80% of its time in I/O and 20% on the CPU. WORKERS
# workers (threads of a ThreadPoolExecutor, or processes of a ProcessPoolExecutor) first serve a
# few uncounted warm-up requests each, then all serve requests back to back for DURATION seconds
# from a common start; the result is the requests per second the whole server sustained.
#   usage: mixed_server.py calibrate CPU_MS
#          mixed_server.py threads|processes WORKERS DURATION_S K IO_MS [WARM_UP_REQUESTS=10]
# `calibrate` finds the K (iterations of the CPU part) that takes CPU_MS on this runtime, so
# gilvm bench mixed can give every gilvm configuration the same requests.
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

IO_SHARE = 0.8
# A JIT-compiled runtime (gilvm runs on V8, one isolate per thread or process) is slow for its
# first few requests in every new worker; a server is measured once it is warm.
DEFAULT_WARM_UP_REQUESTS = 6


def cpu_part(k):
    return sum(i * i for i in range(k))


def handle_request(k, io_s):
    cpu_part(k)
    time.sleep(io_s)


def warm_thread(k, io_s, requests, barrier):
    for _ in range(requests):
        handle_request(k, io_s)
    barrier.wait()  # holds this thread until every thread has taken one warm-up task


def warm_process(k, io_s, requests):
    # processes cannot meet at a Barrier: a pause first makes the tasks overlap, so the pool
    # hands one to each process
    time.sleep(0.3)
    for _ in range(requests):
        handle_request(k, io_s)


def serve(k, io_s, start_at, stop_at):
    """One worker: wait for the common start (wall clock, comparable across processes), then
    serve requests until stop_at. Returns (requests, seconds it started late, last finish)."""
    now = time.time()
    if now < start_at:
        time.sleep(start_at - now)
    late = max(0.0, time.time() - start_at)
    served = 0
    while time.time() < stop_at:
        handle_request(k, io_s)
        served += 1
    return served, late, time.time()


def best_time(k, tries=7):
    best = None
    for _ in range(tries):
        t0 = time.perf_counter()
        cpu_part(k)
        took = time.perf_counter() - t0
        best = took if best is None else min(best, took)
    return best


def calibrate(cpu_ms):
    # warm up first, as the workers do: a fixed amount of work, not of time, so that a busy
    # machine does not leave the JIT cold
    for _ in range(200):
        cpu_part(2000)
    k = 1000
    # the cost per iteration is not constant (small ints are unboxed, big ones are not), so
    # scale k towards the target a few times, measuring at the size it will run at
    for _ in range(4):
        k = max(1, round(k * (cpu_ms / 1000) / best_time(k)))
    print(f"[timing] calibration: {k} iterations take {best_time(k) * 1000:.3f} ms")
    print(f"[bench] k={k} io_ms={cpu_ms * IO_SHARE / (1 - IO_SHARE):.3f}")


def make_pool(kind, workers):
    if kind == "threads":
        return ThreadPoolExecutor(max_workers=workers)
    from concurrent.futures import ProcessPoolExecutor
    return ProcessPoolExecutor(max_workers=workers)


def warm_up(ex, kind, workers, k, io_s, requests):
    if kind == "threads":
        barrier = threading.Barrier(workers)
        futures = [ex.submit(warm_thread, k, io_s, requests, barrier) for _ in range(workers)]
    else:
        futures = [ex.submit(warm_process, k, io_s, requests) for _ in range(workers)]
    for f in futures:
        f.result()


def run(kind, workers, duration, k, io_ms, warm_up_requests):
    io_s = io_ms / 1000
    with make_pool(kind, workers) as ex:
        warm_up(ex, kind, workers, k, io_s, warm_up_requests)
        start_at = time.time() + (0.2 if kind == "processes" else 0.05)
        stop_at = start_at + duration
        futures = [ex.submit(serve, k, io_s, start_at, stop_at) for _ in range(workers)]
        results = [f.result() for f in futures]
    served = sum(r[0] for r in results)
    window = max(r[2] for r in results) - start_at
    late = max(r[1] for r in results)
    rps = served / window
    print(f"[timing] {kind}, {workers} workers: {served} requests in {window:.3f} s = {rps:.1f} req/s")
    print(f"[bench] rps={rps:.3f} requests={served} window_s={window:.4f} max_late_s={late:.4f}")


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "calibrate":
        calibrate(float(sys.argv[2]))
        return
    if len(sys.argv) not in (6, 7) or sys.argv[1] not in ("threads", "processes"):
        sys.exit("usage: mixed_server.py calibrate CPU_MS | threads|processes WORKERS DURATION_S K IO_MS [WARM_UP_REQUESTS]")
    warm = int(sys.argv[6]) if len(sys.argv) == 7 else DEFAULT_WARM_UP_REQUESTS
    run(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), warm)


if __name__ == "__main__":
    main()
