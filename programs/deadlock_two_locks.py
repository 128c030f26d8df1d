# A deliberate deadlock: two threads take the same two locks in opposite orders. The Barrier
# between the first and the second acquire makes sure each thread holds its first lock before
# either asks for its second, so the deadlock is certain rather than a matter of timing.
# CPython hangs here for ever; gilvm notices that every thread is blocked with no timeout,
# reports each thread's wait and line on stderr ("gilvm: deadlock: ...") and exits with code 3.
# (The name starts with deadlock_, so the CPython comparison skips it; test/threads.test.ts
# checks it.)
import threading

lock_a = threading.Lock()
lock_b = threading.Lock()
both_hold_one = threading.Barrier(2)


def transfer(name, first, second):
    with first:
        print(f"{name}: holds its first lock", flush=True)
        both_hold_one.wait()
        with second:  # never gets here: the other thread holds this lock and wants ours
            print(f"{name}: holds both locks")


def main():
    left = threading.Thread(target=transfer, args=("left", lock_a, lock_b), name="left-thread")
    right = threading.Thread(target=transfer, args=("right", lock_b, lock_a), name="right-thread")
    left.start()
    right.start()
    left.join()
    right.join()
    print("unreachable: both threads finished")


if __name__ == "__main__":
    main()
