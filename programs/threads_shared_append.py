# Threads appending to one shared list with no lock of their own: list.append is atomic in
# CPython (the GIL, or the list's own lock in the free-threaded build), so no append may be lost
# whatever the interleaving. Each thread appends a disjoint range of numbers; the main thread
# checks the length, the sum and that every number is there exactly once.
#   gilvm run --nogil --stats programs/threads_shared_append.py 8 20000
import sys
import threading


def appender(shared, k, per_thread):
    base = k * per_thread
    for i in range(per_thread):
        shared.append(base + i)


def main():
    n_threads = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    per_thread = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000
    shared = []
    threads = [threading.Thread(target=appender, args=(shared, k, per_thread)) for k in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    total = n_threads * per_thread
    print("threads:", n_threads, "appends each:", per_thread)
    print("length:", len(shared), "expected:", total)
    print("sum:", sum(shared), "expected:", total * (total - 1) // 2)
    print("every number exactly once:", sorted(shared) == list(range(total)))
    # appends from one thread keep their relative order even when threads interleave
    in_order = all(
        [x for x in shared if x // per_thread == k] == list(range(k * per_thread, (k + 1) * per_thread))
        for k in range(n_threads)
    )
    print("each thread's appends in its own order:", in_order)


if __name__ == "__main__":
    main()
