# A tour of threading's synchronisation primitives, each used the way programs use it; every
# result is collected and printed by the main thread after join(), in a fixed order.
import threading
import time


def section(title):
    print(f"-- {title}")


def event_demo():
    section("Event")
    ready = threading.Event()
    seen = []

    def waiter(i):
        ok = ready.wait(timeout=5)
        seen.append((i, ok))

    threads = [threading.Thread(target=waiter, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    print("set before:", ready.is_set(), "wait(0.01) times out:", ready.wait(0.01))
    ready.set()
    for t in threads:
        t.join()
    print("every waiter woke with True:", sorted(seen))
    ready.clear()
    print("after clear:", ready.is_set())


def condition_demo():
    section("Condition")
    cond = threading.Condition()
    items = []
    woken = []

    def consumer(i):
        with cond:
            got = cond.wait_for(lambda: len(items) >= 3, timeout=5)
            woken.append((i, got, len(items)))

    threads = [threading.Thread(target=consumer, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for k in range(3):
        with cond:
            items.append(k)
            cond.notify_all()
    for t in threads:
        t.join()
    print("woken:", sorted(woken))
    with cond:
        print("wait_for a false predicate, timeout 0.01:", cond.wait_for(lambda: False, timeout=0.01))

    # a Condition over an explicit lock: notify(n) wakes at most n waiters
    lock = threading.Lock()
    cond2 = threading.Condition(lock)
    tickets = [0]
    served = []

    def customer(i):
        with cond2:
            while tickets[0] == 0:
                cond2.wait()
            tickets[0] -= 1
            served.append(i)

    threads = [threading.Thread(target=customer, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for _ in range(3):
        with cond2:
            tickets[0] += 1
            cond2.notify(1)
    for t in threads:
        t.join()
    print("customers served:", sorted(served), "tickets left:", tickets[0], "lock free:", not lock.locked())


def semaphore_demo():
    section("Semaphore")
    sem = threading.Semaphore(2)
    lock = threading.Lock()
    inside = [0]
    peak = [0]

    def worker():
        with sem:
            with lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            time.sleep(0.005)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("at most 2 inside at once:", 1 <= peak[0] <= 2, "inside at the end:", inside[0])
    print("acquire(blocking=False) on a free semaphore:", sem.acquire(blocking=False))
    print("then on a second slot:", sem.acquire(False), "and a third:", sem.acquire(False))
    sem.release()
    sem.release()
    b = threading.BoundedSemaphore(1)
    b.acquire()
    b.release()
    try:
        b.release()
    except ValueError as e:
        print("BoundedSemaphore released too often:", e)


def barrier_demo():
    section("Barrier")
    phases = []

    def action():
        phases.append(f"phase {len(phases)} complete")

    barrier = threading.Barrier(3, action=action)
    arrivals = []
    lock = threading.Lock()

    def runner(i):
        for phase in range(2):
            with lock:
                arrivals.append((phase, i))
            barrier.wait()
            # every arrival of this phase happened before anyone passed the barrier
            with lock:
                arrivals.append((phase, i, "passed"))

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("parties:", barrier.parties, "actions run:", phases)
    first_pass = min(k for k, a in enumerate(arrivals) if len(a) == 3)
    print("all phase-0 arrivals before the first pass:",
          sorted(a for a in arrivals[:first_pass]) == [(0, 0), (0, 1), (0, 2)])
    print("broken:", barrier.broken, "waiting:", barrier.n_waiting)
    b2 = threading.Barrier(2)
    try:
        b2.wait(timeout=0.01)
    except threading.BrokenBarrierError:
        print("a lone wait with a timeout breaks the barrier:", b2.broken)


def rlock_demo():
    section("RLock")
    rlock = threading.RLock()
    log = []

    def outer(depth):
        with rlock:
            log.append(depth)
            if depth < 3:
                outer(depth + 1)

    outer(0)
    print("re-entered depths:", log)
    other = []

    def try_from_other_thread():
        other.append(rlock.acquire(blocking=False))

    rlock.acquire()
    t = threading.Thread(target=try_from_other_thread)
    t.start()
    t.join()
    rlock.release()
    print("another thread cannot take a held RLock:", other)
    try:
        rlock.release()
    except RuntimeError as e:
        print("release of an un-acquired RLock:", type(e).__name__, e)
    plain = threading.Lock()
    print("Lock: acquire", plain.acquire(), "again without blocking", plain.acquire(False),
          "with timeout", plain.acquire(timeout=0.01), "locked", plain.locked())
    plain.release()
    print("after release:", plain.locked())


def local_demo():
    section("local")
    data = threading.local()
    data.value = "main"
    seen = []
    lock = threading.Lock()

    def worker(i):
        print_missing = not hasattr(data, "value")
        data.value = f"worker {i}"
        time.sleep(0.002)
        with lock:
            seen.append((i, print_missing, data.value))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("each thread saw its own value:", sorted(seen))
    print("main still sees:", data.value)


class Counter(threading.Thread):
    """A Thread subclass that overrides run()."""

    def __init__(self, name, n):
        super().__init__(name=name)
        self.n = n
        self.result = None
        self.ran_as = None

    def run(self):
        self.ran_as = threading.current_thread().name
        self.result = sum(range(self.n))


def subclass_demo():
    section("Thread subclass")
    workers = [Counter(f"counter-{i}", 10 ** (i + 2)) for i in range(3)]
    print("before start:", [(w.name, w.is_alive(), w.ident is None) for w in workers])
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print("after join:", [(w.name, w.ran_as, w.result, w.is_alive()) for w in workers])
    print("main thread:", threading.current_thread().name, threading.current_thread() is threading.main_thread())
    t = threading.Thread(target=lambda: None, name="quick", daemon=True)
    print("daemon flag:", t.daemon, "repr before start:", repr(t))
    unnamed = threading.Thread(target=sum, args=([1, 2],))
    print("a default name ends with the target's name:", unnamed.name.startswith("Thread-"), unnamed.name.split(" ")[-1])
    t.start()
    t.join(timeout=5)
    print("join(timeout) on a finished thread:", t.is_alive())


def exception_demo():
    section("exception in a thread")

    def fails():
        raise ValueError("something went wrong in a thread")

    t = threading.Thread(target=fails, name="failing-thread")
    t.start()
    t.join()
    print("the main thread goes on; the failed thread is alive:", t.is_alive())


def main():
    event_demo()
    condition_demo()
    semaphore_demo()
    barrier_demo()
    rlock_demo()
    local_demo()
    subclass_demo()
    exception_demo()
    print("active threads at the end:", threading.active_count())


if __name__ == "__main__":
    main()
