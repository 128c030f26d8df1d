# Four threads hammer the reference counts of a few shared objects (a list, its item, an
# instance and its attribute), started together by a Barrier so that they really overlap.
# Under the GIL and under --nogil's biased refcounting every count stays exact; under
# `--nogil --refcount plain` the threads' plain read-modify-writes of one count lose updates,
# and the checker (--sanitize) catches the wrong counts: test/free_threading.test.ts shows it.
import sys
import threading


class Box:
    def __init__(self, item):
        self.item = item


def hammer(shared, box, n, start, out, k):
    start.wait()
    total = 0
    for _ in range(n):
        x = shared[0]
        y = shared
        z = box.item
        total += len(y) + len(z)
    out[k] = total


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    threads_n = 4
    item = ["payload"]
    shared = [item]
    box = Box(item)
    out = [0] * threads_n
    start = threading.Barrier(threads_n)
    threads = [threading.Thread(target=hammer, args=(shared, box, n, start, out, k)) for k in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("totals:", out)
    print("all equal:", all(t == 2 * n for t in out))


if __name__ == "__main__":
    main()
