# A bank with one Lock per account. Several teller threads move money between accounts chosen
# pseudo-randomly (a seeded generator per teller, so the transfers are the same on every run);
# each transfer takes both accounts' locks in a consistent order (the lower account number
# first), which is what keeps two opposite transfers from deadlocking. An auditor thread takes
# every lock, in the same order, and checks that the total never changes. Overdrafts are
# allowed, so every transfer goes through and the final balances do not depend on the order
# in which the threads ran.
import threading

N_ACCOUNTS = 10
N_TELLERS = 4
TRANSFERS_PER_TELLER = 300
N_AUDITS = 25
START_BALANCE = 1_000


class Lcg:
    """A small seeded generator (the constants of Numerical Recipes), so the transfers do not
    depend on any particular implementation of the random module."""

    def __init__(self, seed):
        self.state = seed

    def below(self, n):
        self.state = (self.state * 1664525 + 1013904223) % 2**32
        return (self.state >> 8) % n


class Account:
    def __init__(self, number, balance):
        self.number = number
        self.balance = balance
        self.lock = threading.Lock()


class Bank:
    def __init__(self, n, balance):
        self.accounts = [Account(i, balance) for i in range(n)]
        self.stats_lock = threading.Lock()
        self.transfers = 0
        self.moved = 0

    def transfer(self, src, dst, amount):
        if src == dst:
            return False
        a, b = self.accounts[src], self.accounts[dst]
        first, second = (a, b) if a.number < b.number else (b, a)
        with first.lock:
            with second.lock:
                a.balance -= amount
                b.balance += amount
        with self.stats_lock:
            self.transfers += 1
            self.moved += amount
        return True

    def total(self):
        for acct in self.accounts:           # every lock, in account order
            acct.lock.acquire()
        try:
            return sum(acct.balance for acct in self.accounts)
        finally:
            for acct in reversed(self.accounts):
                acct.lock.release()


def teller(bank, seed, done):
    rng = Lcg(seed)
    made = 0
    for _ in range(TRANSFERS_PER_TELLER):
        src = rng.below(N_ACCOUNTS)
        dst = rng.below(N_ACCOUNTS)
        amount = 1 + rng.below(100)
        if bank.transfer(src, dst, amount):
            made += 1
    done[seed] = made


def auditor(bank, expected, bad):
    for _ in range(N_AUDITS):
        if bank.total() != expected:
            bad.append(1)


def main():
    bank = Bank(N_ACCOUNTS, START_BALANCE)
    expected = N_ACCOUNTS * START_BALANCE
    done = {}
    bad = []
    threads = [threading.Thread(target=teller, args=(bank, seed, done), name=f"teller-{seed}")
               for seed in range(1, N_TELLERS + 1)]
    threads.append(threading.Thread(target=auditor, args=(bank, expected, bad), name="auditor"))
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    print("transfers per teller:", [done[seed] for seed in sorted(done)])
    print("transfers made:", bank.transfers, "money moved:", bank.moved)
    print("audits that saw a wrong total:", len(bad), "of", N_AUDITS)
    total = bank.total()
    print("total before:", expected, "after:", total, "unchanged:", total == expected)
    for acct in bank.accounts:
        print(f"account {acct.number}: {acct.balance:6d}")
    print("no lock left held:", not any(acct.lock.locked() for acct in bank.accounts))


if __name__ == "__main__":
    main()
