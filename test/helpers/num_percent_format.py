"""CPython's printf-style str % operand, for test/percent_format.test.ts."""
from num_common import serve

serve({"percent": lambda fmt, operand: fmt % operand})
