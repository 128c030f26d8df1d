# Command-line arguments and the ways of writing output: print with sep/end/flush,
# sys.stdout.write, and the `if __name__ == "__main__":` guard.
# The test harness runs this program with the arguments on the next line.
# test-args: alpha 42 --verbose "two words"
import sys


def parse_args(argv):
    options = {"verbose": False, "numbers": [], "words": []}
    for arg in argv:
        if arg.startswith("--"):
            options[arg[2:]] = True
        elif arg.lstrip("-").isdigit():
            options["numbers"].append(int(arg))
        else:
            options["words"].append(arg)
    return options


def table(rows):
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        sys.stdout.write(" | ".join(str(cell).ljust(w) for cell, w in zip(row, widths)) + "\n")


def main():
    args = sys.argv[1:]
    print("argument count:", len(args))
    print("script name ends with .py:", sys.argv[0].endswith(".py"))
    for i, arg in enumerate(args, 1):
        print(f"  argv[{i}] = {arg!r}")
    options = parse_args(args)
    print("options:", options)
    print("a", "b", "c")
    print("a", "b", "c", sep="")
    print("a", "b", "c", sep=", ", end=".\n")
    print("no newline here", end="")
    print(" <- joined")
    print("multi", "char", "sep", sep=" :: ")
    print(end="")
    print("empty end", end="")
    print()
    print("flushed", flush=True)
    print("sep None", "end None", sep=None, end=None)
    for i in range(3):
        print(i, end=" " if i < 2 else "\n")
    sys.stdout.write("written directly\n")
    sys.stdout.write("partial ")
    sys.stdout.write("line\n")
    sys.stdout.flush()
    table([("name", "value"), ("alpha", 1), ("beta", 22), ("gamma", 333)])
    print(*range(5))
    print(*[], sep="x")
    print("tabs\tand\\backslashes", 'quotes "inside"', "unicode: \u00e9\u00e8")
    print(None, True, 1.5, [1, (2, 3)], {"k": "v"}, sep=" ; ")


if __name__ == "__main__":
    main()
else:
    print("imported, not run")
