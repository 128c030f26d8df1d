# A small bank: accounts in a dict, transfers that can fail, and a ledger of transactions.


class BankError(Exception):
    pass


class InsufficientFunds(BankError):
    def __init__(self, account, needed):
        super().__init__(f"account {account.number} has {account.balance}, needs {needed}")
        self.account = account
        self.needed = needed


class UnknownAccount(BankError):
    pass


class Account:
    def __init__(self, number, owner, balance=0):
        self.number = number
        self.owner = owner
        self.balance = balance

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError(f"deposit must be positive, got {amount}")
        self.balance += amount

    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(self, amount)
        self.balance -= amount

    def __repr__(self):
        return f"Account({self.number}, {self.owner!r}, {self.balance})"


class Transaction:
    next_id = 1

    def __init__(self, kind, source, target, amount, ok):
        self.id = Transaction.next_id
        Transaction.next_id += 1
        self.kind, self.source, self.target = kind, source, target
        self.amount, self.ok = amount, ok

    def __str__(self):
        status = "ok" if self.ok else "FAILED"
        return f"#{self.id:03d} {self.kind:<8} {self.source or '-':>5} -> {self.target or '-':<5} {self.amount:>7.2f} {status}"


class Bank:
    def __init__(self, name):
        self.name = name
        self.accounts = {}
        self.ledger = []

    def open(self, owner, initial=0):
        number = f"A{len(self.accounts) + 1:03d}"
        self.accounts[number] = Account(number, owner, initial)
        self.ledger.append(Transaction("open", None, number, initial, True))
        return number

    def get(self, number):
        try:
            return self.accounts[number]
        except KeyError:
            raise UnknownAccount(f"no such account: {number}") from None

    def transfer(self, source, target, amount):
        try:
            src, dst = self.get(source), self.get(target)
            src.withdraw(amount)
            dst.deposit(amount)
        except BankError as e:
            self.ledger.append(Transaction("transfer", source, target, amount, False))
            print(f"  rejected: {type(e).__name__}: {e}")
            return False
        self.ledger.append(Transaction("transfer", source, target, amount, True))
        return True

    def total(self):
        return sum(a.balance for a in self.accounts.values())


def main():
    bank = Bank("Threadneedle")
    alice = bank.open("alice", 500)
    bob = bank.open("bob", 120.50)
    carol = bank.open("carol")
    start_total = bank.total()
    plan = [(alice, bob, 75), (bob, carol, 200), (bob, carol, 195.5), (carol, "A999", 10),
            (carol, alice, 95.5), (alice, carol, 1000), (alice, bob, 0.25)]
    for source, target, amount in plan:
        print(f"transfer {amount} from {source} to {target}:", bank.transfer(source, target, amount))
    try:
        bank.get(alice).deposit(-5)
    except ValueError as e:
        print("ValueError:", e)
    print("ledger:")
    for tx in bank.ledger:
        print(" ", tx)
    failed = [tx.id for tx in bank.ledger if not tx.ok]
    print("failed transactions:", failed)
    print("balances:")
    for number, account in sorted(bank.accounts.items()):
        print(f"  {number} {account.owner:<6}{account.balance:>10,.2f}")
    print("richest:", max(bank.accounts.values(), key=lambda a: a.balance))
    print("money conserved:", bank.total() == start_total, bank.total())


if __name__ == "__main__":
    main()
