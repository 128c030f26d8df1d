# Function arguments: positional, keyword, defaults, *args, **kwargs, keyword-only
# arguments, unpacking in calls, and the errors for bad calls.


def describe(name, greeting="hello", punctuation="!"):
    return f"{greeting}, {name}{punctuation}"


def total(*numbers, start=0):
    result = start
    for n in numbers:
        result += n
    return result


def configure(host, port=8080, *, debug=False, workers=1, **extra):
    options = ", ".join(f"{k}={extra[k]!r}" for k in sorted(extra))
    return f"{host}:{port} debug={debug} workers={workers} extra=[{options}]"


def everything(a, b=2, *args, c, d=4, **kwargs):
    return (a, b, args, c, d, kwargs)


def append_to(item, target=None):
    # the safe version of a mutable default
    if target is None:
        target = []
    target.append(item)
    return target


def append_shared(item, target=[]):
    # the famous pitfall: the default list is created once
    target.append(item)
    return target


def apply(func, *args, **kwargs):
    return func(*args, **kwargs)


def make_greeter(greeting):
    def greeter(*names, sep=" & "):
        return greeting + " " + sep.join(names)
    return greeter


def main():
    print(describe("Ada"))
    print(describe("Ada", "hi"))
    print(describe("Ada", punctuation="?"))
    print(describe(greeting="hey", name="Bob"))
    print(describe(*["Cy", "yo", "..."]))
    print(describe(**{"name": "Di", "punctuation": "!!"}))

    print(total(), total(1, 2, 3), total(*range(5), start=100), total(*[1.5, 2.5]))
    print(configure("localhost"))
    print(configure("example.org", 443, debug=True, retries=3, mode="fast"))
    settings = {"workers": 4, "timeout": 30}
    print(configure("db", *[5432], **settings))
    print(everything(1, c=3))
    print(everything(1, 2, 3, 4, 5, c=6, d=7, e=8, f=9))
    print(everything(*(10, 20, 30), **{"c": 40, "z": 0}))

    print(append_to(1), append_to(2), append_to(3, [0]))
    print(append_shared(1), append_shared(2), append_shared(3))

    print(apply(max, 3, 9, 4), apply(sorted, [3, 1, 2], reverse=True), apply(describe, "Eve", greeting="hola"))
    print(make_greeter("Welcome")("Ann", "Ben"), make_greeter("Bye")("Cat", "Dan", "Eli", sep=", "))
    print(sorted(["bb", "a", "ccc"], key=len), max([1, 5, 3], default=0), max([], default="empty"))
    print("sep", "end", sep=" | ", end=" <-\n")

    bad_calls = [
        lambda: describe(),
        lambda: describe("a", "b", "c", "d"),
        lambda: describe("a", name="b"),
        lambda: describe("a", colour="red"),
        lambda: configure("h", 1, 2),
        lambda: everything(1),
    ]
    for call in bad_calls:
        try:
            call()
        except TypeError as e:
            print("TypeError:", e)


main()
