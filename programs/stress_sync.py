# Stress: threading's synchronisation primitives under load, 8 threads each (or as many as the
# second argument says). A bounded buffer built from a Lock and two Conditions; a Semaphore that
# admits at most 3 threads to a section; Events that open phases one at a time; a Barrier whose
# rounds must see every thread's write of that round; an RLock taken recursively. Every count
# is exact whatever the interleaving.
#   gilvm run --nogil --sanitize programs/stress_sync.py 2000 [THREADS]
# The differential tests run it light; test/stress.test.ts runs it with 8 threads in each mode.
# test-args: 20 2
import sys
import threading

CAPACITY = 4
SEMAPHORE_SLOTS = 3


class BoundedBuffer:
    def __init__(self, capacity):
        self.items = []
        self.capacity = capacity
        self.lock = threading.Lock()
        self.not_full = threading.Condition(self.lock)
        self.not_empty = threading.Condition(self.lock)
        self.peak = 0

    def put(self, item):
        with self.not_full:
            while len(self.items) >= self.capacity:
                self.not_full.wait()
            self.items.append(item)
            self.peak = max(self.peak, len(self.items))
            self.not_empty.notify()

    def get(self):
        with self.not_empty:
            self.not_empty.wait_for(lambda: len(self.items) > 0)
            item = self.items.pop(0)
            self.not_full.notify()
            return item


def bounded_buffer(n, n_threads):
    buf = BoundedBuffer(CAPACITY)
    half = max(1, n_threads // 2)
    got = [0] * half

    def producer(k):
        for i in range(n):
            buf.put({"from": k, "i": i, "payload": [k, i]})

    def consumer(k):
        total = 0
        for _ in range(n):
            item = buf.get()
            total += item["payload"][0] * 1000 + item["i"]
        got[k] = total

    threads = [threading.Thread(target=producer, args=(k,)) for k in range(half)]
    threads += [threading.Thread(target=consumer, args=(k,)) for k in range(half)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expected = sum(k * 1000 + i for k in range(half) for i in range(n))
    return sum(got) == expected and 1 <= buf.peak <= CAPACITY and buf.items == []


def semaphore_section(n, n_threads):
    sem = threading.BoundedSemaphore(SEMAPHORE_SLOTS)
    lock = threading.Lock()
    state = {"inside": 0, "peak": 0, "entries": 0}

    def worker():
        for i in range(n):
            with sem:
                with lock:
                    state["inside"] += 1
                    state["entries"] += 1
                    state["peak"] = max(state["peak"], state["inside"])
                scratch = [i] * (i % 5)
                with lock:
                    state["inside"] -= 1
                del scratch

    threads = [threading.Thread(target=worker) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    peak_ok = 1 <= state["peak"] <= SEMAPHORE_SLOTS
    return state["entries"] == n_threads * n and peak_ok and state["inside"] == 0


def event_phases(n_phases, n_threads):
    opened = [threading.Event() for _ in range(n_phases)]
    lock = threading.Lock()
    log = []

    def worker(k):
        for p in range(n_phases):
            opened[p].wait()
            with lock:
                log.append((p, k))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(n_threads)]
    for t in threads:
        t.start()
    for p in range(n_phases):
        with lock:
            log.append((p, "opened"))
        opened[p].set()
    for t in threads:
        t.join()
    opened_at = {p: log.index((p, "opened")) for p in range(n_phases)}
    # no worker passed phase p's event before it was set
    after_opening = all(at > opened_at[p] for at, (p, k) in enumerate(log) if k != "opened")
    return len(log) == (n_threads + 1) * n_phases and after_opening


def barrier_rounds(n_rounds, n_threads):
    barrier = threading.Barrier(n_threads)
    board = [None] * n_threads
    consistent = [0] * n_threads

    def worker(k):
        for r in range(n_rounds):
            board[k] = (r, [k, r])
            barrier.wait()
            # everyone wrote this round's value before anyone passed the barrier
            if all(cell[0] == r for cell in board):
                consistent[k] += 1
            barrier.wait()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return consistent == [n_rounds] * n_threads and not barrier.broken


def nested(rlock, counts, depth):
    with rlock:
        counts["depth_total"] += depth
        if depth < 3:
            nested(rlock, counts, depth + 1)


def recursive_lock(n, n_threads):
    rlock = threading.RLock()
    counts = {"depth_total": 0}

    def worker():
        for _ in range(n):
            nested(rlock, counts, 1)

    threads = [threading.Thread(target=worker) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counts["depth_total"] == n_threads * n * (1 + 2 + 3)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    n_threads = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    rounds = max(2, n // 10)
    checks = []

    def check(label, ok):
        checks.append(ok)
        print(f"{label}: {ok}")

    print("threads:", n_threads, "operations each:", n, "rounds:", rounds)
    check("bounded buffer (Lock + Conditions)", bounded_buffer(n, n_threads))
    check("semaphore admits at most 3", semaphore_section(n, n_threads))
    check("events open phases in order", event_phases(rounds, n_threads))
    check("barrier rounds see every write", barrier_rounds(rounds, n_threads))
    check("recursive lock counts", recursive_lock(n, n_threads))
    print("all checks passed:", all(checks))


if __name__ == "__main__":
    main()
