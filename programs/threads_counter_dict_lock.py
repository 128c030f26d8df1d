# A shared dict of counters updated by several threads under one threading.Lock. A read-modify-
# write such as `counts[key] = counts.get(key, 0) + 1` is several steps, so without the lock two
# threads could read the same old value and lose an update; with it the totals are exact.
#   gilvm run --nogil --stats programs/threads_counter_dict_lock.py 8 20000
import sys
import threading

N_KEYS = 7


def word_for(i):
    return "key-" + str(i % N_KEYS)


def counter(counts, lock, k, per_thread):
    for i in range(per_thread):
        key = word_for(i * (k + 1))
        with lock:
            counts[key] = counts.get(key, 0) + 1
            counts["total"] = counts.get("total", 0) + i


def expected_counts(n_threads, per_thread):
    """The same updates done by one thread: what the shared dict must hold at the end."""
    expected = {}
    for k in range(n_threads):
        for i in range(per_thread):
            key = word_for(i * (k + 1))
            expected[key] = expected.get(key, 0) + 1
            expected["total"] = expected.get("total", 0) + i
    return expected


def main():
    n_threads = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    per_thread = int(sys.argv[2]) if len(sys.argv) > 2 else 1_500
    counts = {}
    lock = threading.Lock()
    threads = [threading.Thread(target=counter, args=(counts, lock, k, per_thread)) for k in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    print("threads:", n_threads, "updates each:", per_thread)
    for key in sorted(counts):
        print(f"  {key}: {counts[key]}")
    increments = sum(v for key, v in counts.items() if key != "total")
    print("increments:", increments, "expected:", n_threads * per_thread)
    print("same as one thread doing it all:", counts == expected_counts(n_threads, per_thread))
    print("lock free at the end:", not lock.locked())


if __name__ == "__main__":
    main()
