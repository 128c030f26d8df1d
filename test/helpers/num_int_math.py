"""CPython's int operations, for test/int_math.test.ts."""
import math

from num_common import serve

serve({
    "floordiv": lambda a, b: a // b,
    "mod": lambda a, b: a % b,
    "divmod": divmod,
    "pow": lambda a, b: a ** b,
    "powmod": pow,
    "truediv": lambda a, b: a / b,
    "float": float,
    "int": int,
    "str": str,
    "bin": bin,
    "oct": oct,
    "hex": hex,
    "parse": int,
    "bit_length": lambda a: a.bit_length(),
    "lshift": lambda a, n: a << n,
    "rshift": lambda a, n: a >> n,
    "isqrt": math.isqrt,
    "gcd": lambda values: math.gcd(*values),
    "round": round,
})
