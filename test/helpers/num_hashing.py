"""CPython's hash() of ints, floats, bools and tuples of them, for test/hashing.test.ts."""
from num_common import serve

serve({"hash": hash})
