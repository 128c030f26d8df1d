# A binary search tree: insert, search, in-order traversal with a generator, recursive
# height and shape, deletion of leaves / one-child / two-children nodes.


class Node:
    def __init__(self, key, value):
        self.key, self.value = key, value
        self.left = self.right = None


class BST:
    def __init__(self):
        self.root = None
        self.size = 0

    def __len__(self):
        return self.size

    def __contains__(self, key):
        return self._find(key) is not None

    def insert(self, key, value=None):
        parent, node = None, self.root
        while node is not None and node.key != key:
            parent, node = node, (node.left if key < node.key else node.right)
        if node is not None:
            node.value = value
            return
        self.size += 1
        if parent is None:
            self.root = Node(key, value)
        else:
            setattr(parent, "left" if key < parent.key else "right", Node(key, value))

    def _find(self, key):
        node = self.root
        while node is not None and node.key != key:
            node = node.left if key < node.key else node.right
        return node

    def get(self, key, default=None):
        node = self._find(key)
        return default if node is None else node.value

    def __iter__(self):
        stack, node = [], self.root
        while stack or node is not None:
            while node is not None:
                stack.append(node)
                node = node.left
            node = stack.pop()
            yield node.key
            node = node.right

    def height(self):
        def h(node):
            return 0 if node is None else 1 + max(h(node.left), h(node.right))
        return h(self.root)

    def delete(self, key):
        self.root, removed = self._delete(self.root, key)
        if removed:
            self.size -= 1
        return removed

    def _delete(self, node, key):
        if node is None:
            return None, False
        if key != node.key:
            side = "left" if key < node.key else "right"
            child, removed = self._delete(getattr(node, side), key)
            setattr(node, side, child)
            return node, removed
        if node.left is None:
            return node.right, True
        if node.right is None:
            return node.left, True
        successor = node.right
        while successor.left is not None:
            successor = successor.left
        node.key, node.value = successor.key, successor.value
        node.right, _ = self._delete(node.right, successor.key)
        return node, True

    def shape(self):
        def s(node):
            if node is None:
                return "."
            if node.left is None and node.right is None:
                return str(node.key)
            return f"({s(node.left)} {node.key} {s(node.right)})"
        return s(self.root)


def main():
    tree = BST()
    keys = [50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 30]
    for k in keys:
        tree.insert(k, f"v{k}")
    print("size:", len(tree), "height:", tree.height())
    print("in order:", list(tree), list(tree) == sorted(set(keys)))
    print("shape:", tree.shape())
    print("contains 45/55:", 45 in tree, 55 in tree, "get:", tree.get(65), tree.get(99, "missing"))
    for key in [20, 30, 50, 99, 70]:
        print(f"delete {key}: {tree.delete(key)} -> {tree.shape()} (size {len(tree)})")
    words = BST()
    for w in "the quick brown fox jumps over the lazy dog".split():
        words.insert(w, len(w))
    print("words:", list(words), "smallest:", next(iter(words)), "height:", words.height())
    skewed = BST()
    for k in range(1, 101):
        skewed.insert(k)
    print("skewed height:", skewed.height(), "sum:", sum(skewed))
    empty = BST()
    print("empty:", list(empty), len(empty), empty.height(), bool(empty), empty.delete(1))


main()
