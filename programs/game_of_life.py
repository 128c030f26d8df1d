# Conway's Game of Life on a small wrapping grid.


def parse(picture):
    cells = set()
    for r, line in enumerate(picture.strip("\n").split("\n")):
        for c, ch in enumerate(line):
            if ch == "#":
                cells.add((r, c))
    return cells


def step(cells, rows, cols):
    counts = {}
    for r, c in cells:
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                if dr or dc:
                    key = ((r + dr) % rows, (c + dc) % cols)
                    counts[key] = counts.get(key, 0) + 1
    return {cell for cell, n in counts.items() if n == 3 or (n == 2 and cell in cells)}


def show(cells, rows, cols):
    for r in range(rows):
        print("".join("#" if (r, c) in cells else "." for c in range(cols)))


GLIDER_AND_BLINKER = """
.#........
..#.......
###.......
..........
..........
......###.
..........
..........
"""


def main():
    rows, cols = 8, 10
    cells = parse(GLIDER_AND_BLINKER)
    history = []
    for gen in range(5):
        print(f"generation {gen}: {len(cells)} alive")
        show(cells, rows, cols)
        history.append(sorted(cells))
        cells = step(cells, rows, cols)
    populations = []
    for _ in range(27):
        cells = step(cells, rows, cols)
        populations.append(len(cells))
    print("populations 6..32:", populations)
    extinct = populations.index(0) + 6 if 0 in populations else None
    print("extinct at generation:", extinct)
    r_pentomino = {(3, 4), (3, 5), (4, 3), (4, 4), (5, 4)}
    grid = r_pentomino
    for _ in range(12):
        grid = step(grid, 10, 10)
    print("r-pentomino on a 10x10 torus after 12 generations:", len(grid), "alive")
    show(grid, 10, 10)
    # a blinker has period 2, a block is still life
    blinker = {(1, 0), (1, 1), (1, 2)}
    print("blinker period 2:", step(step(blinker, 5, 5), 5, 5) == blinker, step(blinker, 5, 5) != blinker)
    block = {(1, 1), (1, 2), (2, 1), (2, 2)}
    print("block is still:", step(block, 6, 6) == block)
    print("first cells of gen 0:", history[0][:3])


main()
