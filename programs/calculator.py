# A tiny calculator: a tokenizer and a recursive-descent parser/evaluator.
#   expr := term (('+'|'-') term)*     term := factor (('*'|'/'|'//'|'%') factor)*
#   factor := ('-'|'+') factor | atom ('^' factor)?
#   atom := NUMBER | NAME | NAME '(' expr ')' | '(' expr ')'
import math


class CalcError(Exception):
    pass


FUNCTIONS = {"sqrt": math.sqrt, "abs": abs, "floor": math.floor, "ceil": math.ceil}
LEVELS = [("+", "-"), ("*", "/", "//", "%")]
BINARY = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
          "/": lambda a, b: a / b, "//": lambda a, b: a // b, "%": lambda a, b: a % b}


def tokenize(text):
    tokens = []
    i = 0
    while i < len(text):
        ch, start = text[i], i
        if ch.isspace():
            i += 1
        elif ch.isalpha() or ch.isdigit() or ch == ".":
            kind = "name" if ch.isalpha() else "num"
            while i < len(text) and (text[i].isalpha() if kind == "name" else text[i] in "0123456789."):
                i += 1
            word = text[start:i]
            tokens.append((kind, word if kind == "name" else float(word) if "." in word else int(word)))
        elif ch in "+-*/%^()":
            op = "//" if text.startswith("//", i) else ch
            tokens.append(("op", op))
            i += len(op)
        else:
            raise CalcError(f"unexpected character {ch!r} at {i}")
    tokens.append(("end", None))
    return tokens


class Parser:
    def __init__(self, text, names):
        self.tokens, self.pos = tokenize(text), 0
        self.names = names

    def peek(self):
        return self.tokens[self.pos]

    def advance(self):
        self.pos += 1
        return self.tokens[self.pos - 1]

    def parse(self):
        value = self.expression()
        if self.peek()[0] != "end":
            raise CalcError(f"unexpected {self.peek()[1]!r}")
        return value

    def expression(self, level=0):
        ops = LEVELS[level]
        operand = self.factor if level == len(LEVELS) - 1 else (lambda: self.expression(level + 1))
        value = operand()
        while self.peek()[0] == "op" and self.peek()[1] in ops:
            op = self.advance()[1]
            rhs = operand()
            if op in ("/", "//", "%") and rhs == 0:
                raise CalcError("division by zero")
            value = BINARY[op](value, rhs)
        return value

    def factor(self):
        if self.peek() in (("op", "-"), ("op", "+")):
            return -self.factor() if self.advance()[1] == "-" else self.factor()
        base = self.atom()
        if self.peek() == ("op", "^"):
            self.advance()
            return base ** self.factor()
        return base

    def atom(self):
        kind, value = self.advance()
        if kind == "num":
            return value
        if kind == "name" and self.peek() == ("op", "("):
            if value not in FUNCTIONS:
                raise CalcError(f"unknown function {value}")
            self.advance()
            return FUNCTIONS[value](self.parenthesized())
        if kind == "name":
            if value not in self.names:
                raise CalcError(f"unknown name {value}")
            return self.names[value]
        if value == "(":
            return self.parenthesized()
        raise CalcError(f"unexpected {value!r}")

    def parenthesized(self):
        inner = self.expression()
        closing = self.advance()[1]
        if closing != ")":
            raise CalcError(f"expected ')', got {closing!r}")
        return inner


def main():
    names = {"pi": math.pi, "e": math.e, "x": 6, "y": 2.5}
    cases = ["1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-2 ^ 2", "2 ^ -1", "17 // 5 + 17 % 5", "7 / 2",
             "x * y", "sqrt(16) + abs(-3)", "floor(7.9) - ceil(1.1)", "2 * pi", "((((1))))", "10 - 4 - 3",
             "1 / (x - 6)", "3 +", "2 $ 3", "foo(1)", "z + 1", "(1 + 2", "10 ** 2", "100000000000 * 100000000000",
             "1.5 * 4", "--5", "8 % 3 * 2 // 3"]
    for text in cases:
        try:
            print(f"{text:<30} = {Parser(text, names).parse()!r}")
        except CalcError as e:
            print(f"{text:<30} ! {e}")
    print(tokenize("12*(x+3.5)//y"))


main()
