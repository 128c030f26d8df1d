# Matrices as lists of lists: multiplication, transpose, identity, powers and a
# determinant by Gaussian elimination with exact integer (fraction-free) arithmetic.


def zeros(rows, cols):
    return [[0] * cols for _ in range(rows)]


def identity(n):
    m = zeros(n, n)
    for i in range(n):
        m[i][i] = 1
    return m


def matmul(a, b):
    if len(a[0]) != len(b):
        raise ValueError(f"shape mismatch: {len(a)}x{len(a[0])} times {len(b)}x{len(b[0])}")
    result = zeros(len(a), len(b[0]))
    for i, row in enumerate(a):
        for j in range(len(b[0])):
            acc = 0
            for k, value in enumerate(row):
                acc += value * b[k][j]
            result[i][j] = acc
    return result


def transpose(m):
    return [list(col) for col in zip(*m)]


def matpow(m, e):
    result = identity(len(m))
    while e > 0:
        if e & 1:
            result = matmul(result, m)
        m = matmul(m, m)
        e >>= 1
    return result


def determinant(m):
    """Bareiss algorithm: stays in integers for integer matrices."""
    a = [row[:] for row in m]
    n = len(a)
    sign, prev = 1, 1
    for k in range(n - 1):
        if a[k][k] == 0:
            for r in range(k + 1, n):
                if a[r][k] != 0:
                    a[k], a[r] = a[r], a[k]
                    sign = -sign
                    break
            else:
                return 0
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                a[i][j] = (a[i][j] * a[k][k] - a[i][k] * a[k][j]) // prev
        prev = a[k][k]
    return sign * a[n - 1][n - 1]


def show(name, m):
    width = max(len(str(v)) for row in m for v in row)
    print(f"{name}:")
    for row in m:
        print("  [" + " ".join(f"{v:>{width}}" for v in row) + "]")


def main():
    a = [[1, 2, 3], [4, 5, 6]]
    b = [[7, 8], [9, 10], [11, 12]]
    show("a", a)
    show("b", b)
    show("a x b", matmul(a, b))
    show("b x a", matmul(b, a))
    show("transpose(a)", transpose(a))
    print("(ab)^T == b^T a^T:", transpose(matmul(a, b)) == matmul(transpose(b), transpose(a)))
    fib = [[1, 1], [1, 0]]
    print("fib via matrix power:", matpow(fib, 90)[0][1])
    print("big power entry:", matpow([[2, 1], [1, 1]], 60)[0][0])
    m = [[2, -3, 1, 5], [4, 1, -2, 0], [0, 3, 7, -1], [1, 1, 1, 1]]
    print("det(m) =", determinant(m))
    print("det(identity) =", determinant(identity(5)), "det(singular) =", determinant([[1, 2], [2, 4]]))
    print("det(swap needed) =", determinant([[0, 1], [1, 0]]))
    hilbert_scaled = [[27720 // (i + j + 1) for j in range(4)] for i in range(4)]
    print("det(scaled hilbert) =", determinant(hilbert_scaled))
    f = [[0.5, 1.5], [2.0, -1.0]]
    show("float product", matmul(f, f))
    try:
        matmul(a, a)
    except ValueError as e:
        print("ValueError:", e)
    n = 12
    big = [[(i * n + j) % 7 - 3 for j in range(n)] for i in range(n)]
    sq = matmul(big, big)
    print("trace of big^2:", sum(sq[i][i] for i in range(n)), "sum:", sum(map(sum, sq)))


main()
