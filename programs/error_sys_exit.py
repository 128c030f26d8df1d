# sys.exit with a message: the message goes to stderr and the exit status is 1.
# finally blocks still run on the way out, and SystemExit can be caught like any exception.
import sys


def check(config):
    if "name" not in config:
        sys.exit("bad thing")
    return config["name"]


def main():
    print("checking the first config")
    print("name:", check({"name": "gilvm"}))
    try:
        sys.exit(3)
    except SystemExit as e:
        print("caught", repr(e))
    try:
        raise SystemExit("caught too")
    except SystemExit as e:
        print("caught:", e)
    print("checking the second config")
    try:
        check({})
    finally:
        print("cleanup runs before exiting")
    print("never printed")


main()
