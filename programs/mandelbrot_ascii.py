# A small ASCII Mandelbrot set, using only float arithmetic.

CHARS = " .:-=+*#%@"


def escape_time(cr, ci, max_iter):
    zr = zi = 0.0
    for i in range(max_iter):
        zr2, zi2 = zr * zr, zi * zi
        if zr2 + zi2 > 4.0:
            return i
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
    return max_iter


def render(width, height, max_iter, x0=-2.2, x1=0.8, y0=-1.2, y1=1.2):
    rows = []
    inside = 0
    for row in range(height):
        ci = y0 + (y1 - y0) * row / (height - 1)
        line = []
        for col in range(width):
            cr = x0 + (x1 - x0) * col / (width - 1)
            n = escape_time(cr, ci, max_iter)
            if n == max_iter:
                inside += 1
                line.append("@")
            else:
                line.append(CHARS[n * (len(CHARS) - 1) // max_iter])
        rows.append("".join(line).rstrip())
    return rows, inside


def main():
    rows, inside = render(60, 21, 30)
    for line in rows:
        print(line)
    print("points inside:", inside, "of", 60 * 21)
    print(f"area estimate: {3.0 * 2.4 * inside / (60 * 21):.4f}")
    print("symmetric:", rows == rows[::-1])
    print("escape times:", [escape_time(c, 0.0, 50) for c in (-2.5, -2.0, -1.0, 0.0, 0.25, 0.3, 0.5)])


main()
