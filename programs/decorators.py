# Decorators: *args/**kwargs wrappers, decorators with arguments, stacking, a class decorator.

REGISTRY = {}
CALLS = {}
FIB_CACHE = {}


def register(name):
    def decorator(func):
        REGISTRY[name] = func
        return func
    return decorator


def trace(func):
    def wrapper(*args, **kwargs):
        parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
        print(f"-> {func.__name__}({', '.join(parts)})")
        result = func(*args, **kwargs)
        print(f"<- {func.__name__} = {result!r}")
        return result
    return wrapper


def count_calls(func):
    CALLS[func.__name__] = 0

    def wrapper(*args, **kwargs):
        CALLS[func.__name__] += 1
        return func(*args, **kwargs)
    return wrapper


def repeat(times):
    def decorator(func):
        def wrapper(*args, **kwargs):
            return [func(*args, **kwargs) for _ in range(times)]
        return wrapper
    return decorator


def with_defaults(**preset):
    def decorator(func):
        def wrapper(*args, **kwargs):
            merged = dict(preset)
            merged.update(kwargs)
            return func(*args, **merged)
        return wrapper
    return decorator


def memoize(cache):
    def decorator(func):
        def wrapper(n):
            if n not in cache:
                cache[n] = func(n)
            return cache[n]
        return wrapper
    return decorator


def add_describe(cls):
    def describe(self):
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in cls.fields)
        return f"<{cls.__name__} {fields}>"
    cls.describe = describe
    cls.decorated = True
    return cls


@register("add")
@trace
def add(a, b=10):
    return a + b


@register("greet")
@count_calls
def greet(name, *, punctuation="!"):
    return f"hello {name}{punctuation}"


@repeat(3)
def roll():
    return "dice"


@with_defaults(sep="/")
def join_path(*parts, sep="-", upper=False):
    text = sep.join(parts)
    return text.upper() if upper else text


@memoize(FIB_CACHE)
def slow_fib(n):
    return n if n < 2 else slow_fib(n - 1) + slow_fib(n - 2)


@add_describe
class Point:
    fields = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


def main():
    add(1, 2)
    add(5)
    add(a=3, b=4)
    print(greet("world"), greet("gilvm", punctuation="?"), CALLS)
    print(sorted(REGISTRY), REGISTRY["greet"] is greet, REGISTRY["add"](0, 0))
    print(roll(), join_path("usr", "lib"), join_path("a", "b", sep=":", upper=True))
    print(slow_fib(80), len(FIB_CACHE))
    print(Point(3, 4).describe(), Point.decorated, Point.__name__)
    trace(lambda s: s.upper())("manual decoration")
    print(repeat(2)(trace(add))(1, b=1))


main()
