# Slicing: steps, negative indices, out-of-range bounds, slice assignment and del.


def main():
    nums = list(range(10))
    print(nums[2:5], nums[:3], nums[7:], nums[-3:], nums[:-7], nums[-5:-2])
    print(nums[::2], nums[1::2], nums[::-1], nums[::-3], nums[8:2:-2], nums[-1:-4:-1])
    print(nums[5:2], nums[100:], nums[-100:3], nums[3:100], nums[::100], nums[2:8:-1])
    print(nums[:], nums[:] is nums, nums[:] == nums)

    word = "abcdefghij"
    print(word[1:4], word[::-1], word[::2], word[-2:], word[:-2], word[3:3] == "", word[5:1:-1])
    point = (1, 2, 3, 4, 5)
    print(point[1:3], point[::-1], point[-2:], type(point[1:2]).__name__)
    r = range(0, 20, 3)
    print(list(r), r[-1], len(r), r[1], 9 in r, 10 in r)

    # slice assignment can grow or shrink the list
    a = list(range(8))
    a[2:4] = ["x", "y", "z"]
    print(a)
    a[1:6] = []
    print(a)
    a[:0] = [-2, -1]
    print(a)
    a[len(a):] = [100, 101]
    print(a)
    a[:] = "hello"
    print(a)
    b = list(range(10))
    b[::2] = ["e"] * 5
    print(b)
    b[::-3] = [0, 0, 0, 0]
    print(b)
    try:
        b[::2] = [1, 2]
    except ValueError as e:
        print("ValueError:", e)

    # del with indices and slices
    c = list(range(12))
    del c[0]
    del c[-1]
    print(c)
    del c[2:4]
    print(c)
    del c[::3]
    print(c)
    del c[:]
    print(c, len(c))

    # negative indexing and errors
    d = ["first", "second", "third"]
    print(d[-1], d[-3], d[len(d) - 1])
    for bad in (3, -4):
        try:
            d[bad]
        except IndexError as e:
            print("IndexError:", e)
    try:
        d[5] = "x"
    except IndexError as e:
        print("IndexError:", e)
    d[-1] = "last"
    print(d)

    # rotating and chunking with slices
    data = [1, 2, 3, 4, 5, 6, 7]
    k = 3
    print("rotate left:", data[k:] + data[:k], "rotate right:", data[-k:] + data[:-k])
    print("chunks:", [data[i:i + 3] for i in range(0, len(data), 3)])
    print("pairs:", list(zip(data[::2], data[1::2])))
    print("palindromes:", [w for w in ["level", "gilvm", "noon", "abca"] if w == w[::-1]])
    text = "The quick brown fox"
    print(" ".join(w[::-1] for w in text.split()), text[4:9].upper() + text[9:])


main()
