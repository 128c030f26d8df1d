# Refcount contention, read-only: threads read one shared object in a tight loop (a list, a dict,
# an instance attribute, a module global), then each reads a private copy of its own. Reading
# changes nothing a program can see, but every read increfs and decrefs the object read; when
# the object is shared those counts are written by every core (atomically, under --nogil),
# which is what makes the shared case slower. Results are printed; timings only on [timing] lines.
#   gilvm run --nogil --stats programs/threads_shared_read.py 2 200000
import sys
import threading
import time


class Config:
    def __init__(self, scale):
        self.scale = scale
        self.items = [1, 2, 3]


SHARED_GLOBAL = [5, 6, 7]


def read_list(lst, n):
    total = 0
    for i in range(n):
        total += lst[i % 3]
    return total


def read_dict(d, n):
    total = 0
    for i in range(n):
        total += d["b"]
    return total


def read_attribute(obj, n):
    total = 0
    for i in range(n):
        total += obj.scale + obj.items[0]
    return total


def read_global(unused, n):
    total = 0
    for i in range(n):
        total += SHARED_GLOBAL[1]
    return total


def fresh_copy(kind):
    """A new object equal to the shared one, for the private runs."""
    if kind == "list":
        return [4, 8, 15]
    if kind == "dict":
        return {"a": 1, "b": 2}
    if kind == "attribute":
        return Config(10)
    return None


READERS = {"list": read_list, "dict": read_dict, "attribute": read_attribute, "global": read_global}


def run_threads(reader, objects, n):
    """One thread per object in `objects`; gives back each thread's result, in thread order."""
    results = [None] * len(objects)

    def work(k):
        results[k] = reader(objects[k], n)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(objects))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def main():
    n_threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    print("threads:", n_threads, "reads each:", n)
    for kind, reader in READERS.items():
        shared = fresh_copy(kind)
        t0 = time.perf_counter()
        shared_results = run_threads(reader, [shared] * n_threads, n)
        t_shared = time.perf_counter() - t0
        t0 = time.perf_counter()
        # the global reader ignores its object: each thread still reads the one module global
        private_results = run_threads(reader, [fresh_copy(kind) for _ in range(n_threads)], n)
        t_private = time.perf_counter() - t0
        same = shared_results == private_results
        print(f"{kind}: shared {shared_results[0]} x {len(shared_results)}, private equal: {same}")
        print(f"[timing] {kind}: shared {t_shared:.3f} s, private {t_private:.3f} s, "
              f"ratio {t_shared / max(t_private, 1e-9):.2f}")


if __name__ == "__main__":
    main()
