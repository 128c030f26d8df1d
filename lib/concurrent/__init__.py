# gilvm: the concurrent package (as CPython's, empty).
