# Context managers: __enter__/__exit__, several items in one `with`, nesting order,
# suppressing exceptions and cleanup on errors.


class Tracer:
    depth = 0

    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print("  " * Tracer.depth + f"enter {self.name}")
        Tracer.depth += 1
        return self

    def __exit__(self, exc_type, exc, tb):
        Tracer.depth -= 1
        if exc_type is None:
            print("  " * Tracer.depth + f"exit {self.name} (clean)")
        else:
            verb = "suppressing" if self.suppress else "propagating"
            print("  " * Tracer.depth + f"exit {self.name} {verb} {exc_type.__name__}: {exc}")
        return self.suppress


class Resource:
    open_count = 0

    def __init__(self, label):
        self.label = label
        self.closed = False

    def __enter__(self):
        Resource.open_count += 1
        return self.label.upper()

    def __exit__(self, *exc_info):
        Resource.open_count -= 1
        self.closed = True
        return False


class Transaction:
    def __init__(self, store):
        self.store = store

    def __enter__(self):
        self.snapshot = dict(self.store)
        return self.store

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.store.clear()
            self.store.update(self.snapshot)
            print(f"  rolled back after {exc_type.__name__}")
            return True
        print("  committed")
        return False


def early_return():
    with Tracer("in-function"):
        return "returned from inside with"


def main():
    with Tracer("outer") as t:
        print("    body sees", t.name)
    with Tracer("a"), Tracer("b"), Tracer("c"):
        print("      three managers")
    with Tracer("guard", suppress=True):
        print("    about to fail")
        raise ValueError("ignored on purpose")
    print("after suppressed error")
    try:
        with Tracer("leaky"), Tracer("also-leaky", suppress=False):
            {}["nope"]
    except KeyError as e:
        print("caught outside:", repr(e))
    with Tracer("outer-suppress", suppress=True):
        with Tracer("inner"):
            1 / 0
    print(early_return())

    first, second = Resource("db"), Resource("cache")
    with first as a, second as b:
        print("using", a, b, "open:", Resource.open_count)
    print("closed:", first.closed, second.closed, "open:", Resource.open_count)

    store = {"x": 1}
    with Transaction(store) as s:
        s["y"] = 2
    with Transaction(store) as s:
        s["x"] = 100
        s["z"] = 3
        raise RuntimeError("abort")
    print("store:", store)

    for i in range(3):
        with Tracer(f"loop{i}"):
            if i == 1:
                continue
            print("    work", i)
    print("depth back to", Tracer.depth)


main()
