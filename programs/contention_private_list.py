# Refcount contention, the private case (../shared/anchors/bench.py rc_private): the same work
# as contention_shared_list.py, but each thread reads a list it made itself, so under biased
# refcounting every increment stays thread-local.
#   gilvm run --refcount biased --stats programs/contention_private_list.py
import sys
import threading
import time


def reader(n, out, k):
    lst = [object()]  # made (and so owned) by this thread
    for _ in range(n):
        x = lst[0]
        y = lst
    out[k] = n


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    out = [0, 0]
    t0 = time.perf_counter()
    threads = [threading.Thread(target=reader, args=(n, out, k)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"[timing] private lists: {time.perf_counter() - t0:.3f} s")
    print("reads per thread:", out)


if __name__ == "__main__":
    main()
