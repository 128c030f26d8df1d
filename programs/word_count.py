# Count words in an embedded text; report the most common ones, ties broken alphabetically.

TEXT = """
It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of
incredulity, it was the season of Light, it was the season of Darkness, it was
the spring of hope, it was the winter of despair, we had everything before us,
we had nothing before us, we were all going direct to Heaven, we were all going
direct the other way -- in short, the period was so far like the present period,
that some of its noisiest authorities insisted on its being received, for good
or for evil, in the superlative degree of comparison only.
"""

PUNCTUATION = ".,;:!?-\"'"


def words(text):
    result = []
    for raw in text.split():
        word = raw.strip(PUNCTUATION).lower()
        if word:
            result.append(word)
    return result


def count_words(items):
    counts = {}
    for w in items:
        counts[w] = counts.get(w, 0) + 1
    return counts


def main():
    all_words = words(TEXT)
    counts = count_words(all_words)
    print("total words:", len(all_words))
    print("distinct words:", len(counts))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    print("top ten:")
    for word, n in ranked[:10]:
        print(f"  {word:<12}{n:>3}")
    singles = sorted(w for w, n in counts.items() if n == 1)
    print("words used once:", len(singles))
    print("first singles:", ", ".join(singles[:8]))
    longest = max(counts, key=lambda w: (len(w), w))
    print("longest word:", longest, len(longest))
    by_length = {}
    for w in counts:
        by_length.setdefault(len(w), []).append(w)
    for length in sorted(by_length):
        print(length, sorted(by_length[length]))
    letters = {}
    for ch in TEXT.lower():
        if ch.isalpha():
            letters[ch] = letters.get(ch, 0) + 1
    common = sorted(letters.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    print("common letters:", common)


main()
