# Stress: objects created in one thread and freed in another. 8 threads (or as many as the
# second argument says) stand in a ring, each with an inbox (a Queue, LifoQueue, PriorityQueue
# or SimpleQueue, in turn): a thread makes objects and sends them in batches to its neighbour,
# which passes each batch on until its hop budget is spent and the last holder drops it, far
# from the thread that allocated it. Meanwhile the threads swap fresh objects into a shared
# table of slots and a module global, each dropping the object it displaced (mostly made by
# another thread). Totals of what was made, dropped and still held agree whatever the interleaving.
#   gilvm run --nogil --sanitize programs/stress_cross_thread_free.py 1000 [THREADS]
# The differential tests run it light; test/stress.test.ts runs it with 8 threads in each mode.
# test-args: 30 2
import queue
import sys
import threading

N_SLOTS = 5
HOPS = 3
BATCH = 10                    # objects per message: many objects cross, few wake-ups
INBOX_KINDS = (queue.Queue, queue.LifoQueue, queue.PriorityQueue, queue.SimpleQueue)

LATEST = None                 # a module global that every thread rebinds
latest_lock = threading.Lock()


class Parcel:
    def __init__(self, origin, i):
        self.origin = origin
        self.i = i
        self.body = {"items": [origin, i], "label": "p" + str(i)}

    def value(self):
        return self.origin * 10_007 + self.i + len(self.body["label"])


def build(origin, i):
    """An object of a kind chosen by i, and its value."""
    kind = i % 4
    if kind == 0:
        obj = Parcel(origin, i)
        return obj, obj.value()
    if kind == 1:
        obj = [origin, i, (i, str(origin))]
        return obj, origin + i + i
    if kind == 2:
        obj = {"o": origin, "i": i, "s": {i}}
        return obj, origin + i + i
    base = origin * 3 + i

    def closure(extra):
        return base + extra

    return closure, base + 1


def value_of(obj):
    if isinstance(obj, Parcel):
        return obj.value()
    if isinstance(obj, list):
        return obj[0] + obj[1] + obj[2][0]
    if isinstance(obj, dict):
        return obj["o"] + obj["i"] + len(obj["s"]) * obj["i"]
    return obj(1)


def swap_in(k, i, slots, slot_lock):
    """Puts fresh objects into a shared slot and the global; gives back the value of what they
    displaced, which is dropped here, often by a thread that did not make it."""
    global LATEST
    displaced = 0
    fresh, _ = build(k, i)
    with slot_lock:
        old = slots[i % N_SLOTS]
        slots[i % N_SLOTS] = fresh
    if old is not None:
        displaced += value_of(old)
    del old, fresh
    fresh, _ = build(k, i + 1)
    with latest_lock:
        old = LATEST
        LATEST = fresh
    if old is not None:
        displaced += value_of(old)
    return displaced


def ring_worker(k, n, inboxes, slots, slot_lock, report):
    out = inboxes[(k + 1) % len(inboxes)]
    inbox = inboxes[k]
    n_batches = (n + BATCH - 1) // BATCH
    # every batch travels HOPS threads, so each thread receives exactly HOPS * n_batches of them
    expected = HOPS * n_batches
    received = 0
    dropped_value = 0
    displaced_value = 0
    sent = 0
    while sent < n_batches or received < expected:
        if sent < n_batches:
            batch = [build(k, i)[0] for i in range(sent * BATCH, min(n, (sent + 1) * BATCH))]
            out.put((HOPS, k * 1_000_000 + sent, batch))  # (hops, seq) orders a PriorityQueue
            del batch
            for i in range(sent * BATCH, min(n, (sent + 1) * BATCH)):
                displaced_value += swap_in(k, 2 * (n + i), slots, slot_lock)
            sent += 1
        # handle what has arrived; wait for more only once all of ours are out
        while received < expected:
            try:
                msg = inbox.get(block=(sent == n_batches))
            except queue.Empty:
                break
            received += 1
            hops, seq, batch = msg
            del msg
            if hops > 1:
                out.put((hops - 1, seq, batch))
            else:
                for obj in batch:
                    dropped_value += value_of(obj)
            del batch
            if sent < n_batches:
                break
    report[k] = (received, dropped_value, displaced_value)


def leftover_messages(inbox):
    count = 0
    while True:
        try:
            inbox.get_nowait()
        except queue.Empty:
            return count
        count += 1


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    n_threads = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    inboxes = [INBOX_KINDS[k % len(INBOX_KINDS)]() for k in range(n_threads)]
    slots = [None] * N_SLOTS
    slot_lock = threading.Lock()
    report = [None] * n_threads
    threads = [threading.Thread(target=ring_worker, args=(k, n, inboxes, slots, slot_lock, report))
               for k in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    made_value = sum(build(k, i)[1] for k in range(n_threads) for i in range(n))
    dropped = sum(r[1] for r in report)
    checks = []

    def check(label, ok):
        checks.append(ok)
        print(f"{label}: {ok}")

    print("threads:", n_threads, "objects sent by each:", n, "hops:", HOPS)
    n_batches = (n + BATCH - 1) // BATCH
    check("every thread received every batch meant for it",
          [r[0] for r in report] == [HOPS * n_batches] * n_threads)
    check("parcels dropped by their last holders = made", dropped == made_value)
    check("inboxes empty", sum(leftover_messages(inbox) for inbox in inboxes) == 0)
    swapped_in = sum(build(k, 2 * (n + i))[1] + build(k, 2 * (n + i) + 1)[1]
                     for k in range(n_threads) for i in range(n))
    displaced = sum(r[2] for r in report)
    still_held = sum(value_of(obj) for obj in slots if obj is not None) + value_of(LATEST)
    check("swapped in = displaced + still held", displaced + still_held == swapped_in)
    check("every slot filled", all(obj is not None for obj in slots))
    print("made:", made_value, "swapped in:", swapped_in)
    print("all checks passed:", all(checks))


if __name__ == "__main__":
    main()
