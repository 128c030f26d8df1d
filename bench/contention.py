# Refcount contention with a thread count (after ../shared/anchors/bench.py rc_shared and
# rc_private): THREADS threads each run N times `x = lst[0]; y = lst`, either all on ONE list
# made by the main thread ("shared": every read increfs the list and its item from a thread
# that does not own them) or each on a list it made itself ("private").
#   usage: contention.py shared|private THREADS N
# The threads meet at a Barrier first; the program prints the window from the first loop's start
# to the last one's end: gilvm bench
# contention turns it into core-ns per iteration, beside the run's refcount counters.
import sys
import threading
import time


def reader(lst, n, spans, k, start):
    if lst is None:
        lst = [object()]  # private: made (and so owned) by this thread
    start.wait()  # every thread is up before any loop starts (starting a thread takes a while)
    t0 = time.perf_counter()
    for _ in range(n):
        x = lst[0]
        y = lst
    spans[k] = (t0, time.perf_counter())


def main():
    case = sys.argv[1]
    n_threads = int(sys.argv[2])
    n = int(sys.argv[3])
    if case not in ("shared", "private"):
        sys.exit("case must be shared or private")
    shared = [object()] if case == "shared" else None  # made by the main thread
    spans = [None] * n_threads
    start = threading.Barrier(n_threads)
    threads = [threading.Thread(target=reader, args=(shared, n, spans, k, start)) for k in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    window = max(end for _, end in spans) - min(start for start, _ in spans)
    print(f"[timing] {case}: {n_threads} threads x {n} reads took {window:.3f} s")
    print(f"[bench] window_s={window:.6f} iterations={n_threads * n}")


if __name__ == "__main__":
    main()
