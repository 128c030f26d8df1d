# An uncaught ValueError raised a few calls deep: the program prints some lines,
# then dies with a traceback on stderr and exit status 1.


def parse_temperature(text):
    value = float(text.rstrip("C"))
    if value < -273.15:
        raise ValueError(f"temperature below absolute zero: {text}")
    return value


def average(readings):
    values = [parse_temperature(r) for r in readings]
    return sum(values) / len(values)


def report(name, readings):
    print(f"{name}: average {average(readings):.2f}C")


def main():
    report("monday", ["12.5C", "14.0C", "9.5C"])
    report("tuesday", ["20C", "22C"])
    print("now a bad reading...", flush=True)
    report("wednesday", ["10C", "-300C", "12C"])
    print("this line is never printed")


main()
