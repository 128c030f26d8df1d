# The convoy effect: an I/O thread that sleeps 1 ms at a time, alone and then beside a CPU-bound
# thread. time.sleep releases the GIL; waking up, the I/O thread needs the GIL back, and the
# CPU-bound thread only gives it up when the I/O thread has waited a whole switch interval
# (sys.getswitchinterval(), 5 ms) and asked it to drop it. So each 1 ms sleep costs about 5 ms
# beside a busy thread. Timings vary from run to run and are printed on [timing] lines only.
import sys
import threading
import time

N_SLEEPS = 50
SLEEP = 0.001


def io_thread(lateness, elapsed):
    start = time.perf_counter()
    for _ in range(N_SLEEPS):
        t0 = time.perf_counter()
        time.sleep(SLEEP)
        lateness.append(time.perf_counter() - t0 - SLEEP)
    elapsed.append(time.perf_counter() - start)


def cpu_thread(stop, rounds):
    n = 0
    while not stop.is_set():
        total = 0
        for i in range(2_000):
            total += i * i
        n += 1
    rounds.append(n)


def summary(lateness):
    ms = sorted(x * 1000 for x in lateness)
    return f"mean {sum(ms) / len(ms):.3f} ms, median {ms[len(ms) // 2]:.3f} ms, max {ms[-1]:.3f} ms"


def run_io(with_cpu):
    lateness = []
    stop = threading.Event()
    rounds = []
    cpu = threading.Thread(target=cpu_thread, args=(stop, rounds), name="cpu")
    elapsed = []
    io = threading.Thread(target=io_thread, args=(lateness, elapsed), name="io")
    if with_cpu:
        cpu.start()
    io.start()
    io.join()
    if with_cpu:
        stop.set()
        cpu.join()
    return lateness, elapsed[0], rounds


def main():
    print("switch interval:", sys.getswitchinterval())
    alone, t_alone, _ = run_io(False)
    print("alone: sleeps", len(alone), "each at least 1 ms:", all(x >= 0 for x in alone))
    print(f"[timing] alone: {N_SLEEPS} sleeps of 1 ms took {t_alone * 1000:.1f} ms; lateness {summary(alone)}")
    busy, t_busy, rounds = run_io(True)
    print("beside a CPU-bound thread: sleeps", len(busy), "each at least 1 ms:", all(x >= 0 for x in busy))
    print("the CPU-bound thread stopped when asked:", len(rounds) == 1)
    print(f"[timing] beside a CPU-bound thread: {N_SLEEPS} sleeps took {t_busy * 1000:.1f} ms; "
          f"lateness {summary(busy)}; the CPU thread ran {rounds[0]} rounds")
    print(f"[timing] slowdown of the I/O thread: {t_busy / t_alone:.1f}x")


if __name__ == "__main__":
    main()
