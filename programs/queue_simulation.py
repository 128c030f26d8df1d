# A bank-teller queue simulation, using a plain list as a FIFO queue (append / pop(0)).
# Arrivals and service times come from a fixed pseudo-random generator (an LCG),
# so the output is the same everywhere.


class LCG:
    def __init__(self, seed):
        self.state = seed

    def next(self, bound):
        self.state = (self.state * 1103515245 + 12345) % 2 ** 31
        return self.state % bound


class Customer:
    def __init__(self, ident, arrival, service):
        self.ident = ident
        self.arrival = arrival
        self.service = service
        self.start = None

    def __repr__(self):
        return f"C{self.ident}"


def simulate(tellers, minutes, seed):
    rng = LCG(seed)
    queue = []
    busy_until = [0] * tellers
    serving = [None] * tellers
    served = []
    max_queue = 0
    next_id = 1
    for now in range(minutes):
        # 0-2 arrivals per minute
        for _ in range(rng.next(3)):
            queue.append(Customer(next_id, now, 1 + rng.next(6)))
            next_id += 1
        for t in range(tellers):
            if busy_until[t] <= now:
                if serving[t] is not None:
                    served.append(serving[t])
                    serving[t] = None
                if queue:
                    customer = queue.pop(0)
                    customer.start = now
                    serving[t] = customer
                    busy_until[t] = now + customer.service
        max_queue = max(max_queue, len(queue))
        if now % 15 == 0:
            print(f"  t={now:>3} queue={len(queue):>2} {queue[:5]}{'...' if len(queue) > 5 else ''}")
    waits = [c.start - c.arrival for c in served]
    return {
        "arrived": next_id - 1,
        "served": len(served),
        "still waiting": len(queue),
        "max queue": max_queue,
        "average wait": round(sum(waits) / len(waits), 2) if waits else 0.0,
        "longest wait": max(waits, default=0),
    }


def main():
    for tellers in (1, 2, 3):
        print(f"tellers = {tellers}")
        stats = simulate(tellers, 60, seed=2024)
        for key, value in stats.items():
            print(f"  {key:<14}{value}")
    # the same queue discipline with a rotating buffer instead of pop(0)
    ring = [None] * 4
    head = tail = size = 0
    log = []
    for op in ["+a", "+b", "+c", "-", "+d", "+e", "-", "-", "+f", "-", "-", "-", "-"]:
        if op.startswith("+"):
            if size == len(ring):
                log.append("full")
                continue
            ring[tail] = op[1:]
            tail = (tail + 1) % len(ring)
            size += 1
        elif size == 0:
            log.append("empty")
        else:
            log.append(ring[head])
            head = (head + 1) % len(ring)
            size -= 1
    print("ring buffer:", log)


main()
