# A text adventure as a state machine, driven by a scripted list of commands.

ROOMS = {
    "hall": {"desc": "a dusty hall", "exits": {"north": "library", "east": "kitchen"}, "items": ["lamp"]},
    "library": {"desc": "a silent library", "exits": {"south": "hall", "up": "tower"}, "items": ["book"]},
    "kitchen": {"desc": "a cold kitchen", "exits": {"west": "hall", "down": "cellar"}, "items": ["key", "bread"]},
    "cellar": {"desc": "a dark cellar", "exits": {"up": "kitchen"}, "items": ["chest"]},
    "tower": {"desc": "a windy tower", "exits": {"down": "library"}, "items": []},
}


class Game:
    def __init__(self, rooms):
        self.rooms = {name: {"desc": r["desc"], "exits": dict(r["exits"]), "items": list(r["items"])}
                      for name, r in rooms.items()}
        self.location = "hall"
        self.inventory = []
        self.state = "exploring"
        self.moves = 0
        self.handlers = {"go": self.go, "take": self.take, "drop": self.drop,
                         "look": self.look, "open": self.open, "inventory": self.show_inventory}

    def say(self, text):
        print(f"[{self.moves:02d}] {text}")

    def room(self):
        return self.rooms[self.location]

    def look(self, _=None):
        room = self.room()
        items = ", ".join(room["items"]) or "nothing"
        exits = ", ".join(sorted(room["exits"]))
        self.say(f"You are in {room['desc']}. You see {items}. Exits: {exits}.")

    def go(self, direction):
        exits = self.room()["exits"]
        if direction not in exits:
            self.say(f"You cannot go {direction}.")
            return
        target = exits[direction]
        if target == "cellar" and "lamp" not in self.inventory:
            self.say("It is too dark to go down without a lamp.")
            return
        self.location = target
        self.look()

    def take(self, item):
        items = self.room()["items"]
        if item not in items:
            self.say(f"There is no {item} here.")
        elif item == "chest":
            self.say("The chest is far too heavy.")
        else:
            items.remove(item)
            self.inventory.append(item)
            self.say(f"Taken: {item}.")

    def drop(self, item):
        if item in self.inventory:
            self.inventory.remove(item)
            self.room()["items"].append(item)
            self.say(f"Dropped: {item}.")
        else:
            self.say(f"You do not have {item}.")

    def open(self, thing):
        if thing != "chest" or "chest" not in self.room()["items"]:
            self.say("Nothing to open.")
        elif "key" not in self.inventory:
            self.say("The chest is locked.")
        else:
            self.say("The chest creaks open: treasure!")
            self.state = "won"

    def show_inventory(self, _=None):
        self.say("You carry: " + (", ".join(sorted(self.inventory)) or "nothing"))

    def command(self, line):
        self.moves += 1
        words = line.lower().split()
        if not words:
            self.say("Say something.")
            return
        verb, *rest = words
        handler = self.handlers.get(verb)
        if handler is None:
            self.say(f"I don't know how to {verb!r}.")
            return
        handler(" ".join(rest) if rest else None)


SCRIPT = ["look", "go down", "go east", "go down", "go west", "take lamp", "go north", "take book",
          "go up", "dance", "drop book", "inventory", "go down", "go south", "go east", "take key",
          "take bread", "", "go down", "take chest", "open chest", "go up"]


def main():
    game = Game(ROOMS)
    for line in SCRIPT:
        if game.state != "exploring":
            break
        game.command(line)
    print("final state:", game.state, "in", game.location, "after", game.moves, "moves")
    print("inventory:", sorted(game.inventory))
    print("tower items:", game.rooms["tower"]["items"], "original untouched:", ROOMS["tower"]["items"])


main()
