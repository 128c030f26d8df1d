# The single-threaded baseline from the free-threading talk:
# do_work() is called eight times, one after another.
import sys
import time

N_RUNS = 8


def do_work(n: int = 300_000) -> int:
    return sum(i * i for i in range(n))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    results = []
    start = time.perf_counter()
    for i in range(N_RUNS):
        result = do_work(n)
        results.append(result)
        print(f"run {i}: do_work({n}) = {result}")
    elapsed = time.perf_counter() - start
    print(f"[timing] {N_RUNS} runs took {elapsed:.3f} s")
    assert len(set(results)) == 1, "every run must give the same sum"
    # closed form of 0^2 + 1^2 + ... + (n-1)^2
    expected = (n - 1) * n * (2 * n - 1) // 6
    print("all runs equal:", results[0] == expected)
    print("total:", sum(results))


if __name__ == "__main__":
    main()
