"""CPython's float operations and math functions, for test/float_math.test.ts."""
import math

from num_common import serve


def power(a, b):
    r = a ** b
    return "complex" if isinstance(r, complex) else r  # gilvm has no complex type


serve({
    "truediv": lambda a, b: a / b,
    "floordiv": lambda a, b: a // b,
    "mod": lambda a, b: a % b,
    "divmod": divmod,
    "pow": power,
    "float": float,
    "round": round,
    "sqrt": math.sqrt,
    "floor": math.floor,
    "ceil": math.ceil,
    "exp": math.exp,
    "log": math.log,
    "sin": math.sin,
    "cos": math.cos,
})
