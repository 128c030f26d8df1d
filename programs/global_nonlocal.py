# Scopes: global, nonlocal through several levels, shadowing, del of a name.

counter = 0
log = []


def bump(by=1):
    global counter
    counter += by
    return counter


def record(message):
    log.append(message)  # mutating a global needs no `global` statement


def outer():
    level = "outer"
    trail = []

    def middle():
        nonlocal level
        level = "middle"

        def inner():
            nonlocal level
            trail.append(level)
            level = "inner"
        inner()
        trail.append(level)

    middle()
    trail.append(level)
    return trail


def shadow():
    counter = "local counter"
    return counter


def create_global():
    global created_later
    created_later = "made inside a function"


def make_bank():
    balances = {}
    total = 0

    def deposit(name, amount):
        nonlocal total
        balances[name] = balances.get(name, 0) + amount
        total += amount
        return total

    def report():
        return sorted(balances.items()), total

    return deposit, report


def nested_global():
    def inner():
        global counter
        counter *= 10
    inner()
    return counter


class Settings:
    level = "class attribute"

    def level_seen_from_method(self):
        level = "method local"
        return level, self.level, Settings.level


def main():
    bump(); bump(5)
    print("counter:", bump(), "shadow:", shadow(), "still:", counter)
    record("start"); record("middle")
    print("log:", log)
    print("nonlocal chain:", outer())
    create_global()
    print("created_later:", created_later)
    deposit, report = make_bank()
    deposit("ann", 10); deposit("bob", 5)
    print("bank:", deposit("ann", 1), report())
    other_deposit, other_report = make_bank()
    other_deposit("cy", 100)
    print("independent closures:", report(), other_report())
    print("nested global:", nested_global(), counter)
    print("class scope:", Settings().level_seen_from_method())
    i = "outer i"
    squares = [i * i for i in range(5)]
    print("comprehension variable does not leak:", squares, i)
    funcs = []
    for k in range(3):
        def show(k=k):
            return k * 100
        funcs.append(show)
    print("loop-defined functions:", [f() for f in funcs], "k after loop:", k)

    x = 10
    value = "big" if x > 5 else "small"
    print(value, "and" if x else "or", not x, x and "truthy", 0 or "fallback", None or [] or "last")
    del value
    try:
        print(value)
    except NameError as e:
        print("NameError:", e)


main()
