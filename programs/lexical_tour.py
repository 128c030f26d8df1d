# Lexical features: this file is indented with tabs. Numeric literals with
# underscores, hex/octal/binary, float exponents, string escapes and quoting styles,
# triple-quoted strings, line continuations, semicolons and one-line compound bodies.

MILLION = 1_000_000
MASK = 0xFF_FF
PERMS = 0o755
FLAGS = 0b1010_0101
AVOGADRO = 6.022_140_76e23
PLANCK = 6.626e-34
SMALL = .5e-3
WHOLE = 5.
EXPONENT = 1E3


def literals():
	print(MILLION, MASK, PERMS, FLAGS, 0XAB, 0O17, 0B11)
	print(AVOGADRO, PLANCK, SMALL, WHOLE, EXPONENT, 1_0.0_1, 0.0, 00, 0_0)
	print(1e0, 1.5E+2, 2e-0, 12345678901234567890123, -0x10)


def strings():
	single = 'single \'quoted\''
	double = "double \"quoted\""
	mixed = "it's" + 'say "hi"'
	escapes = "tab:\t| newline:\n| backslash:\\| hex:\x41| unicode:\u0042| octal:\101| bell-free"
	print(single, double, mixed)
	print(escapes)
	print(repr(escapes))
	raw_looking = "C:\\path\\to\\file"
	print(raw_looking, len(raw_looking))
	block = """first line
	second line (with a tab)
'''triple single''' inside
last line"""
	print(block)
	print(len(block.split("\n")), block.count("\t"))
	other = '''one
two'''
	print(repr(other))
	adjacent = "con" "cat" 'enation'
	print(adjacent, "" == '', "a" < "b")
	print(f"{MILLION:,} {'nested'} {MASK:#x}", f'{"quotes"!r}')


def continuations():
	total = 1 + \
		2 + \
		3
	items = [
		"spanning",   # comments inside brackets
		"several",
		"lines",
	]
	call = max(
		4,
		9,
		2,
	)
	mapping = {"a": 1,
		"b": 2}
	condition = (total > 5
		and call == 9)
	print(total, items, call, mapping, condition)
	a = 1; b = 2; c = a + b
	print(a, b, c); print("two statements on one line")
	if c == 3: print("one-line if")
	else: print("never")
	for i in range(2): print("loop body", i)
	while a < 3: a += 1
	print("a is", a)


def main():
	literals()
	strings()
	continuations()


main()
