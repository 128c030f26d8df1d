# The built-in exception hierarchy: which handler catches what, and how
# exceptions propagate through nested try statements and function calls.

BUILTINS = [BaseException, Exception, ArithmeticError, ZeroDivisionError, ValueError, TypeError,
            KeyError, IndexError, AttributeError, NameError, RuntimeError, RecursionError,
            StopIteration, AssertionError, MemoryError, KeyboardInterrupt, NotImplementedError,
            SystemExit]

CATEGORIES = [("arithmetic", ArithmeticError), ("runtime", RuntimeError),
              ("exception", Exception), ("base", BaseException)]


class ConfigError(ValueError):
    pass


class StrictConfigError(ConfigError):
    pass


def classify(exc):
    try:
        raise exc
    except ArithmeticError:
        return "arithmetic"
    except RuntimeError:
        return "runtime"
    except Exception:
        return "exception"
    except BaseException:
        return "base"


def ancestors(exc):
    return [name for name, cls in CATEGORIES if isinstance(exc, cls)]


def level3(kind):
    if kind == "config":
        raise StrictConfigError("strict mode violated")
    if kind == "key":
        return {}["absent"]
    if kind == "type":
        return len(42)
    return "fine"


def level2(kind):
    try:
        return level3(kind)
    except KeyError as e:
        raise RuntimeError(f"lookup failed for {e}")
    finally:
        print(f"    level2 finally ({kind})")


def level1(kind):
    try:
        return level2(kind)
    except ValueError as e:
        return f"handled {type(e).__name__}: {e}"


def main():
    for cls in BUILTINS:
        exc = cls("demo")
        print(f"{cls.__name__:<20} caught as {classify(exc):<10} is-a {ancestors(exc)}")
    for kind in ["ok", "config", "key", "type"]:
        print(f"  run {kind!r}")
        try:
            print("   ->", level1(kind))
        except Exception as e:
            print("   -> escaped:", repr(e))
    err = StrictConfigError("x")
    print([isinstance(err, c) for c in (StrictConfigError, ConfigError, ValueError, Exception, TypeError)])
    print(repr(KeyboardInterrupt()), repr(MemoryError()), repr(StopIteration(5)), str(KeyError("a b")))
    print(repr(NotImplementedError("todo")), str(AssertionError()), repr(SystemExit(2)))
    try:
        try:
            raise TypeError("inner")
        except TypeError:
            raise ValueError("while handling")
    except ValueError as e:
        print("outer got:", repr(e))
    results = []
    for value in [10, 0, "x", None]:
        try:
            results.append(100 // value)
        except (ZeroDivisionError, TypeError) as e:
            results.append(type(e).__name__)
    print(results)


main()
