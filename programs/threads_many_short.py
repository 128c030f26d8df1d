# 1,000 short-lived threads, each appending its number to a shared list under a lock. Starting a
# thread costs far more than what each one does here, which is why the talk says to use thread
# pools; gilvm runs Python threads on a pool of reused workers, so --stats shows far fewer
# workers than threads.
import threading

N_THREADS = 1_000

lock = threading.Lock()
seen = []


def record(i):
    with lock:
        seen.append(i)


def main():
    threads = [threading.Thread(target=record, args=(i,)) for i in range(N_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("threads started:", len(threads))
    print("threads alive after join:", sum(t.is_alive() for t in threads))
    print("appends:", len(seen))
    print("every number once:", sorted(seen) == list(range(N_THREADS)))
    print("sum:", sum(seen))
    print("active_count() at the end:", threading.active_count())
    print("only the main thread is left:", threading.enumerate() == [threading.main_thread()])


if __name__ == "__main__":
    main()
