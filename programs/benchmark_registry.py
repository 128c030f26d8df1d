# Benchmarks registered with a decorator, each run a few times. Results are printed
# normally; timings go on lines marked [timing], which the test harness ignores.
import time

BENCHMARKS = []


def benchmark(name, repeat=3):
    def register(func):
        BENCHMARKS.append((name, func, repeat))
        return func
    return register


@benchmark("sum of squares")
def sum_squares():
    return sum(i * i for i in range(20_000))


@benchmark("string building", repeat=2)
def build_string():
    parts = []
    for i in range(2_000):
        parts.append(str(i % 10))
    return len("".join(parts))


@benchmark("dict churn")
def dict_churn():
    d = {}
    for i in range(3_000):
        d[i % 500] = d.get(i % 500, 0) + i
    return sum(d.values())


@benchmark("object allocation")
def allocate():
    class Point:
        def __init__(self, x, y):
            self.x = x
            self.y = y
    pts = [Point(i, -i) for i in range(2_000)]
    return sum(p.x - p.y for p in pts)


@benchmark("recursion", repeat=1)
def recurse():
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)
    return fib(16)


def run_all():
    summary = []
    for name, func, repeat in BENCHMARKS:
        times = []
        results = set()
        for _ in range(repeat):
            start = time.perf_counter()
            results.add(func())
            times.append(time.perf_counter() - start)
        assert len(results) == 1, f"{name} is not deterministic"
        result = results.pop()
        print(f"{name:<18} result={result:<12} runs={repeat}")
        print(f"[timing] {name}: best {min(times) * 1000:.3f} ms, mean {sum(times) / len(times) * 1000:.3f} ms")
        summary.append((name, result))
    return summary


def main():
    wall_start = time.perf_counter()
    summary = run_all()
    print("benchmarks run:", len(summary))
    print("checksum:", sum(r for _, r in summary))
    print(f"[timing] total {time.perf_counter() - wall_start:.3f} s")
    t0 = time.time()
    m0 = time.monotonic()
    print("clocks move forward:", time.time() >= t0, time.monotonic() >= m0,
          time.perf_counter_ns() > 0)


if __name__ == "__main__":
    main()
