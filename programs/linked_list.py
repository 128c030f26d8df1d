# A singly linked list with the container protocol: len, indexing, iteration, `in`, ==, repr.


class ListNode:
    def __init__(self, value, next=None):
        self.value, self.next = value, next


class LinkedList:
    def __init__(self, values=()):
        self.head, self.tail, self.length = None, None, 0
        for v in values:
            self.append(v)

    def append(self, value):
        node = ListNode(value)
        if self.tail is None:
            self.head = node
        else:
            self.tail.next = node
        self.tail = node
        self.length += 1

    def prepend(self, value):
        self.head = ListNode(value, self.head)
        if self.tail is None:
            self.tail = self.head
        self.length += 1

    def insert(self, index, value):
        if index <= 0:
            return self.prepend(value)
        if index >= self.length:
            return self.append(value)
        prev = self._node_at(index - 1)
        prev.next = ListNode(value, prev.next)
        self.length += 1

    def _node_at(self, index):
        node = self.head
        for _ in range(index):
            node = node.next
        return node

    def remove(self, value):
        prev, node = None, self.head
        while node is not None and node.value != value:
            prev, node = node, node.next
        if node is None:
            raise ValueError(f"{value!r} not in linked list")
        if prev is None:
            self.head = node.next
        else:
            prev.next = node.next
        if node is self.tail:
            self.tail = prev
        self.length -= 1

    def reverse(self):
        prev, node = None, self.head
        self.tail = node
        while node is not None:
            node.next, prev, node = prev, node, node.next
        self.head = prev

    def __iter__(self):
        node = self.head
        while node is not None:
            yield node.value
            node = node.next

    def __len__(self):
        return self.length

    def __getitem__(self, index):
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError("linked list index out of range")
        return self._node_at(index).value

    def __eq__(self, other):
        return isinstance(other, LinkedList) and list(self) == list(other)

    def __repr__(self):
        return "LinkedList([" + ", ".join(repr(v) for v in self) + "])"

    def __str__(self):
        return " -> ".join(str(v) for v in self) + " -> None"


def main():
    ll = LinkedList([3, 1, 4])
    ll.append(1)
    ll.prepend(9)
    ll.insert(2, "two")
    ll.insert(100, "end")
    ll.insert(-5, "start")
    print(ll, "|", repr(ll), len(ll), ll[0], ll[-1], ll[3])
    print("in:", 4 in ll, 7 in ll, "two" in ll)
    for value in ("two", "start", "end"):
        ll.remove(value)
    print(ll, "tail:", ll.tail.value, "two" in ll)
    for bad in (lambda: ll.remove(42), lambda: ll[10], lambda: ll[-9]):
        try:
            bad()
        except (ValueError, IndexError) as e:
            print(type(e).__name__ + ":", e)
    ll.reverse()
    print("reversed:", ll, "head:", ll.head.value, "tail:", ll.tail.value)
    ll.append(0)
    print(list(ll), sorted(ll), sum(ll), max(ll), [x * 2 for x in ll])
    print(LinkedList([1, 2]) == LinkedList([1, 2]), LinkedList([1, 2]) == LinkedList([2, 1]), LinkedList() == [])
    empty = LinkedList()
    print(repr(empty), str(empty), len(empty), bool(empty), list(empty))
    big = LinkedList(range(1000))
    print(big[0], big[999], len(big), sum(big), big == LinkedList(range(1000)))


main()
