# Stress: thread start/join churn. Hundreds of short threads, at most 8 alive at a time (or as
# many as the second argument says; a Semaphore bounds them), each building a little data and
# storing it in a shared dict; every tenth one starts and joins a child thread of its own. The
# main thread starts them and a reaper thread joins them and drops their Thread objects, so
# each Thread is made in one thread and freed in another. At the end only the main thread is left.
#   gilvm run --nogil --sanitize programs/stress_thread_churn.py 2000 [MAX_ALIVE]
# The differential tests run it light; test/stress.test.ts runs it with 8 alive in each mode.
# test-args: 60 2
import queue
import sys
import threading


class Record:
    def __init__(self, i, name, child):
        self.i = i
        self.name = name
        self.child = child
        self.squares = [i * i, (i + 1) * (i + 1)]


def child_task(box, i):
    box.append(i * 3)


def short_task(i, results, per_thread, slots):
    try:
        per_thread.value = i
        child = None
        if i % 10 == 0:
            box = []
            c = threading.Thread(target=child_task, args=(box, i))
            c.start()
            c.join()
            child = box[0]
        # thread-local data is this thread's own, whatever the others stored meanwhile
        results[i] = Record(i, threading.current_thread().name, child if per_thread.value == i else -1)
    finally:
        slots.release()


def reaper(started, joined):
    while True:
        item = started.get()
        if item is None:
            return
        i, t = item
        t.join()
        joined.append((i, t.name, t.is_alive()))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    max_alive = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    results = {}
    per_thread = threading.local()
    slots = threading.Semaphore(max_alive)
    started = queue.Queue()
    joined = []
    reaper_thread = threading.Thread(target=reaper, args=(started, joined), name="reaper")
    reaper_thread.start()
    for i in range(n):
        slots.acquire()
        t = threading.Thread(target=short_task, args=(i, results, per_thread, slots))
        t.start()
        started.put((i, t))
        del t
    started.put(None)
    reaper_thread.join()

    checks = []

    def check(label, ok):
        checks.append(ok)
        print(f"{label}: {ok}")

    print("short threads:", n, "at most alive at once:", max_alive)
    check("every thread stored its record", sorted(results) == list(range(n)))
    check("every thread joined by the reaper, none alive",
          len(joined) == n and not any(alive for _, _, alive in joined))
    names = {i: name for i, name, _ in joined}
    check("each record names the thread that made it", all(results[i].name == names[i] for i in range(n)))
    check("thread names distinct", len(set(names.values())) == n)
    check("children ran and thread-local values held",
          all(results[i].child == (i * 3 if i % 10 == 0 else None) for i in range(n)))
    check("records intact", sum(r.squares[1] - r.squares[0] for r in results.values()) == n * n)
    check("only the main thread is left", threading.enumerate() == [threading.main_thread()])
    check("main thread's local value untouched", not hasattr(per_thread, "value"))
    print("children started:", (n + 9) // 10, "active threads:", threading.active_count())
    print("all checks passed:", all(checks))


if __name__ == "__main__":
    main()
