"""CPython's repr(float) and float formatting, for test/float_repr.test.ts."""
from num_common import serve

serve({"repr": repr, "format": format})
