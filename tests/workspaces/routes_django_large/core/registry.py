import collections


class Registry(dict):
    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            raise KeyError(f"Invalid store: {key}")


registry = Registry(
    {
        "views": collections.defaultdict(dict),
        "search": dict(),
    }
)
