# Producers and consumers over a bounded queue.Queue: each producer puts its items, then the
# main thread puts one sentinel (None) per consumer; consumers call task_done() for every item
# they get, and q.join() waits until every item put has been processed.
import queue
import threading

N_PRODUCERS = 3
N_CONSUMERS = 4
ITEMS_PER_PRODUCER = 50
SENTINEL = None

q = queue.Queue(maxsize=5)
results_lock = threading.Lock()
results = []          # (producer, item, square), filled by the consumers
max_seen = [0]        # the largest qsize() a producer saw right after a put
handled = {}          # consumer name -> how many items it handled


def producer(pid):
    for i in range(ITEMS_PER_PRODUCER):
        q.put((pid, i))
        size = q.qsize()
        with results_lock:
            if size > max_seen[0]:
                max_seen[0] = size


def consumer(name):
    count = 0
    while True:
        item = q.get()
        try:
            if item is SENTINEL:
                break
            pid, i = item
            value = (pid * 1000 + i) ** 2
            with results_lock:
                results.append((pid, i, value))
            count += 1
        finally:
            q.task_done()
    with results_lock:
        handled[name] = count


def main():
    consumers = [threading.Thread(target=consumer, args=(f"consumer-{c}",), name=f"consumer-{c}")
                 for c in range(N_CONSUMERS)]
    producers = [threading.Thread(target=producer, args=(p,), name=f"producer-{p}")
                 for p in range(N_PRODUCERS)]
    for t in consumers + producers:
        t.start()
    for t in producers:
        t.join()
    print("producers done; sizes seen within maxsize:", 1 <= max_seen[0] <= q.maxsize)
    for _ in consumers:
        q.put(SENTINEL)
    q.join()              # every put, sentinels included, has been marked task_done
    print("queue joined, empty:", q.empty(), "size:", q.qsize())
    for t in consumers:
        t.join()
    print("consumers alive:", sum(t.is_alive() for t in consumers))

    results.sort()
    print("items consumed:", len(results))
    print("handled by all consumers:", sum(handled.values()))
    print("consumers that reported:", sorted(handled))
    for pid in range(N_PRODUCERS):
        mine = [i for (p, i, _) in results if p == pid]
        print(f"producer {pid}: {len(mine)} items, in order of index: {mine == list(range(ITEMS_PER_PRODUCER))}")
    print("first three:", results[:3])
    print("last:", results[-1])
    print("checksum:", sum(v for (_, _, v) in results))

    # get with a timeout on an empty queue raises queue.Empty
    try:
        q.get(timeout=0.01)
    except queue.Empty:
        print("get(timeout=0.01) on an empty queue: queue.Empty")
    try:
        q.get_nowait()
    except queue.Empty:
        print("get_nowait() on an empty queue: queue.Empty")


if __name__ == "__main__":
    main()
