# A tour of the str methods, including their optional arguments.


def main():
    s = "  Hello, gilvm World!  "
    t = s.strip()
    print(repr(t), repr(s.lstrip()), repr(s.rstrip()))
    print(repr("xxhixyx".strip("xy")), repr("--==title==--".lstrip("-=")), repr("path///".rstrip("/")))
    print(t.upper(), t.lower(), "the quick brown fox".title(), "hELLO wORLD".capitalize())
    print("it's a dog's life".title(), "123abc".capitalize(), "".capitalize() == "")

    csv = "alpha,beta,,gamma,delta"
    print(csv.split(","), csv.split(",", 2), csv.rsplit(",", 2), csv.rsplit(","))
    print("  many   spaces here ".split(), "a b c d".split(None, 2), "a b c d".rsplit(None, 1))
    print("one".split(","), "".split(), "".split(","), "a--b--c".split("--"))
    print("-".join(["2024", "01", "05"]), "".join(reversed("stressed")), ", ".join("abc"))

    print(t.startswith("Hello"), t.startswith("gilvm", 7), t.startswith(("Hi", "He")))
    print(t.endswith("!"), t.endswith("World", 0, -1), t.endswith(("?", "!")))
    print("banana".replace("a", "o"), "banana".replace("a", "o", 2), "aaa".replace("a", "aa"))
    print("banana".replace("", "-"), "banana".replace("nan", ""))

    text = "the cat sat on the mat with the hat"
    print(text.find("the"), text.find("the", 1), text.find("the", 5, 20), text.find("dog"))
    print(text.rfind("the"), text.rfind("the", 0, 20), text.rfind("xyz"))
    print(text.index("cat"), text.index("at", 10), text.count("the"), text.count("at", 10), text.count("at", 10, 20))
    print("aaaa".count("aa"), "abc".count(""), "".find(""), "abc".find("", 5))
    try:
        text.index("dog")
    except ValueError as e:
        print("ValueError:", e)

    for sample in ["12345", "12a45", "", "abcXYZ", "abc1", "   ", " \t\n", "a b"]:
        print(repr(sample), sample.isdigit(), sample.isalpha(), sample.isspace())

    print("42".zfill(6), "-42".zfill(6), "+7".zfill(4), "abc".zfill(2), "".zfill(3))
    print("[" + "left".ljust(10) + "]", "[" + "right".rjust(10) + "]", "[" + "mid".center(9) + "]")
    print("[" + "left".ljust(10, ".") + "]", "[" + "right".rjust(10, "*") + "]", "[" + "mid".center(10, "=") + "]")
    print("[" + "toolong".ljust(3) + "]", "[" + "ab".center(5) + "]", "[" + "abc".center(6, "-") + "]")
    print("{} and {}".format("fish", "chips"), "{0}{0}{1}".format("ab", "c"))

    # strings as sequences
    word = "programming"
    print(len(word), word[0], word[-1], word[3:7], word[::-1], word[::3], word[-4:])
    print("gram" in word, "xyz" not in word, [ch for ch in "abc"], "ab" * 3, "ab" + "cd")
    print(ord("A"), chr(97), ord("\n"), [ord(c) for c in "Zz0"], chr(0x41) + chr(0x42))
    print(sorted(set(word)), max(word), min(word), word < "program", "apple" < "banana" < "cherry")
    print("café", len("café"), "\u00e9" == "é", repr("tab\there"), repr('quote"s'), repr("new\nline"))
    print(str(123) + str(4.5) + str(True) + str(None), repr("single'quote"), repr("both'\""))


main()
