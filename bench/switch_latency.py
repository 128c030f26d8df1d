# GIL switch interval vs I/O responsiveness: one thread burns CPU while another does SAMPLES
# short "I/O" waits (time.sleep of 5 ms, which releases the GIL). Each time the sleep ends the
# I/O thread needs the GIL back; its extra delay past the 5 ms is the response latency, which
# under a GIL depends on the switch interval (the waiter asks the holder to drop the GIL only
# after waiting one interval). Also reports how much work the CPU thread got done meanwhile. The
# first few waits are not counted: a new thread (a fresh V8 isolate in gilvm) starts slow.
#   usage: switch_latency.py INTERVAL_MS [SAMPLES=40]
import sys
import threading
import time

IO_WAIT_S = 0.005
WARM_UP_WAITS = 5


def burn(stop, progress):
    while not stop:
        x = 0
        for i in range(200):
            x += i
        progress[0] += 1  # only this thread writes it; the I/O thread reads it


def io_loop(samples, delays, progress, cpu_rate):
    for i in range(WARM_UP_WAITS + samples):
        if i == WARM_UP_WAITS:
            rounds0 = progress[0]
            start = time.perf_counter()
        t0 = time.perf_counter()
        time.sleep(IO_WAIT_S)
        delay = time.perf_counter() - t0 - IO_WAIT_S
        if i >= WARM_UP_WAITS:
            delays.append(delay)
    cpu_rate.append((progress[0] - rounds0) / (time.perf_counter() - start))


def percentile(sorted_xs, q):
    return sorted_xs[min(len(sorted_xs) - 1, int(q * len(sorted_xs)))]


def main():
    interval_ms = float(sys.argv[1])
    samples = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    sys.setswitchinterval(interval_ms / 1000)
    stop = []
    progress = [0]
    delays = []
    cpu_rate = []
    cpu = threading.Thread(target=burn, args=(stop, progress), name="cpu")
    io = threading.Thread(target=io_loop, args=(samples, delays, progress, cpu_rate), name="io")
    cpu.start()
    time.sleep(0.02)  # the CPU thread is running before the first I/O wait
    io.start()
    io.join()
    stop.append(True)
    cpu.join()
    delays.sort()
    median = percentile(delays, 0.5)
    p95 = percentile(delays, 0.95)
    print(f"[timing] switch interval {interval_ms} ms: I/O latency median {median * 1000:.2f} ms, "
          f"p95 {p95 * 1000:.2f} ms")
    print(f"[bench] latency_median_ms={median * 1000:.4f} latency_p95_ms={p95 * 1000:.4f} "
          f"latency_max_ms={delays[-1] * 1000:.4f} cpu_rounds_per_s={cpu_rate[0]:.1f}")


if __name__ == "__main__":
    main()
