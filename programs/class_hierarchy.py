# A small shape hierarchy: inheritance, super().__init__, dunder methods, properties,
# static methods, class attributes and sorting instances.
import math


class Shape:
    count = 0          # class attribute shared by every shape
    kind = "shape"

    def __init__(self, name):
        self.name = name
        Shape.count += 1

    def area(self):
        raise NotImplementedError("subclasses must implement area()")

    def describe(self):
        return f"{self.kind} {self.name} with area {self.area():.2f}"

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"

    def __str__(self):
        return self.describe()

    def __eq__(self, other):
        if not isinstance(other, Shape):
            return NotImplemented
        return self.area() == other.area()

    def __lt__(self, other):
        return self.area() < other.area()

    @staticmethod
    def unit_name():
        return "cm^2"


class Rectangle(Shape):
    kind = "rectangle"

    def __init__(self, name, width, height):
        super().__init__(name)
        self.width = width
        self.height = height

    def area(self):
        return self.width * self.height

    @property
    def perimeter(self):
        return 2 * (self.width + self.height)

    def __repr__(self):
        return f"Rectangle({self.name!r}, {self.width}, {self.height})"


class Square(Rectangle):
    kind = "square"

    def __init__(self, name, side):
        super().__init__(name, side, side)

    def __repr__(self):
        return f"Square({self.name!r}, {self.width})"


class Circle(Shape):
    kind = "circle"

    def __init__(self, name, radius):
        super().__init__(name)
        self.radius = radius

    def area(self):
        return math.pi * self.radius * self.radius

    @property
    def diameter(self):
        return 2 * self.radius


def main():
    shapes = [Rectangle("door", 2, 7), Square("tile", 3), Circle("coin", 1.5),
              Square("board", 4), Rectangle("poster", 3, 3), Circle("dot", 0.5)]
    print("created:", Shape.count, "shapes")
    for s in shapes:
        print(" ", s)
    print(repr(shapes))
    print("sorted by area:", sorted(shapes))
    print("largest:", repr(max(shapes)), "smallest:", repr(min(shapes)))
    print("by name:", [s.name for s in sorted(shapes, key=lambda s: s.name)])
    print("tile == poster:", shapes[1] == shapes[4], "tile != door:", shapes[1] != shapes[0])
    print("tile == 9:", shapes[1] == 9)
    print("door > tile:", shapes[0] > shapes[1])
    for s in shapes:
        tags = []
        if isinstance(s, Rectangle):
            tags.append("rectangle-like")
        if isinstance(s, Square):
            tags.append("square")
        if isinstance(s, Circle):
            tags.append(f"diameter {s.diameter}")
        print(f"  {s.name:<7}{', '.join(tags)}")
    print("perimeters:", [s.perimeter for s in shapes if isinstance(s, Rectangle)])
    print("unit:", Shape.unit_name(), shapes[0].unit_name())
    print("kinds:", Shape.kind, Rectangle.kind, Square.kind, shapes[2].kind)
    print(type(shapes[1]), type(shapes[1]).__name__)
    print(isinstance(shapes[1], Shape), isinstance(shapes[1], Circle), isinstance(3, Shape))
    try:
        Shape("abstract").area()
    except NotImplementedError as e:
        print("NotImplementedError:", e)
    print("count now:", Shape.count)


main()
