# String formatting: f-strings and the format-spec mini-language, str.format,
# format() and %-formatting.


def show(label, text):
    print(f"{label:<22}|{text}|")


def main():
    n, neg, big = 42, -42, 1234567890
    x, tiny, huge = 3.14159265, 0.000123456, 12345678.9
    s = "gilvm"
    apostrophe = "it's"

    # fill and align
    show("width only", f"{n:8}")
    show("left/right/center", f"{s:<8}{s:>8}{s:^9}")
    show("fill", f"{s:*<8}{s:->8}{s:.^11}")
    show("numbers align", f"{n:<6}{n:^6}{n:>6}")
    show("sign-aware =", f"{neg:=8}{neg:0=8}{n:+=8}")
    # sign
    show("sign", f"{n:+} {neg:+} {n:-} {n: } {neg: }")
    show("float sign", f"{x:+.2f} {-x: .2f} {x: .2f}")
    # zero padding
    show("zero pad", f"{n:08} {neg:08} {x:010.3f} {-x:010.3f}")
    # grouping
    show("grouping", f"{big:,} {big:_} {huge:,.2f} {-big:,}")
    show("grouped width", f"{big:>16,} {big:016,}")
    show("binary grouping", f"{255:_b} {0xDEADBEEF:_x}")
    # integer types and the alternate form
    show("bases", f"{n:b} {n:o} {n:x} {n:X} {n:d} {n:n}")
    show("alternate", f"{n:#b} {n:#o} {n:#x} {n:#X}")
    show("alt padded", f"{n:#010b} {n:#06x} {neg:#x}")
    show("char", f"{65:c}{97:c}{48:c} {ord(f'{10004:c}')}")
    # float types
    show("fixed", f"{x:f} {x:.0f} {x:.3f} {x:F} {2.5:.0f} {3.5:.0f}")
    show("exponent", f"{huge:e} {huge:.2e} {tiny:E} {tiny:.1E}")
    show("general", f"{x:g} {huge:g} {tiny:g} {1e20:g} {100000.0:g} {1000000.0:g}")
    show("general precision", f"{x:.3g} {huge:.3G} {tiny:.2g} {0.0001:G} {1e-5:G}")
    show("general alt", f"{2.0:#g} {2.0:g} {0.5:#.3g}")
    show("percent", f"{0.256:%} {0.256:.1%} {1:.0%} {-0.5:+.2%}")
    show("float default", f"{x} {huge} {tiny} {1e16} {1.0} {1e-7}")
    show("float no type", f"{x:.3} {huge:.4} {1.0:.2}")
    show("int as float", f"{n:.2f} {n:e} {n:%}")
    show("special floats", f"{float('inf'):8.2f} {float('-inf'):e} {float('nan'):>5}")
    # strings
    show("str precision", f"{'truncate me':.8} {s:>10.3} {s:_^10.2}")
    # conversions and nested specs
    show("conversions", f"{s!r} {s!s} {apostrophe!r} {[1, 'a']!r}")
    for w in (4, 7, 10):
        show(f"nested width {w}", f"{s:>{w}} {x:{w}.{w - 4}f}")
    fill, align, width = "~", "^", 12
    show("nested everything", f"{s:{fill}{align}{width}}")
    show("expressions", f"{n * 2 + 1} {s.upper()} {len(s)} {'yes' if n > 40 else 'no'}")
    show("braces", f"{{literal}} {{{n}}}")
    # format() builtin
    show("format()", format(n, "08b") + " " + format(x, ".2e") + " " + format(s, "^9") + " " + format(1234.5, ","))
    show("format() default", format(n) + " " + format(x) + " " + format(True) + " " + format(-0.0))
    # str.format
    show("str.format auto", "{} + {} = {}".format(1, 2, 1 + 2))
    show("str.format index", "{1} {0} {1}".format("a", "b"))
    show("str.format names", "{name} is {age:>3} years".format(name="Ada", age=36))
    show("str.format specs", "{:>6.2f}|{:<6}|{:^6}|{:06d}".format(x, "ab", "cd", -17))
    show("str.format nested", "{:{}{}}".format(s, ">", 9))
    show("str.format repr", "{!r} {!s}".format("q", "q"))
    # %-formatting
    show("percent s d", "%s has %d items" % ("cart", 3))
    show("percent r i", "%r %i %s" % ("x", 7, None))
    show("percent f", "%f %.2f %8.3f %.0f" % (x, x, x, 2.5))
    show("percent x", "%x %x %5x" % (255, -255, 4096))
    show("percent width", "[%5s] [%5d] [%.3s] [%7.2f]" % ("ab", 42, "abcdef", -x))
    show("percent literal", "100%% sure, %d%%" % 50)
    show("percent single", "value: %s" % 12)
    show("percent tuple repr", "%s" % ((1, 2),))


main()
