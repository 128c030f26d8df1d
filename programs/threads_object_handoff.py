# Objects made in one thread and dropped in another: producers build instances, lists, dicts,
# sets, tuples, strings and closures and hand them through a queue.Queue; consumers read each
# one, fold it into a checksum and let it go, so the last reference to every object dies on a
# thread that did not allocate it (under biased refcounting: a shared decref, a queued merge,
# a free by the owner). The checksums do not depend on which consumer got what.
#   gilvm run --nogil --stats programs/threads_object_handoff.py 4 4 2000
import queue
import sys
import threading

KINDS = ("instance", "list", "dict", "set", "tuple", "str", "closure")


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
        self.tags = [x % 3, y % 5]

    def weight(self):
        return self.x * 3 + self.y + sum(self.tags)


def make_adder(n):
    offset = [n % 11]

    def add(v):
        return v + n + offset[0]

    return add


def make(pid, i):
    """The i-th object of producer pid, and the value a consumer must get out of it."""
    n = pid * 100_003 + i
    kind = KINDS[i % len(KINDS)]
    if kind == "instance":
        obj = Point(n, i)
    elif kind == "list":
        obj = [n, i, [n % 7]]
    elif kind == "dict":
        obj = {"n": n, "i": i, "pair": (n, i)}
    elif kind == "set":
        obj = {n, n + 1, n + 2}
    elif kind == "tuple":
        obj = (n, str(i), [i])
    elif kind == "str":
        obj = "item-" + str(n)
    else:
        obj = make_adder(n)
    return kind, obj


def value_of(kind, obj):
    if kind == "instance":
        return obj.weight()
    if kind == "list":
        return obj[0] + obj[1] + obj[2][0]
    if kind == "dict":
        return obj["n"] + obj["i"] + obj["pair"][0]
    if kind == "set":
        return sum(obj)
    if kind == "tuple":
        return obj[0] + int(obj[1]) + obj[2][0]
    if kind == "str":
        return len(obj) + int(obj[5:])
    return obj(1)


def producer(q, pid, per_producer):
    for i in range(per_producer):
        q.put(make(pid, i))


def consumer(q, lock, totals):
    mine = {}
    while True:
        item = q.get()
        if item is None:
            break
        kind, obj = item
        count, total = mine.get(kind, (0, 0))
        mine[kind] = (count + 1, total + value_of(kind, obj))
        # drop our references now, so the object dies here rather than on the next get()
        del item, obj
    with lock:
        for kind, (count, total) in mine.items():
            old_count, old_total = totals.get(kind, (0, 0))
            totals[kind] = (old_count + count, old_total + total)


def main():
    n_producers = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    n_consumers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    per_producer = int(sys.argv[3]) if len(sys.argv) > 3 else 350
    q = queue.Queue(maxsize=64)
    lock = threading.Lock()
    totals = {}
    consumers = [threading.Thread(target=consumer, args=(q, lock, totals)) for _ in range(n_consumers)]
    producers = [threading.Thread(target=producer, args=(q, p, per_producer)) for p in range(n_producers)]
    for t in consumers + producers:
        t.start()
    for t in producers:
        t.join()
    for _ in consumers:
        q.put(None)
    for t in consumers:
        t.join()

    expected = {}
    for p in range(n_producers):
        for i in range(per_producer):
            kind, obj = make(p, i)
            count, total = expected.get(kind, (0, 0))
            expected[kind] = (count + 1, total + value_of(kind, obj))
    print("producers:", n_producers, "consumers:", n_consumers, "objects each:", per_producer)
    for kind in KINDS:
        count, total = totals.get(kind, (0, 0))
        print(f"  {kind}: {count} objects, checksum {total}")
    print("objects handed over:", sum(c for c, _ in totals.values()), "expected:", n_producers * per_producer)
    print("checksums match a serial run:", totals == expected)
    print("queue empty:", q.empty())


if __name__ == "__main__":
    main()
