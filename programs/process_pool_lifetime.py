# A process pool's children live no longer than the pool needs them, nor than their parent.
#
# Run plainly, the program leaves its pool open at the end: the interpreter's exit waits for the
# queued work, then the children are told to go. test/process_pool.test.ts also runs it
#   with `hang`:   it prints its children's pids and keeps them busy (one computing, one
#                  sleeping); the test kills this process, and no child may outlive it;
#   with `broken`: it prints a child's pid and waits on it; the test kills that child, and the
#                  pool reports itself broken.
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def pid_after(seconds):
    time.sleep(seconds)
    return os.getpid()


def busy(seconds):
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
    return n


def square(x):
    return x * x


def hang():
    pool = ProcessPoolExecutor(max_workers=2)
    # both children at once: each call sleeps until the other has started
    pids = sorted(set(f.result() for f in [pool.submit(pid_after, 0.5) for _ in range(2)]))
    pool.submit(busy, 60)
    pool.submit(time.sleep, 60)
    print("children:", *pids, flush=True)
    time.sleep(60)


def broken():
    pool = ProcessPoolExecutor(max_workers=1)
    pid = pool.submit(os.getpid).result()
    running = pool.submit(time.sleep, 60)
    print("child:", pid, flush=True)
    try:
        running.result()
    except BrokenProcessPool as e:
        print("running call:", type(e).__name__, e)
    try:
        pool.submit(square, 2)
    except BrokenProcessPool as e:
        print("new call:", type(e).__name__, e)
    pool.shutdown()


def main():
    pool = ProcessPoolExecutor(max_workers=2)
    print("squares:", list(pool.map(square, range(8))))
    last = pool.submit(square, 9)
    print("left running at exit:", not last.done() or last.result() == 81)


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "hang":
        hang()
    elif mode == "broken":
        broken()
    else:
        main()
