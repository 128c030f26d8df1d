"""CPython's format(value, spec) for int, bool, float and str, for test/format_spec.test.ts."""
from num_common import serve

serve({"format": format})
