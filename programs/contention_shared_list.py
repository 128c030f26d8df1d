# Refcount contention, the shared case (../shared/anchors/bench.py rc_shared): two threads each
# read one list made by the main thread, N times — every `lst[0]` and `y = lst` increfs and
# decrefs the shared list and its item from a thread that does not own them. Compare its
# counters with contention_private_list.py:
#   gilvm run --refcount biased --stats programs/contention_shared_list.py
import sys
import threading
import time


def reader(lst, n, out, k):
    for _ in range(n):
        x = lst[0]
        y = lst
    out[k] = n


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    shared = [object()]  # made (and so owned) by the main thread
    out = [0, 0]
    t0 = time.perf_counter()
    threads = [threading.Thread(target=reader, args=(shared, n, out, k)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"[timing] shared list: {time.perf_counter() - t0:.3f} s")
    print("reads per thread:", out)


if __name__ == "__main__":
    main()
