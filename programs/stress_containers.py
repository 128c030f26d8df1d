# Stress: 8 threads (or as many as the second argument says) build, share, mutate and drop
# lists, dicts, sets, instances and closures at once. Single operations on a shared container
# (append, pop, setitem, dict.pop, set.add, setattr) are atomic in CPython with or without the
# GIL, so they run with no lock here; only the read-modify-write of a shared counter takes one.
# Every result is a conservation law that holds whatever the interleaving: what was put in =
# what was taken out + what is left.
#   gilvm run --nogil --sanitize programs/stress_containers.py 2000 [THREADS]
# The differential tests run it light; test/stress.test.ts runs it with 8 threads in each mode.
# test-args: 30 2
import sys
import threading


class Node:
    def __init__(self, owner, i):
        self.owner = owner
        self.i = i
        self.payload = [owner, i, {"i": i}]

    def value(self):
        return self.owner * 1_000_003 + self.i + self.payload[2]["i"]


def make_scaler(factor, extra):
    captured = list(extra)

    def scale(v):
        return v * factor + sum(captured)

    return scale


class Shared:
    """Everything the threads share, plus the checksums each thread reports back."""

    def __init__(self, n_threads):
        self.n_threads = n_threads
        self.nodes = []                 # instances, appended by all, popped by all
        self.table = {}                 # (thread, i) -> list, set by its maker, popped by the next thread
        self.seen = set()               # numbers added by every thread
        self.closures = []              # closures made by one thread, called and dropped by another
        self.board = Board()            # an instance whose attribute dict every thread writes
        self.counter_lock = threading.Lock()
        self.counter = 0
        self.popped_nodes = 0           # checksums of what each thread took out
        self.popped_rows = 0
        self.called = 0


class Board:
    pass


def node_total(owner, n):
    return sum(owner * 1_000_003 + 2 * i for i in range(n))


def row_value(owner, i):
    return owner + i * 3


def closure_value(owner, i):
    # make_scaler(owner + 1, [i, owner])(i), written out
    return i * (owner + 1) + i + owner


def worker(shared, k, n, start_gate):
    start_gate.wait()  # all threads start together, so their operations really overlap
    popped_nodes = 0
    popped_rows = 0
    called = 0
    for i in range(n):
        # build private objects and share some of them
        row = [k, i, i, i]
        private = {"row": row, "set": {i, k}, "node": Node(k, i)}
        shared.nodes.append(private["node"])
        shared.table[(k, i)] = row
        shared.seen.add(i * shared.n_threads + k)
        shared.closures.append((k, i, make_scaler(k + 1, [i, k])))
        setattr(shared.board, "t" + str(k), i)

        # take out what other threads made, and drop it here
        if i % 2 == 1:
            try:
                popped_nodes += shared.nodes.pop().value()
            except IndexError:
                pass
            row = shared.table.pop(((k + 1) % shared.n_threads, i - 1), None)
            if row is not None:
                popped_rows += row[0] + row[1] + row[2] + row[3]
            try:
                owner, j, fn = shared.closures.pop(0)
                called += fn(j) - closure_value(owner, j)  # 0 when the closure is intact
            except IndexError:
                pass

        # mutate private containers in ways that resize them
        private["more"] = [x * x for x in range(i % 17)]
        private["set"].update(range(i % 9))
        private["set"].discard(0)
        del private["row"]

        if i % 16 == 0:
            with shared.counter_lock:
                shared.counter += 1
    with shared.counter_lock:
        shared.popped_nodes += popped_nodes
        shared.popped_rows += popped_rows
        shared.called += called


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    n_threads = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    shared = Shared(n_threads)
    start_gate = threading.Barrier(n_threads)
    threads = [threading.Thread(target=worker, args=(shared, k, n, start_gate)) for k in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    checks = []

    def check(label, ok):
        checks.append(ok)
        print(f"{label}: {ok}")

    print("threads:", n_threads, "iterations each:", n)
    nodes_in = sum(node_total(k, n) for k in range(n_threads))
    nodes_left = sum(node.value() for node in shared.nodes)
    check("instances: taken out + left = made", shared.popped_nodes + nodes_left == nodes_in)
    rows_in = sum(row_value(k, i) for k in range(n_threads) for i in range(n))
    rows_left = sum(sum(row) for row in shared.table.values())
    check("dict rows: popped + left = set", shared.popped_rows + rows_left == rows_in)
    check("dict keys left are distinct and well-formed",
          all(row[0] == key[0] and row[1] == key[1] for key, row in shared.table.items()))
    check("set holds every number once", sorted(shared.seen) == list(range(n_threads * n)))
    check("closures called from other threads gave the right values", shared.called == 0)
    check("closures left are intact",
          all(fn(j) == closure_value(owner, j) for owner, j, fn in shared.closures))
    check("attribute per thread holds its last value",
          [getattr(shared.board, "t" + str(k)) for k in range(n_threads)] == [n - 1] * n_threads)
    check("locked counter exact", shared.counter == n_threads * ((n + 15) // 16))
    print("totals:", nodes_in, rows_in, len(shared.seen))
    print("all checks passed:", all(checks))


if __name__ == "__main__":
    main()
