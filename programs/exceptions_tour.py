# Exception handling: custom exception classes, try/except/else/finally,
# re-raising, chaining with `raise ... from ...` and built-in error messages.


class AppError(Exception):
    """Base class for this program's errors."""


class ValidationError(AppError):
    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field


class RetryableError(AppError):
    pass


def validate_age(value):
    if not value.isdigit():
        raise ValidationError("age", f"{value!r} is not a number")
    age = int(value)
    if age > 150:
        raise ValidationError("age", "too large")
    return age


def parse_config(text):
    try:
        key, value = text.split("=")
    except ValueError as e:
        raise AppError(f"bad line {text!r}") from e
    return key.strip(), value.strip()


def attempt(label, func, *args):
    try:
        result = func(*args)
    except ZeroDivisionError as e:
        print(f"{label}: ZeroDivisionError {e}")
    except (KeyError, IndexError) as e:
        print(f"{label}: lookup failed:", type(e).__name__, e)
    except AppError as e:
        print(f"{label}: app error {e!r} / {e}")
    else:
        print(f"{label}: ok -> {result!r}")
    finally:
        print(f"{label}: done")


def risky_cleanup(steps):
    try:
        for step in steps:
            if step == "boom":
                raise RuntimeError("exploded at " + step)
        return "finished"
    finally:
        steps.append("cleaned")


def reraiser(x):
    try:
        return 10 // x
    except ZeroDivisionError:
        print("  logging the failure, then re-raising")
        raise


def main():
    attempt("int div", lambda: 1 // 0)
    attempt("modulo", lambda: 5 % 0)
    attempt("float div", lambda: 1.5 / 0.0)
    attempt("dict", lambda: {"a": 1}["missing"])
    attempt("list", lambda: [1, 2, 3][10])
    attempt("tuple", lambda: (1, 2)[-3])
    attempt("string", lambda: "abc"[5])
    attempt("valid age", validate_age, "42")
    attempt("bad age", validate_age, "forty")
    attempt("old age", validate_age, "200")
    attempt("config", parse_config, "name = gilvm")
    try:
        parse_config("no equals sign")
    except AppError as e:
        print("chained:", repr(e), "caused by", repr(e.__cause__))
    steps = ["a", "boom", "c"]
    try:
        risky_cleanup(steps)
    except RuntimeError as e:
        print("RuntimeError:", e, "| steps:", steps)
    steps = ["a", "b"]
    print(risky_cleanup(steps), steps)
    try:
        reraiser(0)
    except ZeroDivisionError as e:
        print("caught re-raised:", repr(e))
    print("reraiser(3) =", reraiser(3))
    errors = [ValueError("bad value"), TypeError("wrong type"), KeyError("k"),
              RetryableError("try later"), ValidationError("name", "empty"), IndexError()]
    for err in errors:
        print(repr(err), "|", str(err), "|", isinstance(err, AppError), isinstance(err, Exception))
    try:
        raise ValidationError("email", "missing @")
    except AppError as e:
        print("field:", e.field, "message:", e)
    for bad in (lambda: int("twelve"), lambda: undefined_name_here, lambda: None.upper()):
        try:
            bad()
        except (ValueError, NameError, AttributeError) as e:
            print(type(e).__name__, e)
    try:
        assert 1 + 1 == 3, "math is broken"
    except AssertionError as e:
        print("AssertionError:", e)


main()
